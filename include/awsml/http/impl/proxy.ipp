#pragma once

// The definitions behind proxy.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/core/in_quotes.hpp>
#include <awsml/http/proxy.hpp>

#include <asio/ip/network_v4.hpp>
#include <asio/ip/network_v6.hpp>

namespace awsml::detail::proxies {

AWSML_DECL std::string redact_userinfo(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    const std::size_t at = url.rfind('@');
    if (at == std::string_view::npos || at < start)
        return std::string(url);
    return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
}

AWSML_DECL bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        int value = 0;
        auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16);
        if (ec != std::errc() || end != in.data() + i + 3)
            return false;
        out += static_cast<char>(value);
        i += 2;
    }
    return true;
}

AWSML_DECL bool parse_port(std::string_view text, std::uint16_t& port) noexcept {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
        value > 65535)
        return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

AWSML_DECL bool split_host_port(std::string_view text, std::string_view& host,
                                std::optional<std::uint16_t>& port) {
    port.reset();
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos)
            return false;
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (rest.empty())
            return true;
        std::uint16_t value = 0;
        if (rest.front() != ':' || !parse_port(rest.substr(1), value))
            return false;
        port = value;
        return true;
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
        host = text; // a name, or an IPv6 address without brackets (which cannot carry a port)
        return true;
    }
    host = text.substr(0, colon);
    std::uint16_t value = 0;
    if (!parse_port(text.substr(colon + 1), value))
        return false;
    port = value;
    return true;
}

AWSML_DECL std::optional<asio::ip::address> ip_literal(std::string_view host) {
    std::error_code ec;
    auto address = asio::ip::make_address(std::string(host), ec);
    if (ec)
        return std::nullopt;
    return address;
}

AWSML_DECL bool in_network(std::string_view entry, const asio::ip::address& address) {
    const std::size_t slash = entry.find('/');
    const auto base = ip_literal(entry.substr(0, slash));
    unsigned prefix = 0;
    const std::string_view bits = entry.substr(slash + 1);
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (!base || ec != std::errc() || end != bits.data() + bits.size())
        return false;
    if (base->is_v4() && address.is_v4() && prefix <= 32) {
        const auto mask = prefix == 0 ? 0u : ~0u << (32 - prefix);
        return (base->to_v4().to_uint() & mask) == (address.to_v4().to_uint() & mask);
    }
    if (base->is_v6() && address.is_v6() && prefix <= 128) {
        const auto a = base->to_v6().to_bytes();
        const auto b = address.to_v6().to_bytes();
        for (unsigned bit = 0; bit < prefix; ++bit) {
            const unsigned mask = 0x80u >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
                return false;
        }
        return true;
    }
    return false;
}

AWSML_DECL bool no_proxy_entry_matches(std::string_view entry, std::string_view host,
                                       const std::optional<asio::ip::address>& host_address,
                                       std::uint16_t port) {
    if (entry == "*")
        return true;
    const auto& address = host_address;
    if (entry.find('/') != std::string_view::npos)
        return address && in_network(entry, *address);
    std::string_view name;
    std::optional<std::uint16_t> entry_port;
    if (!split_host_port(entry, name, entry_port) || name.empty())
        return false;
    if (entry_port && *entry_port != port)
        return false;
    if (const auto entry_address = ip_literal(name))
        return address && *entry_address == *address;
    if (name.substr(0, 2) == "*.")
        name.remove_prefix(2);
    else if (name.front() == '.')
        name.remove_prefix(1);
    const std::string wanted = ascii_lower(name);
    if (wanted.empty() || host.size() < wanted.size() ||
        host.substr(host.size() - wanted.size()) != wanted)
        return false;
    return host.size() == wanted.size() || host[host.size() - wanted.size() - 1] == '.';
}

} // namespace awsml::detail::proxies

namespace awsml {

AWSML_DECL proxy_result<proxy_url> parse_proxy_url(std::string_view url) {
    const std::string_view text = detail::trim(url);
    auto bad = [&](const std::string& why) {
        return proxy_failure{make_error_code(errc::config_error),
                             "bad proxy URL " + in_quotes(detail::proxies::redact_userinfo(text)) +
                                 ": " + why};
    };
    std::string_view rest = text;
    proxy_url proxy;
    if (const std::size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
        const std::string scheme = detail::ascii_lower(rest.substr(0, scheme_end));
        if (scheme != "http" && scheme != "https")
            return bad("unsupported proxy scheme " + in_quotes(scheme) + " (http or https)");
        proxy.tls = scheme == "https";
        rest.remove_prefix(scheme_end + 3);
    }
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    std::string_view host_port = authority;
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        host_port = authority.substr(at + 1);
        const std::size_t colon = userinfo.find(':');
        if (!detail::proxies::percent_decode(userinfo.substr(0, colon), proxy.username) ||
            (colon != std::string_view::npos &&
             !detail::proxies::percent_decode(userinfo.substr(colon + 1), proxy.password)))
            return bad("bad percent-encoding in the user name or password");
    }
    std::string_view host;
    std::optional<std::uint16_t> port;
    if (!detail::proxies::split_host_port(host_port, host, port))
        return bad("bad port (1 to 65535)");
    const bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == ':' || c == '%';
    });
    if (!host_ok)
        return bad("no host, or a bad host name");
    proxy.host = std::string(host);
    proxy.port = port.value_or(proxy.tls ? 443 : 80);
    return proxy;
}

AWSML_DECL bool no_proxy_matches(std::string_view list, std::string_view host, std::uint16_t port) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::string lowered = detail::ascii_lower(host);
    if (!lowered.empty() && lowered.back() == '.')
        lowered.pop_back();
    const auto address = detail::proxies::ip_literal(lowered);
    while (!list.empty()) {
        const std::size_t end = list.find_first_of(", \t");
        const std::string_view entry = detail::trim(list.substr(0, end));
        if (!entry.empty() &&
            detail::proxies::no_proxy_entry_matches(entry, lowered, address, port))
            return true;
        if (end == std::string_view::npos)
            break;
        list.remove_prefix(end + 1);
    }
    return false;
}

} // namespace awsml
