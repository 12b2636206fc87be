// GetMLModel with completion callbacks: the non-throwing form, one callback per call, retries
// on timers, all on one thread; the last call is cancelled through its cancellation slot.
//
//     async-callback [--endpoint-url URL] [MODEL_ID ...]
//
// With no endpoint it starts awsml-local in this process (the bundled sample models and the
// documentation's example keys); with one, credentials and region come from the usual AWS
// sources. Exit status: 0 when every call got an answer, 1 otherwise.
#include <awsml/awsml.hpp>

#include "example_target.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    example::target target; // the emulator, if any, lives until main returns
    example::parse_target(argc, argv, {"ml-tGvRzy5Dr8Q", "ml-HousingRegr01", "ml-does-not-exist"},
                          target);
    const auto& ids = target.model_ids;
    const awsml::client_config& config = target.config;

    asio::io_context io;
    awsml::basic_client<awsml::asio_http_transport> client(
        config, awsml::asio_http_transport(io.get_executor()));
    int unanswered = 0;
    for (const auto& id : ids) {
        client.async_try_get_ml_model(
            {.ml_model_id = id}, [id, &unanswered](awsml::outcome<awsml::get_ml_model_output> r) {
                if (r) {
                    std::cout << id << ": " << r->name.value_or("(no name)") << ", "
                              << (r->status ? r->status->wire() : std::string_view("-")) << '\n';
                } else if (r.error().as<awsml::resource_not_found_exception>()) {
                    std::cout << id << ": no such model\n";
                } else {
                    std::cout << id << ": " << r.error().message << '\n';
                    ++unanswered;
                }
            });
    }

    // A call whose caller loses interest: emitting the signal ends it with errc::cancelled.
    asio::cancellation_signal give_up;
    bool cancelled = false;
    client.async_try_get_ml_model(
        {.ml_model_id = ids.front()},
        asio::bind_cancellation_slot(give_up.slot(),
                                     [&cancelled](awsml::outcome<awsml::get_ml_model_output> r) {
                                         cancelled = !r && r.error().code == awsml::errc::cancelled;
                                     }));
    give_up.emit(asio::cancellation_type::terminal);

    io.run();
    std::cout << "the abandoned call " << (cancelled ? "was cancelled" : "answered first") << '\n';
    return unanswered == 0 ? 0 : 1;
}
