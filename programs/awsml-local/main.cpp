// awsml-local: an offline emulator of Amazon Machine Learning's GetMLModel, for testing clients.
// Everything is in include/awsml/local/; run `awsml-local --help` for the flags.
//
//     awsml-local --port 8686     # prints "listening on 127.0.0.1:8686"; --port 0 picks one
//
//     export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE   # the emulator's default key pair
//     export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
//     aws machinelearning get-ml-model --ml-model-id ml-tGvRzy5Dr8Q --verbose
//         --region us-east-1 --endpoint-url http://127.0.0.1:8686     (one command line)
#include <awsml-local/app.hpp>

#include <iostream>

int main(int argc, char** argv) {
    return awsml::local::emulator_main(argc, argv, AWSML_DEFAULT_MODELS, std::cout, std::cerr);
}
