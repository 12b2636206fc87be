// Fuzz target: the shared config/credentials file parser (awsml::detail::parse_ini) and the
// profile lookups over its result. Checks: no crash; a failure is "fuzz.ini:<line>: <problem>"
// with a line that exists and does not quote that line (config files hold secrets); keys are
// lower case; section names are trimmed and not empty.
#include <awsml/config/detail/ini.hpp>

#include <awsml/config/shared_config.hpp>

#include "fuzz_support.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using awsml_fuzz::require;

// Where each line starts and how long it is, splitting as the parser does: at "\n", "\r\n" or
// a lone "\r".
struct line_span {
    std::size_t start;
    std::size_t size;
};

std::vector<line_span> lines_of(std::string_view text) {
    std::vector<line_span> lines;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = text.find_first_of("\r\n", at);
        if (end == std::string_view::npos) {
            lines.push_back({at, text.size() - at});
            break;
        }
        lines.push_back({at, end - at});
        const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
        at = end + (crlf ? 2 : 1);
    }
    return lines;
}

std::size_t line_named(const std::string& message) {
    constexpr std::string_view prefix = "fuzz.ini:";
    require(message.compare(0, prefix.size(), prefix) == 0, "message names the file", message);
    std::size_t line = 0;
    const char* digits = message.data() + prefix.size();
    const auto [end, ec] = std::from_chars(digits, message.data() + message.size(), line);
    const std::size_t after = static_cast<std::size_t>(end - message.data());
    require(ec == std::errc() && message.compare(after, 2, ": ") == 0, "message names the line",
            message);
    return line;
}

// The offending line, with a marker appended (letters never turn a bad line into a good one),
// must fail at the same line without the marker in the message: a line of a credentials file
// may hold a secret.
void check_failure(std::string_view text, const std::string& message) {
    const std::size_t line = line_named(message);
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    const std::size_t skipped = text.substr(0, bom.size()) == bom ? bom.size() : 0;
    const auto lines = lines_of(text.substr(skipped));
    require(line >= 1 && line <= lines.size(), "the line named exists", message);

    constexpr std::string_view marker = "SecretMarkerQz";
    const std::size_t line_end = skipped + lines[line - 1].start + lines[line - 1].size;
    std::string marked(text.substr(0, line_end));
    marked.append(marker).append(text.substr(line_end));
    auto again = awsml::detail::parse_ini(marked, "fuzz.ini");
    require(!again, "a marked bad line parses", marked);
    require(line_named(again.error().message) == line, "a marked bad line fails elsewhere",
            again.error().message);
    require(again.error().message.find(marker) == std::string::npos,
            "the message quotes the offending line", again.error().message);
}

void check_document(const awsml::detail::ini_document& document) {
    for (const auto& [name, section] : document.sections) {
        require(!name.empty(), "an empty section name");
        require(awsml::detail::trim(name, awsml::detail::ini_blanks) == name,
                "a section name not trimmed", name);
        for (const auto& [key, value] : section.entries) {
            require(!key.empty(), "an empty key");
            for (char c : key)
                require(!(c >= 'A' && c <= 'Z'), "a key not in lower case", key);
            for (const auto& [sub_key, sub_value] : value.sub_section)
                for (char c : sub_key)
                    require(!(c >= 'A' && c <= 'Z'), "a nested key not in lower case", sub_key);
        }
        // What the profile loader does with each section.
        if (auto profile_name = awsml::detail::config_profile_name(name)) {
            awsml::profile profile;
            if (const auto* chosen = awsml::detail::config_section_for(document, *profile_name))
                awsml::detail::merge_section(profile, *chosen, "fuzz.ini");
            (void)awsml::detail::services_section_for(document, *profile_name);
            (void)profile.get("region");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = awsml::detail::parse_ini(text, "fuzz.ini");
    if (!parsed) {
        require(parsed.error().code == awsml::errc::config_error, "failure code is config_error");
        check_failure(text, parsed.error().message);
        return 0;
    }
    check_document(*parsed);
    return 0;
}
