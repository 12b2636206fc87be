// Fuzz target: the awsml CLI's command lines (programs/awsml-cli): every command's options, the
// shorthand (Key=Value,Key2=Value2), JSON arguments, --cli-input-json, --query and --output,
// as `awsml machinelearning <command> ... --generate-cli-skeleton output` checks them (the call
// is checked as it would be sent, then a sample answer printed; nothing is sent).
// The input: one byte picks the command; the rest are its arguments, separated by NUL bytes.
// Checks: no crash, hang or sanitizer finding; the exit code is one of the AWS CLI's (0, 252,
// 253, 255: no call is made, so never 254); a failure says why on stderr and prints nothing on
// stdout.
// Not in scripts/fuzz's default list: it compiles every command (about 3 minutes with the
// sanitizers). Run it as `scripts/fuzz 600 cli`.
#include <awsml-cli/commands.hpp>
#include <awsml-cli/usage_error.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using awsml_fuzz::require;

// Nothing from this machine's AWS settings: no profile, no files, a region.
void isolate_environment() {
    static const bool done = [] {
        for (const char* name :
             {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
              "AWS_SESSION_TOKEN", "AWS_DEFAULT_OUTPUT", "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE"})
            ::unsetenv(name);
        ::setenv("AWS_CONFIG_FILE", "/dev/null", 1);
        ::setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", 1);
        ::setenv("AWS_REGION", "us-east-1", 1);
        ::setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
        return true;
    }();
    (void)done;
}

// Captures std::cout and std::cerr while it lives.
class captured_streams {
public:
    captured_streams()
        : out_(std::cout.rdbuf(out_text_.rdbuf()))
        , err_(std::cerr.rdbuf(err_text_.rdbuf())) {}
    ~captured_streams() {
        std::cout.rdbuf(out_);
        std::cerr.rdbuf(err_);
        std::cout.clear();
        std::cerr.clear();
    }
    captured_streams(const captured_streams&) = delete;
    captured_streams& operator=(const captured_streams&) = delete;

    std::string out() const { return out_text_.str(); }
    std::string err() const { return err_text_.str(); }

private:
    std::ostringstream out_text_, err_text_;
    std::streambuf* out_;
    std::streambuf* err_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    isolate_environment();
    const auto& commands = awsml::cli::machinelearning_commands();
    awsml_fuzz::input_reader in(data, size);
    const auto& command = commands[in.byte() % commands.size()];
    std::vector<std::string> args;
    while (!in.empty() && args.size() < 24) {
        args.emplace_back(in.until('\0'));
        // file:// and fileb:// read files as the AWS CLI does: /dev/zero or /dev/stdin would be
        // this machine's finding, not the parser's.
        if (args.back().find("file") != std::string::npos)
            return 0;
    }
    const std::string context = command.name + " " + [&] {
        std::string joined;
        for (const auto& arg : args)
            joined += "'" + arg + "' ";
        return joined;
    }();
    args.emplace_back("--generate-cli-skeleton");
    args.emplace_back("output");

    int code = 0;
    std::string out, err;
    {
        captured_streams streams;
        try { // as main() reads a command line: --name=value, abbreviations, global options
            std::vector<std::string> line{"machinelearning"};
            std::istringstream words(command.name); // "wait ml-model-available": two words
            for (std::string word; words >> word;)
                line.push_back(word);
            const std::size_t named = line.size();
            line.insert(line.end(), args.begin(), args.end());
            line = awsml::cli::normalized_command_line(std::move(line));
            require(line.size() >= named, "the command stays named", context);
            args.assign(line.begin() + static_cast<std::ptrdiff_t>(named), line.end());
            code = awsml::cli::run_command(commands, command.name,
                                           "awsml machinelearning " + command.name, args);
        } catch (const awsml::cli::usage_error& e) {
            std::cerr << "awsml: error: " << e.message << "\n";
            code = awsml::cli::exit_usage_error;
        }
        out = streams.out();
        err = streams.err();
    }
    require(code == 0 || code == awsml::cli::exit_usage_error ||
                code == awsml::cli::exit_config_error || code == awsml::cli::exit_other_error,
            "the exit code is one of the AWS CLI's, and no call was made", context);
    if (code != 0) {
        require(err.size() > 10, "a failure says why on stderr", context);
        require(out.empty(), "a failure prints nothing on stdout", context + " -> " + out);
    }
    return 0;
}
