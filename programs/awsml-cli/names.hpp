#pragma once

// The AWS CLI's names for operations and members: botocore's xform_name, which turns
// "GetMLModel" into "get-ml-model" and "InputDataLocationS3" into "input-data-location-s3".

#include <cctype>
#include <string>
#include <string_view>

namespace awsml::cli {

namespace detail {
inline bool upper(char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0;
}
inline bool lower(char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
}
inline bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
} // namespace detail

/// botocore's xform_name: re.sub('(.)([A-Z][a-z]+)', r'\1-\2') then
/// re.sub('([a-z0-9])([A-Z])', r'\1-\2'), lower-cased; each pass scans left to right without
/// overlapping matches, as Python's re.sub does.
inline std::string cli_name(std::string_view wire) {
    using detail::digit, detail::lower, detail::upper;
    std::string words;
    for (std::size_t i = 0; i < wire.size();) {
        if (i + 2 < wire.size() && upper(wire[i + 1]) && lower(wire[i + 2])) {
            std::size_t end = i + 3;
            while (end < wire.size() && lower(wire[end]))
                ++end;
            words.append(1, wire[i]).append(1, '-').append(wire.substr(i + 1, end - i - 1));
            i = end;
        } else {
            words += wire[i++];
        }
    }
    std::string out;
    for (std::size_t i = 0; i < words.size();) {
        if (i + 1 < words.size() && (lower(words[i]) || digit(words[i])) && upper(words[i + 1])) {
            out.append(1, words[i]).append(1, '-').append(1, words[i + 1]);
            i += 2;
        } else {
            out += words[i++];
        }
    }
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace awsml::cli
