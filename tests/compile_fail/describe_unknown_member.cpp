// expect: is not a member of || no member named
// AWSML_DESCRIBE_SHAPE names a member the struct does not have: refused where it is described,
// not later where the shape is first read or written.
#include <awsml/model/shape.hpp>

#include <string>

namespace demo {
struct model_name {
    std::string name;
};
AWSML_DESCRIBE_SHAPE(model_name, (nmae, "Name"))
} // namespace demo

int main() {}
