// Fuzz target: what the STS credential sources do with a response body (auth/detail/
// sts_response.hpp, read with expat): an <ErrorResponse>'s code and message, and the
// <Credentials> of AssumeRole and AssumeRoleWithWebIdentity. Checks: no crash; a success has all
// four fields non-empty and an expiration; a failure is errc::credentials_source_failed with a
// message that starts with the source's label; an error found has a non-empty code.
#include <awsml/auth/detail/sts_response.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using awsml_fuzz::require;
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    if (auto error = awsml::detail::parse_sts_error(body))
        require(!error->code.empty(), "an STS error has a code", body);

    const std::string label = "assume role: profile \"fuzz\"";
    for (std::string_view operation : {"AssumeRole", "AssumeRoleWithWebIdentity"}) {
        auto found = awsml::detail::parse_sts_credentials(body, operation, label);
        if (found) {
            require(!found->access_key_id.empty() && !found->secret_access_key.empty() &&
                        !found->session_token.empty() && found->expiration.has_value(),
                    "parsed credentials are complete", body);
        } else {
            require(found.error().code == awsml::errc::credentials_source_failed,
                    "a failure is credentials_source_failed", found.error().message);
            require(found.error().message.starts_with(label), "a failure names its source",
                    found.error().message);
        }
    }
    return 0;
}
