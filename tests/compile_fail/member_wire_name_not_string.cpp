// expect: every member needs its wire name after its C++ name
#include <awsml/model/shape.hpp>

#include <string>

namespace demo {
// The shape is never used: the wire name must still be checked where it is described.
AWSML_SHAPE(broken, (std::string, name, "Name"), (int, id, 42))
} // namespace demo

int main() {
    return demo::broken{}.id;
}
