// expect: every error shape needs its wire name
#include <awsml/runtime/operation.hpp>

#include <optional>
#include <string>

namespace demo {
AWSML_SHAPE(ping_input, (std::string, id, "Id"))
AWSML_SHAPE(ping_output, (std::string, id, "Id"))
AWSML_SHAPE(nameless_exception, (std::optional<std::string>, message, "message"))
struct ping : awsml::operation<"Ping", ping_input, ping_output, nameless_exception> {};
} // namespace demo

int main() {
    return demo::ping::name.size() == 4 ? 0 : 1;
}
