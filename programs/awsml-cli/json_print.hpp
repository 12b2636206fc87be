#pragma once

// The AWS CLI prints json.dumps(response, indent=4, ensure_ascii=False). This re-indents awsml's
// compact JSON token by token, so numbers keep the text the encoder chose (1435184201.123, 0.5).

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace awsml::cli {

inline void print_json(std::ostream& out, std::string_view json) {
    int depth = 0;
    bool in_string = false, escaped = false;
    auto newline = [&] { out << '\n' << std::string(std::size_t(depth) * 4, ' '); };
    for (std::size_t i = 0; i < json.size(); ++i) {
        char c = json[i];
        if (in_string) {
            out << c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
        case '"':
            in_string = true;
            out << c;
            break;
        case '{':
        case '[':
            out << c;
            if (i + 1 < json.size() && (json[i + 1] == '}' || json[i + 1] == ']'))
                break;
            ++depth;
            newline();
            break;
        case '}':
        case ']':
            if (json[i - 1] != '{' && json[i - 1] != '[') {
                --depth;
                newline();
            }
            out << c;
            break;
        case ',':
            out << ',';
            newline();
            break;
        case ':':
            out << ": ";
            break;
        default:
            out << c;
        }
    }
    out << '\n';
}

} // namespace awsml::cli
