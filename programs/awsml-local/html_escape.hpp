#pragma once

// Text made safe inside HTML or XML markup: the console's pages and S3's XML answers.

#include <string>
#include <string_view>

namespace awsml::local {

/// Text made safe inside HTML (element content or a quoted attribute), and XML alike.
inline std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

} // namespace awsml::local
