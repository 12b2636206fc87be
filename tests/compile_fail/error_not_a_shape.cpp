// expect: every error must be a shape described with AWSML_SHAPE
#include <awsml/runtime/operation.hpp>

#include <string>

namespace demo {
AWSML_SHAPE(ping_input, (std::string, id, "Id"))
AWSML_SHAPE(ping_output, (std::string, id, "Id"))
struct ping : awsml::operation<"Ping", ping_input, ping_output, int> {};
} // namespace demo

int main() {
    return demo::ping::name.size() == 4 ? 0 : 1;
}
