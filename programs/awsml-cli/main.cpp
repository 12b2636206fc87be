// awsml: Amazon Machine Learning from the command line, as `aws machinelearning` does it.
//     awsml machinelearning <command> [parameters] [options]
//     awsml machinelearning wait <waiter> [parameters] [options]
//     awsml machinelearning help
//     awsml --version
#include <awsml-cli/commands.hpp>
#include <awsml-cli/usage_error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/core/version.hpp>

#include <sys/utsname.h>

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace {

// As `aws --version` prints its own: the program's version, then the system's.
std::string version_line() {
    std::string line = "awsml/" + std::string(awsml::version_string);
    if (utsname system{}; uname(&system) == 0)
        line += " " + std::string(system.sysname) + "/" + system.release;
    return line;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args;
    try {
        args = awsml::cli::normalized_command_line({argv + 1, argv + argc});
    } catch (const awsml::cli::usage_error& e) {
        std::cerr << "awsml: error: " << e.message << "\n";
        return awsml::cli::exit_usage_error;
    }
    // As the AWS CLI's main parser: --version wherever it is.
    if (std::find(args.begin(), args.end(), "--version") != args.end()) {
        std::cout << version_line() << "\n";
        return 0;
    }
    const auto& commands = awsml::cli::machinelearning_commands();
    const auto is_help = [](const std::string& arg) { return arg == "help" || arg == "--help"; };
    const bool asked =
        !args.empty() && (is_help(args[0]) ||
                          (args[0] == "machinelearning" && args.size() >= 2 && is_help(args[1])));
    if (asked || args.size() < 2 || args[0] != "machinelearning") {
        (asked ? std::cout : std::cerr) << awsml::cli::command_list(commands);
        if (asked)
            return 0;
        // What was wrong, after the list, as the AWS CLI's argparse says it.
        if (args.empty())
            std::cerr << "\nawsml: error: the following arguments are required: command\n";
        else if (args[0] != "machinelearning")
            std::cerr << "\nawsml: error: argument command: Invalid choice "
                      << awsml::in_quotes(args[0]) << ", valid choices are: machinelearning\n";
        else
            std::cerr << "\nawsml machinelearning: error: the following arguments are required: "
                         "operation\n";
        return awsml::cli::exit_usage_error;
    }
    std::string name = args[1];
    std::size_t first = 2;
    if (name == "wait" && (args.size() < 3 || args[2] == "help" || args[2].starts_with("-"))) {
        const bool help = args.size() >= 3 && (args[2] == "help" || args[2] == "--help");
        (help ? std::cout : std::cerr) << awsml::cli::waiter_list(commands);
        if (!help)
            std::cerr << "\nawsml machinelearning wait: error: expected a waiter's name\n";
        return help ? 0 : awsml::cli::exit_usage_error;
    }
    if (name == "wait") {
        name += " " + args[2];
        first = 3;
    }
    return awsml::cli::run_command(commands, name, "awsml machinelearning " + name,
                                   {args.begin() + static_cast<std::ptrdiff_t>(first), args.end()});
}
