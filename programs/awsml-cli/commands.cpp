// The CLI's commands, instantiated once for every operation and waiter of Amazon ML.
#include <awsml-cli/commands.hpp>

#include <awsml-cli/arguments.hpp>
#include <awsml-cli/help.hpp>
#include <awsml-cli/operation_commands.hpp>
#include <awsml-cli/option_names.hpp>

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

std::string waiter_list(const std::vector<command>& commands) {
    std::string out = "usage: awsml machinelearning wait <waiter> [parameters] [options]\n\n"
                      "waiters:\n";
    std::size_t column = 0;
    for (const auto& c : commands)
        if (c.name.starts_with("wait "))
            column = std::max(column, c.name.size() - 5 + 4);
    for (const auto& c : commands)
        if (c.name.starts_with("wait "))
            out += listing_line(c.name.substr(5), c.summary, column);
    return out;
}

std::vector<std::string> normalized_command_line(std::vector<std::string> args) {
    std::vector<std::string> split;
    for (auto& arg : args) {
        const std::size_t equals = arg.find('=');
        if (arg.starts_with("--") && equals != std::string::npos) {
            split.push_back(arg.substr(0, equals));
            split.push_back(bound_value(std::string_view(arg).substr(equals + 1)));
        } else {
            split.push_back(std::move(arg));
        }
    }
    write_out_global_options(split);
    // A global flag takes no value, wherever it is (`--debug=1`, `--version=1`).
    for (std::size_t i = 0; i + 1 < split.size(); ++i) {
        const main_option* global = global_option(split[i]);
        const bool flag = split[i] == "--help" || (global && !global->takes_value);
        if (flag && is_bound_value(split[i + 1]))
            throw ignored_explicit_argument(split[i], split[i + 1]);
    }
    // machinelearning, the command, and a waiter's name after `wait`.
    std::vector<std::string> positional, globals;
    std::size_t i = 0;
    const auto wanted = [&] {
        return positional.size() < 2 || (positional.size() == 2 && positional[1] == "wait");
    };
    for (; i < split.size() && wanted(); ++i) {
        const main_option* global = global_option(split[i]);
        if (global && global->takes_value && i + 1 < split.size()) {
            globals.push_back(split[i]);
            globals.push_back(split[++i]);
        } else if (global && !global->takes_value) {
            globals.push_back(split[i]);
        } else if (split[i].starts_with("-")) {
            break;
        } else {
            positional.push_back(split[i]);
        }
    }
    // Before the command's own arguments: a global option given again after the command is
    // read later, and wins, as in the AWS CLI.
    positional.insert(positional.end(), globals.begin(), globals.end());
    positional.insert(positional.end(), split.begin() + static_cast<std::ptrdiff_t>(i),
                      split.end());
    return positional;
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
        } catch (const parameter_error& e) {
            std::cerr << "\nParameter validation failed:\n" << e.message << "\n";
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
