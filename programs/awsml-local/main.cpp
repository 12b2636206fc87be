// awsml-local: an offline Amazon Machine Learning, for testing clients. Everything is in
// programs/awsml-local/; run `awsml-local --help` for the flags.
//
//     awsml-local --port 8686     # prints "listening on 127.0.0.1:8686"; --port 0 picks one
//
//     export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE   # the emulator's default key pair
//     export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
//     aws machinelearning get-ml-model --ml-model-id ml-tGvRzy5Dr8Q --verbose
//         --region us-east-1 --endpoint-url http://127.0.0.1:8686     (one command line)
#include <awsml-local/app.hpp>

#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

namespace {

// The bundled models: those `meson install` put in the data folder of the program's prefix
// (found relative to the program, so that a prefix moved whole still finds them; where there is
// no /proc, at the configured prefix), else those of the source tree the program was built from.
std::string default_models_file() {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path program = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path from_bindir =
            fs::path(AWSML_INSTALLED_MODELS).lexically_relative(AWSML_INSTALLED_BINDIR);
        const fs::path installed = (program.parent_path() / from_bindir).lexically_normal();
        if (!from_bindir.empty() && fs::is_regular_file(installed, error))
            return installed.string();
    } else if (fs::is_regular_file(AWSML_INSTALLED_MODELS, error)) {
        return AWSML_INSTALLED_MODELS;
    }
    return AWSML_DEFAULT_MODELS;
}

} // namespace

int main(int argc, char** argv) {
    return awsml::local::emulator_main(argc, argv, default_models_file(), std::cout, std::cerr);
}
