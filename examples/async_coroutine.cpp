// GetMLModel with C++20 coroutines: every model described concurrently on one thread.
//
//     async-coroutine [--endpoint-url URL] [MODEL_ID ...]
//
// With no endpoint it starts awsml-local in this process (the bundled sample models and the
// documentation's example keys), so it runs anywhere; with one, credentials and region come from
// the usual AWS sources. Exit status: 0 when every call got an answer (a model, or "no such
// model"), 1 when one failed otherwise.
#include <awsml/awsml.hpp>

#include "example_target.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

asio::awaitable<void> describe(awsml::basic_client<awsml::asio_http_transport>& client,
                               std::string id, int& failures) {
    const awsml::get_ml_model_input input{.ml_model_id = id, .verbose = false};
    try {
        const auto model = co_await client.async_get_ml_model(input, asio::use_awaitable);
        std::cout << id << ": " << model.name.value_or("(no name)") << ", "
                  << (model.status ? model.status->wire() : std::string_view("-")) << '\n';
    } catch (const awsml::resource_not_found_error& e) { // a typed, expected answer
        std::cout << id << ": no such model (request " << e.request_id() << ")\n";
    } catch (const awsml::error& e) {
        std::cout << id << ": " << e.what() << '\n';
        ++failures;
    }
}

} // namespace

int main(int argc, char** argv) {
    example::target target; // the emulator, if any, lives until main returns
    example::parse_target(
        argc, argv, {"ml-tGvRzy5Dr8Q", "ml-HousingRegr01", "ml-IrisMulti0001", "ml-does-not-exist"},
        target);
    const auto& ids = target.model_ids;
    const awsml::client_config& config = target.config;

    asio::io_context io;
    awsml::basic_client<awsml::asio_http_transport> client(
        config, awsml::asio_http_transport(io.get_executor()));
    int failures = 0;
    for (const auto& id : ids)
        asio::co_spawn(io, describe(client, id, failures), asio::detached);
    io.run(); // every call in flight at once, on this thread
    return failures == 0 ? 0 : 1;
}
