#pragma once

// The awsml-local program as a function, so that programs/awsml-local/main.cpp stays one line and
// tests can run the command line in-process:
//
//     int main(int argc, char** argv) {
//         return awsml::local::emulator_main(argc, argv, "models.json", std::cout, std::cerr);
//     }
//
// Exit status: 0 after --help or a SIGINT/SIGTERM, 1 when the models file, the certificate or
// the port cannot be used, 2 for a bad command line.

#include <awsml-local/model_store.hpp>
#include <awsml-local/options.hpp>
#include <awsml-local/server.hpp>
#include <awsml-local/service.hpp>
#include <awsml-local/state_file.hpp>

#include <asio/signal_set.hpp>

#include <chrono>
#include <csignal>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

/// The models file of `options`, with its lifecycles starting at `start`.
inline spec_result<model_store> load_store(const emulator_options& options, timestamp start);

inline service_settings make_service_settings(const emulator_options& options);

/// Loads the entities of a state file into the service, then stores every change there before
/// it is answered. Returns the state file (kept open while serving) or why it cannot be used.
inline spec_result<state_file> attach_state(emulator& service, const std::string& path);

/// The server's configuration; `log` receives the request lines unless options.quiet.
inline server_config make_server_config(const emulator_options& options, std::ostream* log);

/// Loads, listens, prints "listening on ADDRESS:PORT" to `out` and serves until SIGINT or
/// SIGTERM. Returns the exit status; problems are reported on `err`.
inline int run_emulator(const emulator_options& options, std::ostream& out, std::ostream& err);

/// Parses the command line and runs (or prints the help); returns the exit status.
inline int emulator_main(int argc, const char* const* argv, std::string_view default_models_file,
                         std::ostream& out, std::ostream& err);

// =============================================================================================
// Implementation

inline spec_result<model_store> load_store(const emulator_options& options, timestamp start) {
    auto store = model_store::from_file(options.models_file);
    if (!store)
        return store.error();
    for (const auto& plan : options.lifecycles) {
        auto added = store->add_lifecycle(plan, start);
        if (!added)
            return spec_error{added.error().message + " in " + options.models_file};
    }
    return store;
}

inline service_settings make_service_settings(const emulator_options& options) {
    service_settings settings;
    settings.access_keys = {{options.access_key_id, options.secret_access_key}};
    settings.region = options.region;
    settings.faults = options.faults;
    settings.operations.s3 = s3_files(options.s3_root, options.hold_patience);
    settings.operations.processing_time = options.processing_time;
    settings.web_console = options.web_console;
    return settings;
}

inline spec_result<state_file> attach_state(emulator& service, const std::string& path) {
    auto state = state_file::open(path);
    if (!state)
        return state.error();
    auto& store = service.operations().store();
    for (const auto& entity : state->load())
        if (auto restored = store.restore(entity.kind, entity.id, entity.json); !restored)
            return spec_error{path + ": " + restored.error().message};
    return state;
}

inline server_config make_server_config(const emulator_options& options, std::ostream* log) {
    server_config config;
    config.port = options.port;
    if (!options.tls_cert_file.empty())
        config.tls = tls_files{options.tls_cert_file, options.tls_key_file};
    config.limits = options.limits;
    config.idle_timeout = options.idle_timeout;
    config.request_timeout = options.request_timeout;
    config.max_connections = options.max_connections;
    config.log = options.quiet ? nullptr : log;
    return config;
}

inline int run_emulator(const emulator_options& options, std::ostream& out, std::ostream& err) {
    const auto start =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto store = load_store(options, start);
    if (!store) {
        err << "awsml-local: " << store.error().message << std::endl;
        return 1;
    }
    emulator service(*store, make_service_settings(options));
    std::optional<state_file> state;
    if (!options.state_file.empty()) {
        auto attached = attach_state(service, options.state_file);
        if (!attached) {
            err << "awsml-local: " << attached.error().message << std::endl;
            return 1;
        }
        state.emplace(std::move(*attached));
        service.operations().store().set_persistence(
            [&state](std::string_view kind, std::string_view id, const std::string& json) {
                state->put({std::string(kind), std::string(id), json});
            });
    }
    asio::io_context io;
    try {
        server listener(io, service, make_server_config(options, &err));
        service.operations().set_endpoint_url(listener.endpoint_url());
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const std::error_code& ec, int) {
            if (!ec)
                listener.stop();
        });
        out << "listening on " << listener.address() << ":" << listener.port() << std::endl;
        err << "awsml-local: serving " << service.operations().store().size() << " entities at "
            << listener.endpoint_url() << " (access key " << options.access_key_id << ")"
            << std::endl;
        io.run();
        err << "awsml-local: stopped after " << service.requests_handled() << " requests"
            << std::endl;
        return 0;
    } catch (const std::exception& e) {
        err << "awsml-local: " << e.what() << std::endl;
        return 1;
    }
}

inline int emulator_main(int argc, const char* const* argv, std::string_view default_models_file,
                         std::ostream& out, std::ostream& err) {
    std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + (argc > 0 ? argc : 0));
    auto options = parse_command_line(args, default_models_file);
    if (!options) {
        err << "awsml-local: " << options.error().message << "\n"
            << "Try 'awsml-local --help' for more information." << std::endl;
        return 2;
    }
    if (options->help) {
        out << usage_text(default_models_file);
        out.flush();
        return 0;
    }
    return run_emulator(*options, out, err);
}

} // namespace awsml::local
