#pragma once

// STS's XML answers, read with expat: the <Credentials> of AssumeRole and
// AssumeRoleWithWebIdentity, and <ErrorResponse>. Element names are matched without their
// namespace. A document type declaration is refused (STS never sends one, and refusing it
// leaves no room for entity expansion). Messages name the element that is missing or wrong;
// they never quote the secret access key or the session token.

#include <awsml/auth/credentials.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <expat.h>

#include <array>
#include <chrono>
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::detail {

/// An element without child elements: its path from the root ("A/B/C") and its text.
struct xml_leaf {
    std::string path;
    std::string text;
};

class xml_leaf_reader {
public:
    static constexpr std::size_t max_depth = 32;

    /// The leaves in document order, or why the document is not well-formed XML.
    static boost::system::result<std::vector<xml_leaf>, std::string> read(std::string_view xml) {
        if (xml.size() > static_cast<std::size_t>(INT_MAX))
            return std::string("the document is too large");
        std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
            XML_ParserCreateNS(nullptr, namespace_separator), &XML_ParserFree);
        if (!parser)
            return std::string("expat could not create a parser");
        xml_leaf_reader reader(parser.get());
        XML_SetUserData(parser.get(), &reader);
        XML_SetElementHandler(parser.get(), &on_start, &on_end);
        XML_SetCharacterDataHandler(parser.get(), &on_text);
        XML_SetStartDoctypeDeclHandler(parser.get(), &on_doctype);
        auto status = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
        if (!reader.refusal_.empty())
            return reader.refusal_;
        if (status != XML_STATUS_OK)
            return "line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ", column " +
                   std::to_string(XML_GetCurrentColumnNumber(parser.get()) + 1) + ": " +
                   XML_ErrorString(XML_GetErrorCode(parser.get()));
        return std::move(reader.leaves_);
    }

private:
    // Names arrive as "namespace-URI<separator>local-name"; a URI holds no space.
    static constexpr XML_Char namespace_separator = ' ';

    struct open_element {
        std::string name;
        std::string text;
        bool has_children = false;
    };

    explicit xml_leaf_reader(XML_Parser parser)
        : parser_(parser) {}

    static std::string local_name(const XML_Char* name) {
        std::string_view full(name);
        auto separator = full.rfind(namespace_separator);
        return std::string(separator == std::string_view::npos ? full : full.substr(separator + 1));
    }

    void refuse(std::string why) {
        refusal_ = std::move(why);
        XML_StopParser(parser_, XML_FALSE);
    }

    static void XMLCALL on_start(void* self_pointer, const XML_Char* name, const XML_Char**) {
        auto& self = *static_cast<xml_leaf_reader*>(self_pointer);
        if (self.open_.size() >= max_depth)
            return self.refuse("elements nested deeper than " + std::to_string(max_depth));
        if (!self.open_.empty())
            self.open_.back().has_children = true;
        self.open_.push_back({local_name(name), {}, false});
    }

    static void XMLCALL on_end(void* self_pointer, const XML_Char*) {
        auto& self = *static_cast<xml_leaf_reader*>(self_pointer);
        if (self.open_.empty())
            return;
        if (!self.open_.back().has_children) {
            std::string path;
            for (const auto& element : self.open_)
                path += (path.empty() ? "" : "/") + element.name;
            self.leaves_.push_back({std::move(path), std::move(self.open_.back().text)});
        }
        self.open_.pop_back();
    }

    static void XMLCALL on_text(void* self_pointer, const XML_Char* text, int length) {
        auto& self = *static_cast<xml_leaf_reader*>(self_pointer);
        if (!self.open_.empty())
            self.open_.back().text.append(text, static_cast<std::size_t>(length));
    }

    static void XMLCALL on_doctype(void* self_pointer, const XML_Char*, const XML_Char*,
                                   const XML_Char*, int) {
        static_cast<xml_leaf_reader*>(self_pointer)
            ->refuse("a document type declaration (<!DOCTYPE>) is not accepted");
    }

    XML_Parser parser_;
    std::vector<open_element> open_;
    std::vector<xml_leaf> leaves_;
    std::string refusal_;
};

inline const std::string* find_leaf(const std::vector<xml_leaf>& leaves, std::string_view path) {
    for (const auto& leaf : leaves)
        if (leaf.path == path)
            return &leaf.text;
    return nullptr;
}

inline std::string_view root_name(const std::vector<xml_leaf>& leaves) {
    if (leaves.empty())
        return {};
    std::string_view path = leaves.front().path;
    return path.substr(0, path.find('/'));
}

/// An STS <ErrorResponse>: its <Code> and <Message>.
struct sts_error {
    std::string code;
    std::string message;
};

/// The error a body holds, if it is an <ErrorResponse> with a <Code>.
inline std::optional<sts_error> parse_sts_error(std::string_view body) {
    auto leaves = xml_leaf_reader::read(body);
    if (!leaves || root_name(*leaves) != "ErrorResponse")
        return std::nullopt;
    const std::string* code = find_leaf(*leaves, "ErrorResponse/Error/Code");
    if (!code || code->empty())
        return std::nullopt;
    const std::string* message = find_leaf(*leaves, "ErrorResponse/Error/Message");
    return sts_error{*code, message ? *message : std::string()};
}

/// The account field of "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", as botocore's
/// ArnParser reads an assumed role's ARN; empty for text that is no ARN.
inline std::string account_of_arn(std::string_view arn) {
    std::array<std::string_view, 5> fields{};
    for (std::string_view& field : fields) {
        std::size_t colon = arn.find(':');
        if (colon == std::string_view::npos)
            return {};
        field = arn.substr(0, colon);
        arn.remove_prefix(colon + 1);
    }
    return fields[0] == "arn" ? std::string(fields[4]) : std::string();
}

/// The <Credentials> of a successful `operation` ("AssumeRole", "AssumeRoleWithWebIdentity"):
/// all four of AccessKeyId, SecretAccessKey, SessionToken and Expiration are required. The
/// account is read from <AssumedRoleUser><Arn>, where it is one.
/// Failures have code errc::credentials_source_failed and a message starting with `label`.
inline config_result<credentials>
parse_sts_credentials(std::string_view body, std::string_view operation, const std::string& label) {
    auto failure = [&](const std::string& why) {
        return config_failure{make_error_code(errc::credentials_source_failed),
                              label + ": the " + std::string(operation) + " response " + why};
    };
    auto leaves = xml_leaf_reader::read(body);
    if (!leaves)
        return failure("is not well-formed XML (" + leaves.error() + ")");
    const std::string root = std::string(operation) + "Response";
    if (root_name(*leaves) != root)
        return failure("has the root element <" + std::string(root_name(*leaves)) + ">, not <" +
                       root + ">");
    const std::string prefix = root + "/" + std::string(operation) + "Result/Credentials/";
    auto field = [&](std::string_view name) -> config_result<std::string> {
        const std::string* text = find_leaf(*leaves, prefix + std::string(name));
        if (!text || text->empty())
            return failure("has no <" + std::string(name) + "> in <" + std::string(operation) +
                           "Result><Credentials>");
        return *text;
    };
    credentials found;
    for (auto [name, into] : {std::pair{"AccessKeyId", &found.access_key_id},
                              std::pair{"SecretAccessKey", &found.secret_access_key},
                              std::pair{"SessionToken", &found.session_token}}) {
        auto value = field(name);
        if (!value)
            return value.error();
        *into = std::move(*value);
    }
    auto expiration = field("Expiration");
    if (!expiration)
        return expiration.error();
    auto when = system_time_from_iso8601(*expiration);
    if (!when)
        return failure("has an <Expiration> that is not an ISO 8601 timestamp within the clock's "
                       "range: " +
                       in_quotes(*expiration));
    found.expiration = *when;
    const std::string* role_user =
        find_leaf(*leaves, root + "/" + std::string(operation) + "Result/AssumedRoleUser/Arn");
    found.account_id = role_user ? account_of_arn(*role_user) : std::string();
    return found;
}

} // namespace awsml::detail
