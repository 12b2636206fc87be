#pragma once

// `awsml machinelearning <command>`: one command per operation of the service's declarations
// and one `wait <waiter>` per waiter, each as the AWS CLI runs it (operation_commands.hpp), with
// its exit codes: 254 service error, 253 configuration error, 252 bad arguments or parameters,
// 255 other. The commands are compiled once, in commands.cpp: a program that runs them includes
// only this header.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::cli {

constexpr int exit_service_error = 254;
constexpr int exit_config_error = 253;
constexpr int exit_usage_error = 252;
constexpr int exit_other_error = 255;

struct command {
    std::string name;
    std::string summary; // its first sentence, for the command list
    std::function<int(std::string_view invocation, std::vector<std::string> args)> run;
};

/// Every command of Amazon ML, named as the AWS CLI names them.
const std::vector<command>& machinelearning_commands();

/// `awsml machinelearning help`: every command, with the first sentence of what it does.
std::string command_list(const std::vector<command>& commands);

/// `awsml machinelearning wait help`: every waiter, with what it waits for.
std::string waiter_list(const std::vector<command>& commands);

/// The command line in the order the commands read it, as the AWS CLI's argparse takes it:
/// `--name=value` as `--name` and its value bound to it (option_names.hpp), abbreviations of
/// global options written out (`--endpoint`), and the global options given before the command
/// (`awsml --region r machinelearning get-ml-model ...`) moved after it. A usage_error for an
/// abbreviation of several, or for a global flag given a value.
std::vector<std::string> normalized_command_line(std::vector<std::string> args);

/// Runs `command` (e.g. "get-ml-model" or "wait ml-model-available") with its arguments; the
/// process's exit code. `invocation` is how the user called it.
int run_command(const std::vector<command>& commands, const std::string& name,
                std::string_view invocation, std::vector<std::string> args);

} // namespace awsml::cli
