#pragma once

// Standalone Asio in one place: the headers awsml's HTTP transport needs (not <asio.hpp>, which
// costs seconds per translation unit), and the version facts it relies on.
//
// - Asio 1.22 (Debian bookworm) is the oldest supported: it has per-operation cancellation
//   (cancellation slots), any_io_executor, strands over any executor and
//   ssl::host_name_verification; it lacks any_completion_handler (1.25), so a handler is never
//   put behind a virtual function: its executor and cancellation slot are taken out first.
// - Build with -DASIO_NO_DEPRECATED; with clang 14 and libstdc++ also define ASIO_HAS_CO_AWAIT=1
//   and ASIO_HAS_STD_COROUTINE=1 (Asio only detects coroutines for libc++), or use_awaitable
//   does not exist. meson.build's awsml_dep sets these.
// - TLS is asio::ssl over OpenSSL 3: link -lssl -lcrypto -pthread.

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/buffer.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/connect.hpp>
#include <asio/dispatch.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/network_v4.hpp>
#include <asio/ip/network_v6.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/error.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/version.hpp>
#include <asio/write.hpp>

static_assert(ASIO_VERSION >= 102200, "awsml needs standalone Asio 1.22 or newer");
