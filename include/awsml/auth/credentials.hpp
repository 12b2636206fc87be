#pragma once

/// \file
/// AWS credentials as a value. They print redacted: neither the secret key nor the session
/// token ever reaches a stream.

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace awsml {

/// One set of AWS credentials. Prints as `credentials{access_key_id=AKIA..., secret_access_key=
/// <redacted>, ...}`: the secret and the token never reach a stream.
struct credentials {
    std::string access_key_id;     ///< e.g. "AKIAIOSFODNN7EXAMPLE"; it is not a secret
    std::string secret_access_key; ///< the secret: kept out of every message, log and print
    std::string session_token;     ///< empty when the credentials are long-term
    /// When temporary credentials stop working; unset for long-term ones.
    std::optional<std::chrono::system_clock::time_point> expiration;
    std::string source; ///< which provider produced them, e.g. "environment"
    /// The AWS account they belong to, when their source says (botocore's `account_id`):
    /// AWS_ACCOUNT_ID, a profile's aws_account_id or sso_account_id, a credential_process's
    /// AccountId, the metadata services' AccountId, or an assumed role's ARN. Empty otherwise.
    /// Not a secret. Braced, so that initializers naming only the five members above stay free of
    /// -Wmissing-field-initializers.
    std::string account_id{};

    /// True when either key is missing: such credentials cannot sign.
    bool empty() const noexcept { return access_key_id.empty() || secret_access_key.empty(); }

    friend bool operator==(const credentials&, const credentials&) = default;

    friend std::ostream& operator<<(std::ostream& out, const credentials& c) {
        out << "credentials{access_key_id=" << c.access_key_id << ", secret_access_key=<redacted>";
        if (!c.session_token.empty())
            out << ", session_token=<redacted>";
        if (!c.source.empty())
            out << ", source=" << c.source;
        if (!c.account_id.empty())
            out << ", account_id=" << c.account_id;
        return out << '}';
    }
};

} // namespace awsml
