#pragma once

// Option names as the AWS CLI's argparse reads them (allow_abbrev): a prefix that begins one
// option's name only stands for that option (--endpoint for --endpoint-url, --ml-model for
// --ml-model-id), one that begins several is refused. Its main parser reads the whole command
// line first, with the global options only, so a prefix of a global option is that option even
// where the command has one it also begins; the command's parser then reads what is left.

#include <awsml-cli/usage_error.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::cli {

/// The AWS CLI's global options (awscli/data/cli.json), which any command takes, wherever they
/// are on the command line.
inline constexpr std::string_view main_option_names[] = {"--debug",
                                                         "--endpoint-url",
                                                         "--no-verify-ssl",
                                                         "--no-paginate",
                                                         "--output",
                                                         "--query",
                                                         "--profile",
                                                         "--region",
                                                         "--version",
                                                         "--color",
                                                         "--no-sign-request",
                                                         "--ca-bundle",
                                                         "--cli-read-timeout",
                                                         "--cli-connect-timeout",
                                                         "--v2-debug"};

/// The name in `names` that `arg` is, or the only one it begins; nullopt for neither; a
/// usage_error, as argparse's, when it begins several.
template <class Names>
std::optional<std::string> full_option_name(std::string_view arg, const Names& names) {
    std::vector<std::string_view> begun;
    for (std::string_view name : names) {
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
            if (auto global = full_option_name(arg, main_option_names))
                arg = std::move(*global);
}

/// `args` (global options already written out) with each option written out that abbreviates
/// one of `command_options`. A name that begins none is kept: the command refuses it.
inline std::vector<std::string>
written_out_options(std::vector<std::string> args,
                    const std::vector<std::string>& command_options) {
    for (auto& arg : args) {
        if (!arg.starts_with("--") || arg.size() == 2 ||
            std::find(std::begin(main_option_names), std::end(main_option_names), arg) !=
                std::end(main_option_names))
            continue;
        if (auto own = full_option_name(arg, command_options))
            arg = std::move(*own);
    }
    return args;
}

} // namespace awsml::cli
