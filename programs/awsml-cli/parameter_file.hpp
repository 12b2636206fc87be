#pragma once

// A parameter's value as botocore's paramfile reads it: the text given, or the contents of the
// file a file:// URL names (~ and $VARS expanded as Python's os.path functions do).

#include <awsml-cli/usage_error.hpp>
#include <awsml/auth/login_credentials_provider.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml::cli {

/// `path` as botocore's paramfile expands it: os.path.expanduser, then expandvars (the
/// library's own, which the shared config and AWS Sign-In use).
inline std::string expanded_path(std::string_view path) {
    const auto env = awsml::environment::process();
    return awsml::detail::expand_variables(awsml::detail::expand_home(std::string(path), env), env);
}

/// `text` as Python reads a file in text mode: "\r\n" and a lone "\r" are "\n".
inline std::string universal_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') {
            out += text[i];
            continue;
        }
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
    }
    return out;
}

/// `value` as given, or the contents of the file a file:// URL names, which must be UTF-8 text,
/// read as Python reads text (universal newlines).
/// fileb:// is for binary (blob) members, which no parameter here has.
inline std::string text_or_file(const std::string& value, const std::string& option) {
    if (value.starts_with("fileb://"))
        throw usage_error{option + ": fileb:// is for binary parameters; use file:// for text"};
    if (!value.starts_with("file://"))
        return value;
    const std::string path = expanded_path(std::string_view(value).substr(7));
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw usage_error{option + ": cannot read " + path + ": it is a directory"};
    std::ifstream in{path, std::ios::binary};
    if (!in)
        throw usage_error{option + ": cannot read " + path};
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad())
        throw usage_error{option + ": cannot read " + path};
    std::string text = universal_newlines(out.str());
    if (const auto bad = awsml::detail::invalid_utf8_offset(text); bad != std::string_view::npos)
        throw usage_error{option + ": invalid UTF-8 at byte " + std::to_string(bad) + " of " +
                          path};
    return text;
}

} // namespace awsml::cli
