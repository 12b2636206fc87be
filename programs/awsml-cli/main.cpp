// awsml: Amazon Machine Learning from the command line, as `aws machinelearning` does it.
//     awsml machinelearning <command> [parameters] [options]
//     awsml machinelearning wait <waiter> [parameters] [options]
//     awsml machinelearning help
#include <awsml-cli/commands.hpp>

#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const auto& commands = awsml::cli::machinelearning_commands();
    if (args.empty() || args[0] != "machinelearning" || args.size() < 2 || args[1] == "help" ||
        args[1] == "--help") {
        std::ostream& out =
            args.size() >= 2 && args[0] == "machinelearning" ? std::cout : std::cerr;
        out << awsml::cli::command_list(commands);
        return &out == &std::cout ? 0 : awsml::cli::exit_usage_error;
    }
    std::string name = args[1];
    std::size_t first = 2;
    if (name == "wait" && args.size() >= 3) {
        name += " " + args[2];
        first = 3;
    }
    return awsml::cli::run_command(commands, name, "awsml machinelearning " + name,
                                   {args.begin() + static_cast<std::ptrdiff_t>(first), args.end()});
}
