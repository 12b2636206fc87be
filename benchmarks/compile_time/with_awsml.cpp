// Compile-time benchmark, awsml side: the umbrella header and one GetMLModel call through the
// client (HTTPS, SigV4, JSON both ways). scripts/bench times `g++ -c` of this file against
// deps_only.cpp, which does the least a program must do with the same dependencies.
#include <awsml/awsml.hpp>

#include <cstdio>

int main() {
    awsml::client client{{.region = "us-east-1"}};
    auto model = client.get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q", .verbose = true});
    std::printf("%s\n", model.name.value_or("").c_str());
}
