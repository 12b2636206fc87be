// GetMLModel with C++20 coroutines: every model described concurrently on one thread.
//
//     async-coroutine [--endpoint-url URL] [MODEL_ID ...]
//
// With no endpoint it starts awsml-local in this process (the bundled sample models and the
// documentation's example keys), so it runs anywhere; with one, credentials and region come from
// the usual AWS sources. Exit status: 0 when every call got an answer (a model, or "no such
// model"), 1 when one failed otherwise.
#include <awsml/awsml.hpp>
#include <awsml/local/server.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <iostream>
#include <optional>
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
    std::optional<std::string> endpoint;
    std::vector<std::string> ids;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--endpoint-url" && i + 1 < argc)
            endpoint = argv[++i];
        else
            ids.push_back(arg);
    }
    if (ids.empty())
        ids = {"ml-tGvRzy5Dr8Q", "ml-HousingRegr01", "ml-IrisMulti0001", "ml-does-not-exist"};

    // Without an endpoint: the emulator, on its own thread, with the sample models.
    std::optional<awsml::local::background_server> emulator;
    awsml::client_config config;
    if (!endpoint) {
        emulator.emplace(awsml::local::model_store::from_file(AWSML_DEFAULT_MODELS).value());
        config.endpoint_url = emulator->endpoint_url();
        config.region = "us-east-1";
        config.credentials =
            awsml::credentials{std::string(awsml::local::example_access_key_id),
                               std::string(awsml::local::example_secret_access_key),
                               "",
                               {},
                               "example"};
    } else {
        config.endpoint_url = *endpoint;
    }

    asio::io_context io;
    awsml::basic_client<awsml::asio_http_transport> client(
        config, awsml::asio_http_transport(io.get_executor()));
    int failures = 0;
    for (const auto& id : ids)
        asio::co_spawn(io, describe(client, id, failures), asio::detached);
    io.run(); // every call in flight at once, on this thread
    return failures == 0 ? 0 : 1;
}
