#pragma once

// The two STS operations credential sources call, as awsQuery form POSTs (Action, Version and
// the operation's parameters, application/x-www-form-urlencoded as botocore's query serializer
// writes them: RFC 3986 unreserved characters kept, everything else %XX, a space as %20).

#include <awsml/auth/detail/sigv4_canonical.hpp>
#include <awsml/http/message.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::detail {

inline constexpr std::string_view sts_api_version = "2011-06-15";

/// An awsQuery form: parameters in the order given.
class sts_form {
public:
    explicit sts_form(std::string_view action) {
        add("Action", action);
        add("Version", sts_api_version);
    }

    sts_form& add(std::string_view name, std::string_view value) {
        if (!body_.empty())
            body_ += '&';
        sigv4::append_uri_encoded(body_, name, false);
        body_ += '=';
        sigv4::append_uri_encoded(body_, value, false);
        return *this;
    }

    sts_form& add_if(std::string_view name, const std::optional<std::string>& value) {
        if (value)
            add(name, *value);
        return *this;
    }

    const std::string& body() const noexcept { return body_; }

private:
    std::string body_;
};

/// AssumeRole's parameters (the ones a profile can set).
struct assume_role_parameters {
    std::string role_arn;
    std::string role_session_name;
    std::optional<std::string> external_id;
    std::optional<std::string> duration_seconds;
    std::optional<std::string> serial_number; ///< mfa_serial
    std::optional<std::string> token_code;    ///< the MFA code
};

inline sts_form assume_role_form(const assume_role_parameters& p) {
    sts_form form("AssumeRole");
    form.add("RoleArn", p.role_arn).add("RoleSessionName", p.role_session_name);
    form.add_if("ExternalId", p.external_id).add_if("DurationSeconds", p.duration_seconds);
    form.add_if("SerialNumber", p.serial_number).add_if("TokenCode", p.token_code);
    return form;
}

struct assume_role_with_web_identity_parameters {
    std::string role_arn;
    std::string role_session_name;
    std::string web_identity_token; ///< secret: never in a message
};

inline sts_form
assume_role_with_web_identity_form(const assume_role_with_web_identity_parameters& p) {
    sts_form form("AssumeRoleWithWebIdentity");
    form.add("RoleArn", p.role_arn).add("RoleSessionName", p.role_session_name);
    form.add("WebIdentityToken", p.web_identity_token);
    return form;
}

/// The POST of a form to an endpoint (scheme, host, port and path already set in `request`).
inline void set_sts_form(http_request& request, const sts_form& form) {
    request.method = "POST";
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
    request.body = form.body();
}

} // namespace awsml::detail
