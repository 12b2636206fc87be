// expect: every member needs its wire name after its C++ name
#include <awsml/model/shape.hpp>

#include <string>

namespace demo {
AWSML_SHAPE(broken, (std::string, name, "Name"), (std::string, id))
} // namespace demo

int main() {
    return demo::broken{}.id.size() == 0 ? 0 : 1;
}
