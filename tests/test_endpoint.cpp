#include <awsml/machinelearning/endpoint.hpp>

#include "support/vectors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace endpoint_test {

namespace json = boost::json;
using awsml::endpoint_params;
using awsml::detail::partition_for_region;

namespace {

json::value load_json(const std::filesystem::path& path) {
    return json::parse(awsml_test::read_file(path));
}

std::string as_string(const json::value& v) {
    return std::string(v.as_string());
}

endpoint_params params_from(const json::object& test_case) {
    endpoint_params params;
    const auto* given = test_case.if_contains("params");
    if (!given)
        return params;
    const auto& p = given->as_object();
    if (const auto* v = p.if_contains("Region"))
        params.region = as_string(*v);
    if (const auto* v = p.if_contains("UseFIPS"))
        params.use_fips = v->as_bool();
    if (const auto* v = p.if_contains("UseDualStack"))
        params.use_dual_stack = v->as_bool();
    if (const auto* v = p.if_contains("Endpoint"))
        params.endpoint = as_string(*v);
    return params;
}

} // namespace

TEST_CASE("every case of endpoint-tests-1.json resolves as expected", "[endpoint][vectors]") {
    auto path = awsml_test::shared_path("aws-model/endpoint-tests-1.json");
    if (!path)
        return;
    const auto cases = load_json(*path).at("testCases").as_array();
    REQUIRE(cases.size() == 22);

    int endpoints = 0;
    int errors = 0;
    for (const auto& entry : cases) {
        const auto& test_case = entry.as_object();
        INFO(as_string(test_case.at("documentation")));
        const auto& expect = test_case.at("expect").as_object();
        auto result = awsml::try_resolve_endpoint(params_from(test_case));
        if (const auto* endpoint = expect.if_contains("endpoint")) {
            ++endpoints;
            REQUIRE(result.has_value());
            CHECK(result->url == as_string(endpoint->at("url")));
        } else {
            ++errors;
            REQUIRE(result.has_error());
            CHECK(result.error().code == awsml::errc::endpoint_error);
            CHECK(result.error().message == as_string(expect.at("error")));
        }
    }
    CHECK(endpoints == 19);
    CHECK(errors == 3);
}

TEST_CASE("the partition table is faithful to partitions.json", "[endpoint][vectors]") {
    auto path = awsml_test::shared_path("aws-model/partitions.json");
    if (!path)
        return;
    const auto document = load_json(*path);
    const auto& partitions = document.at("partitions").as_array();
    REQUIRE(partitions.size() == std::size(awsml::detail::partitions));

    for (std::size_t i = 0; i < partitions.size(); ++i) {
        const auto& expected = partitions[i].as_object();
        const auto& actual = awsml::detail::partitions[i];
        INFO("partition " << as_string(expected.at("id")));
        CHECK(actual.id == as_string(expected.at("id")));
        CHECK(actual.region_regex == as_string(expected.at("regionRegex")));

        const auto& outputs = expected.at("outputs").as_object();
        CHECK(outputs.size() == 6);
        CHECK(actual.outputs.name == as_string(outputs.at("name")));
        CHECK(actual.outputs.dns_suffix == as_string(outputs.at("dnsSuffix")));
        CHECK(actual.outputs.dual_stack_dns_suffix == as_string(outputs.at("dualStackDnsSuffix")));
        CHECK(actual.outputs.supports_fips == outputs.at("supportsFIPS").as_bool());
        CHECK(actual.outputs.supports_dual_stack == outputs.at("supportsDualStack").as_bool());
        CHECK(actual.outputs.implicit_global_region ==
              as_string(outputs.at("implicitGlobalRegion")));

        const auto& regions = expected.at("regions").as_object();
        REQUIRE(actual.regions.size() == regions.size());
        std::size_t r = 0;
        for (const auto& [name, info] : regions) {
            INFO("region " << std::string(name));
            CHECK(actual.regions[r].name == std::string_view(name));
            // Only a description: no region overrides its partition's outputs.
            CHECK(info.as_object().size() == 1);
            CHECK(actual.regions[r].description == as_string(info.at("description")));
            ++r;
        }
    }
}

TEST_CASE("aws.partition: listed regions, then regionRegex, then aws", "[endpoint]") {
    // Listed.
    CHECK(partition_for_region("us-east-1").id == "aws");
    CHECK(partition_for_region("aws-global").id == "aws");
    CHECK(partition_for_region("cn-north-1").id == "aws-cn");
    CHECK(partition_for_region("us-gov-west-1").id == "aws-us-gov");
    CHECK(partition_for_region("eusc-de-east-1").id == "aws-eusc");
    // Not listed, matched by a partition's regionRegex.
    CHECK(partition_for_region("us-gov-north-7").id == "aws-us-gov");
    CHECK(partition_for_region("cn-south-2").id == "aws-cn");
    CHECK(partition_for_region("us-iso-north-3").id == "aws-iso");
    CHECK(partition_for_region("us-isob-south-2").id == "aws-iso-b");
    CHECK(partition_for_region("us-isof-west-9").id == "aws-iso-f");
    CHECK(partition_for_region("eu-isoe-north-2").id == "aws-iso-e");
    CHECK(partition_for_region("eusc-de-west-2").id == "aws-eusc");
    CHECK(partition_for_region("mx-north-12").id == "aws");
    // Listed global pseudo-regions.
    CHECK(partition_for_region("aws-cn-global").id == "aws-cn");
    CHECK(partition_for_region("aws-iso-b-global").id == "aws-iso-b");
    // Near misses fall back to the default partition.
    CHECK(partition_for_region("eusc-fr-east-1").id == "aws");
    CHECK(partition_for_region("cn-north").id == "aws");
    CHECK(partition_for_region("local").id == "aws");
    CHECK(partition_for_region("xx-east-1").id == "aws");

    auto endpoint = awsml::resolve_endpoint({.region = "us-isof-west-9"});
    CHECK(endpoint.url == "https://machinelearning.us-isof-west-9.csp.hci.ic.gov");
    endpoint = awsml::resolve_endpoint({.region = "eusc-de-east-1", .use_dual_stack = true});
    CHECK(endpoint.url == "https://machinelearning.eusc-de-east-1.api.amazonwebservices.eu");
    endpoint = awsml::resolve_endpoint({.region = "local"});
    CHECK(endpoint.url == "https://machinelearning.local.amazonaws.com");
}

TEST_CASE("a resolved regional endpoint comes with its parts", "[endpoint]") {
    auto endpoint = awsml::resolve_endpoint({.region = "eu-west-1", .use_fips = true});
    CHECK(endpoint.url == "https://machinelearning-fips.eu-west-1.amazonaws.com");
    CHECK(endpoint.scheme == "https");
    CHECK(endpoint.host == "machinelearning-fips.eu-west-1.amazonaws.com");
    CHECK(endpoint.port == 443);
    CHECK_FALSE(endpoint.has_explicit_port);
    CHECK(endpoint.path.empty());
    CHECK(endpoint.target() == "/");
    CHECK(endpoint.host_header() == "machinelearning-fips.eu-west-1.amazonaws.com");
}

TEST_CASE("the three forms of resolve_endpoint", "[endpoint]") {
    endpoint_params missing_region;

    SECTION("throwing") {
        try {
            awsml::resolve_endpoint(missing_region);
            FAIL("no exception");
        } catch (const awsml::error& e) {
            CHECK(e.code() == awsml::errc::endpoint_error);
            CHECK_THAT(e.what(), Catch::StartsWith("Invalid Configuration: Missing Region"));
        }
    }
    SECTION("error_code") {
        std::error_code ec;
        auto endpoint = awsml::resolve_endpoint(missing_region, ec);
        CHECK(ec == awsml::errc::endpoint_error);
        CHECK(endpoint.url.empty());
        endpoint = awsml::resolve_endpoint({.region = "us-west-2"}, ec);
        CHECK_FALSE(ec);
        CHECK(endpoint.url == "https://machinelearning.us-west-2.amazonaws.com");
    }
    SECTION("result") {
        auto result = awsml::try_resolve_endpoint(missing_region);
        REQUIRE(result.has_error());
        CHECK(result.error().message == "Invalid Configuration: Missing Region");
        CHECK_THROWS_AS(result.value(), awsml::error);
    }
}

TEST_CASE("regions that cannot be part of a host name are refused", "[endpoint]") {
    CHECK(awsml::try_resolve_endpoint({.region = ""}).error().message ==
          "Invalid Configuration: Missing Region");
    const std::string bad_regions[] = {
        "us east 1",          "us-east-1.evil.com",      "-us-east-1", "us-east-1-", "us-east-1/",
        std::string(64, 'a'), std::string("us\0east", 7)};
    for (const auto& bad : bad_regions) {
        INFO(bad);
        auto result = awsml::try_resolve_endpoint({.region = bad});
        REQUIRE(result.has_error());
        CHECK(result.error().code == awsml::errc::endpoint_error);
        CHECK_THAT(result.error().message, Catch::StartsWith("invalid region \""));
        // With a custom endpoint too, as botocore: the region is signed into every request.
        auto custom =
            awsml::try_resolve_endpoint({.region = bad, .endpoint = "http://127.0.0.1:8686"});
        REQUIRE(custom.has_error());
        CHECK_THAT(custom.error().message, Catch::StartsWith("invalid region \""));
    }
    CHECK(awsml::try_resolve_endpoint({.region = "us-east-1", .endpoint = "http://127.0.0.1:8686"})
              .has_value());
    CHECK(awsml::try_resolve_endpoint({.region = std::string(63, 'a')}).has_value());
}

TEST_CASE("custom endpoints are used verbatim and parsed", "[endpoint][url]") {
    auto endpoint = awsml::resolve_endpoint({.endpoint = "http://localhost:4566"});
    CHECK(endpoint.url == "http://localhost:4566");
    CHECK(endpoint.scheme == "http");
    CHECK(endpoint.host == "localhost");
    CHECK(endpoint.port == 4566);
    CHECK(endpoint.has_explicit_port);
    CHECK(endpoint.host_header() == "localhost:4566");
    CHECK(endpoint.target() == "/");

    // A custom endpoint wins over the region, even one of no partition; a region that is not a
    // DNS label is refused all the same, as botocore refuses it ("regions that cannot be part
    // of a host name are refused").
    endpoint = awsml::resolve_endpoint({.region = "mars-north-9", .endpoint = "https://x.test"});
    CHECK(endpoint.host == "x.test");
}

TEST_CASE("parse_endpoint_url accepts what an endpoint can be", "[endpoint][url]") {
    auto url = awsml::parse_endpoint_url("HTTPS://Example.COM").value();
    CHECK(url.scheme == "https");
    CHECK(url.host == "Example.COM");
    CHECK(url.port == 443);
    CHECK_FALSE(url.has_explicit_port);
    CHECK(url.path.empty());
    CHECK(url.url == "HTTPS://Example.COM");

    url = awsml::parse_endpoint_url("http://10.0.0.1").value();
    CHECK(url.port == 80);
    CHECK(url.host_header() == "10.0.0.1");

    url = awsml::parse_endpoint_url("https://proxy.internal:8443/ml/v1/").value();
    CHECK(url.host == "proxy.internal");
    CHECK(url.port == 8443);
    CHECK(url.path == "/ml/v1/");
    CHECK(url.target() == "/ml/v1/");
    CHECK(url.host_header() == "proxy.internal:8443");

    url = awsml::parse_endpoint_url("https://h.test:443/").value();
    CHECK(url.has_explicit_port);
    CHECK(url.host_header() == "h.test"); // the default port is not part of Host
    CHECK(url.path == "/");

    url = awsml::parse_endpoint_url("http://[::1]:8080/x%20y").value();
    CHECK(url.is_ipv6_literal);
    CHECK(url.host == "::1");
    CHECK(url.port == 8080);
    CHECK(url.path == "/x%20y");
    CHECK(url.host_header() == "[::1]:8080");

    url = awsml::parse_endpoint_url("https://[2001:db8::7]").value();
    CHECK(url.host == "2001:db8::7");
    CHECK(url.port == 443);
    CHECK(url.host_header() == "[2001:db8::7]");

    url = awsml::parse_endpoint_url("http://my_container:1").value();
    CHECK(url.host == "my_container");
    CHECK(url.port == 1);
}

TEST_CASE("parse_endpoint_url rejects garbage and says why", "[endpoint][url]") {
    struct bad_url {
        const char* text;
        const char* problem;
    };
    const bad_url cases[] = {
        {"", "it has no scheme"},
        {"example.com", "it has no scheme"},
        {"ftp://example.com", "the scheme \"ftp\" is not https or http"},
        {"https://", "the host is empty"},
        {"https://:443", "the host is empty"},
        {"https://exa mple.com", "the host contains \" \""},
        {"https://example.com:", "the port \"\" is not a number from 1 to 65535"},
        {"https://example.com:0", "the port \"0\" is not a number"},
        {"https://example.com:65536", "the port \"65536\" is not a number"},
        {"https://example.com:8a", "the port \"8a\" is not a number"},
        {"https://example.com:1:2", "the host contains \":\""},
        {"https://a..b", "the host has an empty label"},
        {"https://user:pw@example.com", "user information"},
        {"https://example.com?x=1", "a query or fragment"},
        {"https://example.com/p?x=1", "a query or fragment"},
        {"https://example.com/p#f", "a query or fragment"},
        {"https://example.com/a b", "the path contains \" \""},
        {"https://[::1", "no closing ']'"},
        {"https://[::1]x", "unexpected characters after the IPv6 address"},
        {"https://[example.com]", "not an IPv6 address"},
        {"https://[]", "not an IPv6 address"},
        {"https://ex\nample.com", "the host contains \"\\x0a\""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto result = awsml::parse_endpoint_url(c.text);
        REQUIRE(result.has_error());
        CHECK(result.error().code == awsml::errc::endpoint_error);
        CHECK_THAT(result.error().message, Catch::StartsWith("invalid endpoint URL \""));
        CHECK_THAT(result.error().message, Catch::Contains(c.problem));
    }

    auto result = awsml::try_resolve_endpoint({.endpoint = "localhost:4566"});
    REQUIRE(result.has_error());
    CHECK(result.error().message == "invalid endpoint URL \"localhost:4566\": it has no scheme "
                                    "(expected it to start with https:// or http://)");
}

} // namespace endpoint_test
