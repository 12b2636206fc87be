// expect: the input must be a shape described with AWSML_SHAPE
#include <awsml/runtime/operation.hpp>

#include <string>

namespace demo {
AWSML_SHAPE(ping_output, (std::string, id, "Id"))
struct ping : awsml::operation<"Ping", std::string, ping_output> {};
} // namespace demo

int main() {
    return demo::ping::name.size() == 4 ? 0 : 1;
}
