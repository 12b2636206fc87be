// The one translation unit of every install consumer (tests/install/run.sh): meson with
// pkg-config, meson subproject, CMake package, add_subdirectory and FetchContent. It is kept
// tiny on purpose (the test compiles it ten times): it proves that awsml's include directory and
// the definitions every build of awsml passes on reach the consumer, and prints the mode it saw.
#include <awsml/core/version.hpp>

#include <cstdio>

#ifndef ASIO_NO_DEPRECATED
#error "ASIO_NO_DEPRECATED did not reach this consumer: awsml's headers are written for it"
#endif

// The mode the test asked for (run.sh passes -DAWSML_CONSUMER_EXPECTS_COMPILED in CXXFLAGS):
// checked here too, because some consumers are only compiled, not run.
#if defined(AWSML_CONSUMER_EXPECTS_COMPILED) != defined(AWSML_SEPARATE_COMPILATION)
#error "AWSML_SEPARATE_COMPILATION does not match the mode awsml was built in"
#endif

#ifdef AWSML_SEPARATE_COMPILATION
constexpr const char* mode = "compiled";
#else
constexpr const char* mode = "header-only";
#endif

static_assert(AWSML_VERSION ==
              awsml::version_major * 10000 + awsml::version_minor * 100 + awsml::version_patch);

int main() {
    std::printf("awsml %.*s, %s\n", static_cast<int>(awsml::version_string.size()),
                awsml::version_string.data(), mode);
}
