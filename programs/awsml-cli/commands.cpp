// The CLI's commands, instantiated once for every operation and waiter of Amazon ML.
#include <awsml-cli/commands.hpp>

#include <awsml-cli/arguments.hpp>
#include <awsml-cli/help.hpp>
#include <awsml-cli/operation_commands.hpp>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::cli {

const std::vector<command>& machinelearning_commands() {
    static const std::vector<command> commands =
        commands_of<awsml::machinelearning::service::operations, awsml::machinelearning::waiters>();
    return commands;
}

std::string command_list(const std::vector<command>& commands) {
    std::string out = "usage: awsml machinelearning <command> [parameters] [options]\n\n"
                      "commands:\n";
    std::size_t column = 0;
    for (const auto& c : commands)
        column = std::max(column, c.name.size() + 4);
    for (const auto& c : commands)
        out += listing_line(c.name, c.summary, column);
    return out + "\nawsml machinelearning <command> --help shows a command's parameters.\n";
}

int run_command(const std::vector<command>& commands, const std::string& name,
                std::string_view invocation, std::vector<std::string> args) {
    for (const auto& c : commands) {
        if (c.name != name)
            continue;
        try {
            return c.run(invocation, std::move(args));
        } catch (const usage_error& e) {
            std::cerr << "usage: " << invocation
                      << " [options]\nTo see help text, run: " << invocation << " --help\n\n"
                      << invocation << ": error: " << e.message << "\n";
            return exit_usage_error;
        } catch (const std::exception& e) {
            std::cerr << "\n" << e.what() << "\n";
            return exit_other_error;
        }
    }
    std::cerr << "awsml: error: unknown command \"" << name << "\" (awsml machinelearning help)\n";
    return exit_usage_error;
}

} // namespace awsml::cli
