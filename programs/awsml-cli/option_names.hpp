#pragma once

// Option names as the AWS CLI's argparse reads them (allow_abbrev): a prefix that begins one
// option's name only stands for that option (--endpoint for --endpoint-url, --ml-model for
// --ml-model-id), one that begins several is refused. Its main parser reads the whole command
// line first, with the global options only, so a prefix of a global option is that option even
// where the command has one it also begins; the command's parser then reads what is left.

#include <awsml-cli/usage_error.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::cli {

/// One of the AWS CLI's global options.
struct main_option {
    std::string_view name;
    bool takes_value;
};

/// The AWS CLI's global options (awscli/data/cli.json), which any command takes, wherever they
/// are on the command line.
inline constexpr main_option main_options[] = {
    {"--debug", false},           {"--endpoint-url", true},
    {"--no-verify-ssl", false},   {"--no-paginate", false},
    {"--output", true},           {"--query", true},
    {"--profile", true},          {"--region", true},
    {"--version", false},         {"--color", true},
    {"--no-sign-request", false}, {"--ca-bundle", true},
    {"--cli-read-timeout", true}, {"--cli-connect-timeout", true},
    {"--v2-debug", false}};

inline std::string_view name_of(const main_option& option) {
    return option.name;
}
inline std::string_view name_of(const std::string& name) {
    return name;
}

/// `--name=value` is read as `--name` and the value bound to it: a value that looks like an
/// option or a command (`--version`, `-1`, `help`) stays that option's, and the option takes no
/// other value. A NUL first marks it, which no argument of a command line can hold.
inline constexpr char bound_value_mark = '\0';

inline std::string bound_value(std::string_view value) {
    return bound_value_mark + std::string(value);
}

inline bool is_bound_value(std::string_view arg) {
    return !arg.empty() && arg.front() == bound_value_mark;
}

/// The argument as the user wrote it: a bound value without its mark.
inline std::string as_written(std::string_view arg) {
    if (is_bound_value(arg))
        arg.remove_prefix(1);
    return std::string(arg);
}

/// argparse's refusal of a value bound to an option that takes none (`--debug=x`).
inline usage_error ignored_explicit_argument(std::string_view option, std::string_view value) {
    return usage_error{"argument " + std::string(option) + ": ignored explicit argument '" +
                       as_written(value) + "'"};
}

/// The global option `arg` names, or nullptr.
inline const main_option* global_option(std::string_view arg) {
    for (const auto& option : main_options)
        if (option.name == arg)
            return &option;
    return nullptr;
}

/// The name in `names` that `arg` is, or the only one it begins; nullopt for neither; a
/// usage_error, as argparse's, when it begins several.
template <class Names>
std::optional<std::string> full_option_name(std::string_view arg, const Names& names) {
    std::vector<std::string_view> begun;
    for (const auto& item : names) {
        const std::string_view name = name_of(item);
        if (name == arg)
            return std::string(name);
        if (name.starts_with(arg))
            begun.push_back(name);
    }
    if (begun.size() > 1) {
        std::string list;
        for (const auto name : begun)
            list += (list.empty() ? "" : ", ") + std::string(name);
        throw usage_error{"ambiguous option: " + std::string(arg) + " could match " + list};
    }
    if (begun.empty())
        return std::nullopt;
    return std::string(begun.front());
}

/// `args` with each option written out that abbreviates one of the global options, as the AWS
/// CLI's main parser reads the whole command line.
inline void write_out_global_options(std::vector<std::string>& args) {
    for (auto& arg : args)
        if (arg.starts_with("--") && arg.size() > 2)
            if (auto global = full_option_name(arg, main_options))
                arg = std::move(*global);
}

/// `args` (global options already written out) with each option written out that abbreviates
/// one of `command_options`. A name that begins none is kept: the command refuses it.
inline std::vector<std::string>
written_out_options(std::vector<std::string> args,
                    const std::vector<std::string>& command_options) {
    for (auto& arg : args) {
        if (!arg.starts_with("--") || arg.size() == 2 || global_option(arg) != nullptr)
            continue;
        if (auto own = full_option_name(arg, command_options))
            arg = std::move(*own);
    }
    return args;
}

} // namespace awsml::cli
