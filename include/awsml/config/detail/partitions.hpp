#pragma once

// The AWS partitions behind the endpoint rule set's `aws.partition` function, converted by hand
// from botocore's partitions.json (version 1.1, the copy in shared/aws-model). The test
// tests/test_endpoint.cpp reads that file at run time and checks this table against it, so an
// update there that is not carried over here fails loudly.
//
// No region entry in partitions.json overrides its partition's outputs (each carries only a
// description), so regions are kept as name and description; the test asserts that too.

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/model/detail/pattern.hpp>

#include <span>
#include <string_view>

namespace awsml::detail {

struct region_info {
    std::string_view name;
    std::string_view description;
};

/// The `outputs` object of a partition, as `aws.partition` returns it (`name` is the id).
struct partition_outputs {
    std::string_view name;
    std::string_view dns_suffix;
    std::string_view dual_stack_dns_suffix;
    bool supports_fips;
    bool supports_dual_stack;
    std::string_view implicit_global_region;
};

struct partition {
    std::string_view id;
    /// Exactly as in partitions.json, anchors included.
    std::string_view region_regex;
    partition_outputs outputs;
    std::span<const region_info> regions;

    constexpr bool lists_region(std::string_view region) const noexcept {
        for (const auto& r : regions)
            if (r.name == region)
                return true;
        return false;
    }

    /// regionRegex against the whole region. The expressions use only groups, alternation, `\w`,
    /// `\d`, escaped '-' and '+', which the model-pattern matcher covers; it matches whole
    /// strings, so the '^' and '$' anchors are dropped rather than interpreted.
    bool region_matches_regex(std::string_view region) const noexcept {
        std::string_view expression = region_regex;
        if (expression.starts_with('^'))
            expression.remove_prefix(1);
        if (expression.ends_with('$'))
            expression.remove_suffix(1);
        return matches_pattern(expression, region);
    }
};

inline constexpr region_info aws_regions[] = {
    {"af-south-1", "Africa (Cape Town)"},
    {"ap-east-1", "Asia Pacific (Hong Kong)"},
    {"ap-east-2", "Asia Pacific (Taipei)"},
    {"ap-northeast-1", "Asia Pacific (Tokyo)"},
    {"ap-northeast-2", "Asia Pacific (Seoul)"},
    {"ap-northeast-3", "Asia Pacific (Osaka)"},
    {"ap-south-1", "Asia Pacific (Mumbai)"},
    {"ap-south-2", "Asia Pacific (Hyderabad)"},
    {"ap-southeast-1", "Asia Pacific (Singapore)"},
    {"ap-southeast-2", "Asia Pacific (Sydney)"},
    {"ap-southeast-3", "Asia Pacific (Jakarta)"},
    {"ap-southeast-4", "Asia Pacific (Melbourne)"},
    {"ap-southeast-5", "Asia Pacific (Malaysia)"},
    {"ap-southeast-6", "Asia Pacific (New Zealand)"},
    {"ap-southeast-7", "Asia Pacific (Thailand)"},
    {"aws-global", "aws global region"},
    {"ca-central-1", "Canada (Central)"},
    {"ca-west-1", "Canada West (Calgary)"},
    {"eu-central-1", "Europe (Frankfurt)"},
    {"eu-central-2", "Europe (Zurich)"},
    {"eu-north-1", "Europe (Stockholm)"},
    {"eu-south-1", "Europe (Milan)"},
    {"eu-south-2", "Europe (Spain)"},
    {"eu-west-1", "Europe (Ireland)"},
    {"eu-west-2", "Europe (London)"},
    {"eu-west-3", "Europe (Paris)"},
    {"il-central-1", "Israel (Tel Aviv)"},
    {"me-central-1", "Middle East (UAE)"},
    {"me-south-1", "Middle East (Bahrain)"},
    {"mx-central-1", "Mexico (Central)"},
    {"sa-east-1", "South America (Sao Paulo)"},
    {"us-east-1", "US East (N. Virginia)"},
    {"us-east-2", "US East (Ohio)"},
    {"us-west-1", "US West (N. California)"},
    {"us-west-2", "US West (Oregon)"},
};

inline constexpr region_info aws_cn_regions[] = {
    {"aws-cn-global", "aws-cn global region"},
    {"cn-north-1", "China (Beijing)"},
    {"cn-northwest-1", "China (Ningxia)"},
};

inline constexpr region_info aws_eusc_regions[] = {
    {"eusc-de-east-1", "AWS European Sovereign Cloud (Germany)"},
};

inline constexpr region_info aws_iso_regions[] = {
    {"aws-iso-global", "aws-iso global region"},
    {"us-iso-east-1", "US ISO East"},
    {"us-iso-west-1", "US ISO WEST"},
};

inline constexpr region_info aws_iso_b_regions[] = {
    {"aws-iso-b-global", "aws-iso-b global region"},
    {"us-isob-east-1", "US ISOB East (Ohio)"},
    {"us-isob-west-1", "US ISOB West"},
};

inline constexpr region_info aws_iso_e_regions[] = {
    {"aws-iso-e-global", "aws-iso-e global region"},
    {"eu-isoe-west-1", "EU ISOE West"},
};

inline constexpr region_info aws_iso_f_regions[] = {
    {"aws-iso-f-global", "aws-iso-f global region"},
    {"us-isof-east-1", "US ISOF EAST"},
    {"us-isof-south-1", "US ISOF SOUTH"},
};

inline constexpr region_info aws_us_gov_regions[] = {
    {"aws-us-gov-global", "aws-us-gov global region"},
    {"us-gov-east-1", "AWS GovCloud (US-East)"},
    {"us-gov-west-1", "AWS GovCloud (US-West)"},
};

/// In the order of partitions.json; the first ("aws") is the default partition.
inline constexpr partition partitions[] = {
    {"aws",
     R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)",
     {"aws", "amazonaws.com", "api.aws", true, true, "us-east-1"},
     aws_regions},
    {"aws-cn",
     R"(^cn\-\w+\-\d+$)",
     {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true, "cn-northwest-1"},
     aws_cn_regions},
    {"aws-eusc",
     R"(^eusc\-(de)\-\w+\-\d+$)",
     {"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", true, true, "eusc-de-east-1"},
     aws_eusc_regions},
    {"aws-iso",
     R"(^us\-iso\-\w+\-\d+$)",
     {"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", true, true, "us-iso-east-1"},
     aws_iso_regions},
    {"aws-iso-b",
     R"(^us\-isob\-\w+\-\d+$)",
     {"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", true, true, "us-isob-east-1"},
     aws_iso_b_regions},
    {"aws-iso-e",
     R"(^eu\-isoe\-\w+\-\d+$)",
     {"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true, true, "eu-isoe-west-1"},
     aws_iso_e_regions},
    {"aws-iso-f",
     R"(^us\-isof\-\w+\-\d+$)",
     {"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true, true, "us-isof-south-1"},
     aws_iso_f_regions},
    {"aws-us-gov",
     R"(^us\-gov\-\w+\-\d+$)",
     {"aws-us-gov", "amazonaws.com", "api.aws", true, true, "us-gov-west-1"},
     aws_us_gov_regions},
};

/// The rule set's `aws.partition(region)`: the partition that lists the region, else the first
/// whose regionRegex matches it, else "aws" (the rules engine's default, as in botocore and the
/// Smithy reference implementation).
AWSML_DECL const partition& partition_for_region(std::string_view region) noexcept;

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/config/detail/impl/partitions.ipp>
#endif
