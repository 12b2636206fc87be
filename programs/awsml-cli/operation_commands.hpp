#pragma once

// The command of each operation and waiter, as templates over its descriptor: the AWS CLI's
// global options, its automatic pagination of the Describe* commands (--max-items,
// --starting-token, --page-size, --no-paginate, and its NextToken), its output (--query,
// --output json, text or table, cli_timestamp_format: output.hpp) and its exit codes.
// Instantiated for every operation of the service, they are the CLI's heaviest code: only
// commands.cpp includes this header, so they are compiled once, and each program that runs a
// command includes the light <awsml-cli/commands.hpp>.

#include <awsml-cli/arguments.hpp>
#include <awsml-cli/commands.hpp>
#include <awsml-cli/exact_json.hpp>
#include <awsml-cli/failure_report.hpp>
#include <awsml-cli/help.hpp>
#include <awsml-cli/names.hpp>
#include <awsml-cli/option_names.hpp>
#include <awsml-cli/output.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml-cli/skeleton.hpp>
#include <awsml-cli/terminal_prompt.hpp>
#include <awsml/awsml.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::cli {

/// The options every command takes, wherever they appear on the command line.
struct global_options {
    awsml::client_config config;
    awsml::http_transport_config transport;
    bool debug = false;
    bool help = false;
    std::optional<skeleton_kind> skeleton; ///< --generate-cli-skeleton [input|output]
    std::optional<std::string> cli_input_json;
    output_options output;
    /// --output given: AWS_DEFAULT_OUTPUT and the profile's `output` are not read.
    bool output_chosen = false;
    // pagination (Describe* commands)
    bool no_paginate = false;
    std::optional<std::size_t> max_items;
    std::optional<std::int32_t> page_size;
    std::optional<std::string> starting_token;
    /// The last error response of the command's calls, for its error line.
    std::shared_ptr<error_answer> last_error = std::make_shared<error_answer>();
};

constexpr option_text global_option_help[] = {
    {"--endpoint-url URL", "send to this endpoint instead of the region's"},
    {"--region REGION", "the region (else AWS_REGION, AWS_DEFAULT_REGION, the profile)"},
    {"--profile NAME",
     "the shared config/credentials profile (else AWS_DEFAULT_PROFILE, AWS_PROFILE, default)"},
    {"--cli-connect-timeout S", "seconds to wait for a connection (default 60; 0: no limit)"},
    {"--cli-read-timeout S",
     "seconds to wait for the next bytes of a response (default 60; 0: no limit)"},
    {"--ca-bundle FILE", "trust this CA bundle for TLS"},
    {"--no-verify-ssl", "do not verify TLS certificates (a warning says so on stderr)"},
    {"--no-sign-request", "send requests unsigned; no credentials are looked for"},
    {"--cli-input-json JSON", "the parameters as one JSON object (or file://path)"},
    {"--generate-cli-skeleton [input|output]",
     "print the parameters' JSON skeleton (input, the default), or check the parameters and "
     "print a sample answer (output); nothing is sent"},
    {"--output FORMAT", "json (the default), text or table, as the AWS CLI writes them"},
    {"--color on|off|auto", "colours in table output (auto: when printing to a terminal)"},
    {"--query JMESPATH", "print only what this JMESPath expression selects from the answer"},
    {"--debug", "log each request and response to stderr, secrets redacted"},
    {"--help", "this text"},
};

constexpr option_text pagination_option_help[] = {
    {"--max-items <value>", "Print at most this many results in all; when there are more, the "
                            "output ends with a NextToken that --starting-token resumes from."},
    {"--starting-token <value>", "Resume from a NextToken printed by --max-items."},
    {"--page-size <value>", "The number of results each request asks for; the output is the "
                            "same, in more or fewer requests."},
    {"--no-paginate", "Send one request only, and print its results with the service's own "
                      "NextToken."},
};

inline double parse_seconds(std::string_view flag, const std::string& text) {
    // A year at most: a longer one would overflow the milliseconds it becomes (fuzz finding).
    constexpr double longest = 365.0 * 24 * 3600;
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(value >= 0 && value <= longest))
        throw usage_error{std::string(flag) +
                          ": expected a number of seconds up to a year, got \"" + text + "\""};
    return value;
}

template <class Integer>
Integer parse_count(std::string_view flag, const std::string& text) {
    const json::value value = python_number(text); // Python's int(), as the AWS CLI reads it
    if (!value.is_int64() || value.as_int64() < 1 ||
        std::uint64_t(value.as_int64()) > std::uint64_t(std::numeric_limits<Integer>::max()))
        throw usage_error{std::string(flag) + ": expected a positive integer, got \"" + text +
                          "\""};
    return static_cast<Integer>(value.as_int64());
}

/// --page-size as argparse reads it (Python's int()); its range is botocore's to check, on the
/// member it sets (check_page_size).
inline std::int32_t parse_page_size(const std::string& text) {
    const json::value value = python_number(text);
    if (!value.is_int64() || value.as_int64() < std::numeric_limits<std::int32_t>::min() ||
        value.as_int64() > std::numeric_limits<std::int32_t>::max())
        throw usage_error{"--page-size: expected an integer, got \"" + text + "\""};
    return static_cast<std::int32_t>(value.as_int64());
}

/// --page-size checked as botocore checks the member it sets, in its words ("Invalid value for
/// parameter Limit, value: 0, valid min value: 1").
template <class Op>
void check_page_size(std::optional<std::int32_t> page_size) {
    if (!page_size)
        return;
    using input = typename Op::input;
    std::vector<std::string> problems;
    awsml::detail::for_each_member<input>([&](auto d, const auto& rule) {
        if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>,
                                     std::remove_cv_t<decltype(Op::pagination::page_size)>>)
            if (d.pointer == Op::pagination::page_size)
                botocore_range_checks(problems).check<member_type_t<input, decltype(d)>>(
                    json::value(*page_size), rule.constraints, std::string(rule.wire_name));
    });
    if (!problems.empty())
        throw parameter_error{problems.front()};
}

/// --max-items as the AWS CLI reads it: 0 is warned of, then prints no result and the token to go
/// on from; a count past int64 is no limit. A negative one, which the AWS CLI warns of and then
/// applies as a Python slice (dropping results from the end), is refused.
inline std::size_t parse_max_items(const std::string& text) {
    const json::value value = python_number(text);
    const auto is_integer_text = [&] { // as Python's int() reads it: no point, no exponent
        return std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '_' || c == '+' ||
                   std::string_view(" \t\n\r\f\v").find(c) != std::string_view::npos;
        });
    };
    if (value.is_uint64() || (value.is_double() && value.as_double() > 0 && is_integer_text()))
        return std::numeric_limits<std::size_t>::max();
    if (value.is_int64() && value.as_int64() == 0) {
        std::cerr << "warning: Non-positive values for --max-items may result in undefined "
                     "behavior.\n";
        return 0;
    }
    if (value.is_int64() && value.as_int64() < 0)
        throw usage_error{"--max-items: expected 0 or more, got \"" + text +
                          "\" (the AWS CLI warns, then drops results from the end)"};
    return parse_count<std::size_t>("--max-items", text);
}

/// --generate-cli-skeleton's optional value, which follows it at args[i + 1] unless that is an
/// option (argparse's nargs='?').
inline skeleton_kind skeleton_choice(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size() || (!is_bound_value(args[i + 1]) && args[i + 1].starts_with("-")))
        return skeleton_kind::input;
    const std::string choice = as_written(args[++i]);
    if (choice != "input" && choice != "output")
        throw usage_error{"--generate-cli-skeleton: expected input or output, got " +
                          awsml::in_quotes(choice)};
    return choice == "input" ? skeleton_kind::input : skeleton_kind::output;
}

/// The options a command takes besides the global ones: its input's, then those the AWS CLI adds
/// (the pagination ones for a Describe* command only).
template <class Input>
std::vector<std::string> command_options(bool paginated) {
    std::vector<std::string> names = option_names_of<Input>();
    names.insert(names.end(), {"--cli-input-json", "--generate-cli-skeleton"});
    if (paginated)
        names.insert(names.end(), {"--starting-token", "--page-size", "--max-items"});
    return names;
}

/// For a command that makes one request (--no-paginate, or a page's NextToken or Limit given by
/// hand, which the AWS CLI reads as --no-paginate): the pagination arguments given, refused in
/// botocore's words.
inline void refuse_pagination_arguments(const global_options& g) {
    const bool starting_token = g.starting_token && !g.starting_token->empty(); // "" is none
    std::string given; // those given, in botocore's order
    for (auto [set, name] :
         {std::pair{starting_token, "--starting-token"},
          std::pair{bool(g.page_size), "--page-size"}, std::pair{bool(g.max_items), "--max-items"}})
        if (set)
            given += (given.empty() ? "" : ", ") + std::string(name);
    if (!given.empty()) // botocore's PaginationError: exit 255, no usage lines
        throw std::runtime_error(
            "Error during pagination: Cannot specify --no-paginate along with pagination "
            "arguments: " +
            given);
}

/// Takes the global options out of `args`, leaving the command's own; --max-items,
/// --page-size and --starting-token are taken only for a command that is `paginated`.
inline global_options take_global_options(std::vector<std::string>& args, bool paginated) {
    global_options g;
    g.output.colors = stdout_is_terminal() ? table_colors::on : table_colors::off; // --color auto
    g.output.terminal_width = stdout_terminal_width();
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> std::string { // as argparse: never the next option's name
            if (i + 1 >= args.size() ||
                (!is_bound_value(args[i + 1]) && args[i + 1].starts_with("--")))
                throw usage_error{arg + ": expected a value"};
            return as_written(args[++i]);
        };
        if (arg == "--help")
            g.help = true;
        else if (arg == "--endpoint-url")
            g.config.endpoint_url = value();
        else if (arg == "--region") // botocore's session region: AWS Sign-In's too
            g.config.region = g.config.credential_sources.login.region = value();
        else if (arg == "--profile")
            g.config.profile = value();
        else if (arg == "--cli-connect-timeout")
            g.transport.connect_timeout =
                std::chrono::milliseconds(std::int64_t(parse_seconds(arg, value()) * 1000));
        else if (arg == "--cli-read-timeout")
            g.transport.read_timeout =
                std::chrono::milliseconds(std::int64_t(parse_seconds(arg, value()) * 1000));
        else if (arg == "--ca-bundle")
            g.transport.ca_file = value();
        else if (arg == "--no-verify-ssl")
            g.transport.insecure_skip_tls_verify = true;
        else if (arg == "--no-sign-request")
            g.config.sign_requests = false;
        else if (arg == "--output") {
            const std::string format = value();
            const auto named = output_format_named(format);
            if (!named)
                throw usage_error{"--output: expected json, text or table, got " +
                                  awsml::in_quotes(format)};
            g.output.format = *named;
            g.output_chosen = true;
        } else if (arg == "--color") {
            const std::string choice = value();
            if (choice != "on" && choice != "off" && choice != "auto")
                throw usage_error{"--color: expected on, off or auto, got " +
                                  awsml::in_quotes(choice)};
            if (choice != "auto") // auto is the default, set above
                g.output.colors = choice == "on" ? table_colors::on : table_colors::off;
        } else if (arg == "--query") {
            const std::string text = value();
            if (const auto bad = awsml::detail::invalid_utf8_offset(text);
                bad != std::string_view::npos)
                throw usage_error{arg + ": invalid UTF-8 at byte " + std::to_string(bad)};
            g.output.query = query_option(text);
        } else if (arg == "--debug")
            g.debug = true;
        else if (arg == "--cli-input-json")
            g.cli_input_json = value();
        else if (arg == "--generate-cli-skeleton")
            g.skeleton = skeleton_choice(args, i);
        else if (arg == "--no-paginate")
            g.no_paginate = true;
        else if (paginated && arg == "--max-items")
            g.max_items = parse_max_items(value());
        else if (paginated && arg == "--page-size")
            g.page_size = parse_page_size(value());
        else if (paginated && arg == "--starting-token")
            g.starting_token = value();
        else
            rest.push_back(arg);
    }
    if (g.no_paginate)
        refuse_pagination_arguments(g);
    args = std::move(rest);
    return g;
}

/// What the AWS CLI takes from the profile for its output: the format where the command line
/// has none (AWS_DEFAULT_OUTPUT, else the profile's `output`, else json), and
/// cli_timestamp_format. A config that does not load is left to the client, which reports it.
inline void apply_output_settings(global_options& g) {
    const auto env = awsml::environment::process();
    auto config = awsml::try_load_shared_config(env, g.config.profile);
    const auto from_profile = [&](std::string_view key) -> std::optional<std::string> {
        return config ? config->profile.get(key) : std::nullopt;
    };
    if (auto timestamps = from_profile("cli_timestamp_format"))
        g.output.timestamps = timestamp_format_named(*timestamps);
    if (g.output_chosen)
        return;
    std::optional<std::string> name = env.get("AWS_DEFAULT_OUTPUT");
    if (!name)
        name = from_profile("output");
    if (!name)
        return;
    const auto format = output_format_named(*name);
    if (!format)
        throw std::runtime_error("Unknown output type: " + *name); // exit 255, as the AWS CLI
    g.output.format = *format;
}

inline awsml::client make_client(global_options& g) {
    {
        // What the configuration resolves to (environment, profile, options), as a client sees it.
        const awsml::client resolved(g.config, awsml::asio_http_transport(g.transport));
        // As the AWS CLI (urllib3) warns: where there is TLS to verify.
        const auto& endpoint = resolved.endpoint();
        if (g.transport.insecure_skip_tls_verify &&
            !(endpoint.has_value() && endpoint->scheme == "http"))
            std::cerr << "warning: --no-verify-ssl: TLS certificates are not verified; the server "
                         "may not be who it claims to be\n";
        // botocore's connect timeout is 60 s where neither --cli-connect-timeout nor the defaults
        // mode sets one; the library's own is the SDKs' standard 3.1 s.
        if (!g.transport.connect_timeout && !awsml::connect_timeout_for(resolved.defaults_mode()))
            g.transport.connect_timeout = std::chrono::seconds(60);
    }
    if (g.debug)
        g.config.hooks =
            awsml::logging_hooks([](std::string_view line) { std::cerr << line << "\n"; });
    g.config.hooks = keeping_error_answers(std::move(g.config.hooks), g.last_error);
    g.config.credential_sources.mfa_code = ask_mfa_code_on_terminal; // a profile's mfa_serial
    return awsml::client(g.config, awsml::asio_http_transport(g.transport));
}

/// One PaginationConfig member of --cli-input-json read as its option reads its text (botocore
/// applies int() to MaxItems and PageSize), its errors named after the member.
template <class Parse>
auto pagination_config_member(const json::value& value, std::string_view name, Parse parse) {
    const std::string where = "--cli-input-json: PaginationConfig." + std::string(name);
    if (!value.is_string() && !value.is_int64() && !value.is_uint64())
        throw usage_error{where + ": expected an integer"};
    try {
        return parse(value.is_string() ? std::string(value.as_string()) : json::serialize(value));
    } catch (const usage_error& e) { // "--max-items: expected ...": the option's name replaced
        const std::size_t colon = e.message.find(':');
        throw usage_error{
            where + (colon == std::string::npos ? ": " + e.message : e.message.substr(colon))};
    }
}

/// The AWS CLI's PaginationConfig in --cli-input-json (MaxItems, PageSize, StartingToken):
/// taken out of the input and used as the pagination options, unless the command line gives
/// any of them (awscli then ignores the whole of it).
inline void take_pagination_config(std::optional<json::object>& input, global_options& g) {
    if (!input || !input->contains("PaginationConfig"))
        return;
    const json::value config = input->at("PaginationConfig");
    input->erase("PaginationConfig");
    if (g.max_items || g.page_size || g.starting_token)
        return;
    if (!config.is_object())
        throw usage_error{"--cli-input-json: PaginationConfig: expected a JSON object"};
    const json::object& members = config.as_object();
    if (const auto* max_items = members.if_contains("MaxItems"); max_items && !max_items->is_null())
        g.max_items = pagination_config_member(*max_items, "MaxItems", parse_max_items);
    if (const auto* page_size = members.if_contains("PageSize"); page_size && !page_size->is_null())
        g.page_size = pagination_config_member(*page_size, "PageSize", parse_page_size);
    if (const auto* token = members.if_contains("StartingToken"); token && !token->is_null()) {
        if (!token->is_string())
            throw usage_error{
                "--cli-input-json: PaginationConfig.StartingToken: expected a string"};
        g.starting_token = std::string(token->as_string());
    }
}

inline std::optional<json::object> cli_input(const global_options& g) {
    if (!g.cli_input_json)
        return std::nullopt;
    json::value doc =
        parse_json(text_or_file(*g.cli_input_json, "--cli-input-json"), "--cli-input-json");
    if (!doc.is_object())
        throw usage_error{"--cli-input-json: expected a JSON object"};
    return std::move(doc.as_object());
}

// --- pagination, as the AWS CLI does it ---------------------------------------------------------

/// Where --starting-token resumes: the page token, and how many results of that page were
/// already printed. The token is botocore's: base64 of {"NextToken": ..., "boto_truncate_amount": n}.
struct resume_point {
    std::optional<std::string> page_token;
    std::size_t skip = 0;
    bool inside_page = false; ///< cut inside the page: botocore writes the skip even when 0
};

inline std::string encode_resume_token(const resume_point& at) {
    std::string text =
        "{\"NextToken\": " + (at.page_token ? python_json_string(*at.page_token, true) : "null");
    if (at.skip > 0 || at.inside_page)
        text += ", \"boto_truncate_amount\": " + std::to_string(at.skip);
    return awsml::base64_encode(text + "}");
}

/// A token that is not one of ours, read as botocore's older form is: the service's NextToken
/// ("None": from the first page), then optionally "___" and how many of that page's results
/// to skip (Python's int()); a skip that is not a number leaves the whole token the service's.
inline resume_point raw_resume_token(const std::string& token) {
    std::vector<std::string> parts;
    for (std::size_t from = 0;;) {
        const std::size_t mark = token.find("___", from);
        parts.push_back(token.substr(from, mark - from));
        if (mark == std::string::npos)
            break;
        from = mark + 3;
    }
    if (parts.size() > 2)
        throw usage_error{"--starting-token: bad starting token: " + awsml::in_quotes(token)};
    resume_point at{.page_token = token};
    if (parts.size() == 2) {
        const json::value skip = python_number(parts[1]);
        if (skip.is_int64() && skip.as_int64() >= 0) {
            at.page_token = parts[0];
            at.skip = static_cast<std::size_t>(skip.as_int64());
        }
    }
    if (at.page_token == "None")
        at.page_token.reset();
    return at;
}

inline resume_point decode_resume_token(const std::string& token) {
    const usage_error bad{"--starting-token: not a NextToken printed by --max-items"};
    auto bytes = awsml::base64_decode(token);
    if (!bytes)
        return raw_resume_token(token);
    std::error_code ec;
    json::value doc = json::parse(
        std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
    if (ec)
        return raw_resume_token(token);
    if (!doc.is_object() || !doc.as_object().contains("NextToken"))
        throw bad;
    resume_point at;
    if (const json::value& next = doc.at("NextToken"); next.is_string())
        at.page_token = std::string(next.as_string());
    else if (!next.is_null())
        throw bad;
    if (const json::value* skip = doc.as_object().if_contains("boto_truncate_amount")) {
        if (!skip->is_int64() || skip->as_int64() < 0)
            throw bad;
        at.skip = static_cast<std::size_t>(skip->as_int64());
    }
    return at;
}

/// `output` as the AWS CLI's formatters receive it: its JSON with exact numbers (a float as the
/// double the service writes it as, which botocore reads), timestamps as the profile's
/// cli_timestamp_format prints them.
template <class Output>
json::value answer_json(const Output& output, const global_options& g) {
    json::value answer = parse_exact_json(awsml::to_json(output, {.floats_as_doubles = true}));
    apply_timestamp_format<Output>(answer, g.output.timestamps);
    return answer;
}

/// Prints what the AWS CLI prints for `output`; nothing is written before all of it is known.
template <class Output>
void print_output(const Output& output, std::string_view operation, const global_options& g) {
    std::cout << format_response(answer_json(output, g), operation, g.output);
}

/// The pages of a walk, as the AWS CLI prints them: merged into one output (Results) in JSON; in
/// text, each page on its own with the query applied to it (awscli's TextFormatter). Cut at
/// --max-items, with a NextToken to resume.
template <awsml::paginated_operation Op>
int run_paginated(awsml::client& client, typename Op::input input, const global_options& g) {
    using output = typename Op::output;
    resume_point start;
    if (g.starting_token) {
        start = decode_resume_token(*g.starting_token);
        input.*Op::pagination::input_token = start.page_token;
    }
    auto walk = client.template paginate<Op>(input, {.page_size = g.page_size});
    const bool page_by_page = g.output.format == output_format::text;
    output merged{};
    auto& results = (merged.*Op::pagination::results).emplace();
    std::string text; // page by page: every page's lines, printed once the walk has ended
    std::size_t kept = 0, skip = start.skip;
    std::optional<std::string> resume_token, last_received; // the last page's NextToken
    while (walk.has_more_pages() && !resume_token) {
        const auto page_token = walk.next_request_token();
        auto page = walk.try_next_page();
        if (!page && page.error().code == awsml::errc::pagination_loop) {
            print_pagination_loop(last_received.value_or(""));
            return exit_other_error;
        }
        if (!page) {
            print_failure(Op::name, page.error(), client.retries(), *g.last_error);
            return exit_code_for(page.error());
        }
        last_received = (*page).*Op::pagination::output_token;
        auto& items = (*page).*Op::pagination::results;
        const std::size_t count = items ? items->size() : 0;
        for (std::size_t i = std::min(skip, count); i < count && !resume_token; ++i) {
            if (g.max_items && kept == *g.max_items)
                resume_token = encode_resume_token({page_token, i, true});
            else
                results.push_back(std::move((*items)[i])), ++kept;
        }
        skip = 0;
        if (!resume_token && g.max_items && kept == *g.max_items && walk.has_more_pages())
            resume_token = encode_resume_token({walk.next_request_token(), 0});
        if (page_by_page) {
            text += format_response(answer_json(merged, g), Op::name, g.output);
            results.clear();
        }
    }
    if (!page_by_page) {
        merged.*Op::pagination::output_token = resume_token;
        print_output(merged, Op::name, g);
        return 0;
    }
    if (resume_token) // as awscli: {"NextToken": {"NextToken": ...}}, the query applied to it too
        text +=
            format_response(json::object{{"NextToken", json::object{{"NextToken", *resume_token}}}},
                            Op::name, g.output);
    std::cout << text;
    return 0;
}

// --- commands ---------------------------------------------------------------------------------

template <class Op>
std::set<std::string_view> hidden_members() {
    if constexpr (awsml::paginated_operation<Op>) // as the AWS CLI: --starting-token, --page-size
        return {awsml::detail::wire_name_of<Op::pagination::input_token>(),
                awsml::detail::wire_name_of<Op::pagination::page_size>()};
    else
        return {};
}

template <class Op>
void print_help(std::string_view invocation) {
    const operation_doc* doc = operation_documentation(Op::name);
    const std::string_view text = doc ? doc->text : std::string_view();
    const std::span<const option_text> pagination =
        awsml::paginated_operation<Op> ? pagination_option_help : std::span<const option_text>();
    const command_help help{.invocation = invocation,
                            .summary = first_sentence(text),
                            .description = std::string(text),
                            .operation = Op::name,
                            .options = options_of<typename Op::input>(hidden_members<Op>()),
                            .more_options = pagination,
                            .global_options = global_option_help};
    print_command_help(std::cout, help);
}

/// What a waiter does, in a sentence: its summary in the command list.
template <awsml::waiter_description W>
std::string waiter_summary() {
    return "Waits until " + std::string(W::name) + " holds, polling " +
           cli_name(W::operation::name) + " every " +
           std::to_string(W::default_delay.count() / 1000) + " seconds.";
}

/// --generate-cli-skeleton (input): Op's parameters with blank values.
template <class Op>
int print_input_skeleton() {
    std::cout << python_json(skeleton<typename Op::input>({}), python_json_layout::indented)
              << "\n";
    return 0;
}

/// --generate-cli-skeleton output: the command line checked as its call would check it, nothing
/// sent, then a sample answer printed as an answer is (--query, --output, the profile's format).
template <class Op>
int print_output_skeleton(global_options& g, const typename Op::input& input) {
    apply_output_settings(g);
    awsml::client client = make_client(g);
    if (auto failure = client.template check<Op>(input)) {
        print_failure(Op::name, *failure, client.retries(), *g.last_error);
        return exit_code_for(*failure);
    }
    const bool python_str = g.output.format != output_format::json;
    const skeleton_style style{.member_names = true,
                               .timestamp =
                                   python_str ? "1970-01-01 00:00:00" : "1970-01-01T00:00:00"};
    std::cout << format_response(skeleton<typename Op::output>(style), Op::name, g.output);
    return 0;
}

/// One operation's command: `invocation` is how the user called it, for --help and errors.
template <class Op>
int run_operation(std::string_view invocation, std::vector<std::string> args) {
    constexpr bool paginated = awsml::paginated_operation<Op>;
    args = written_out_options(std::move(args), command_options<typename Op::input>(paginated));
    global_options g = take_global_options(args, paginated);
    if (g.help || asks_for_help<typename Op::input>(args)) {
        print_help<Op>(invocation);
        return 0;
    }
    if (g.skeleton == skeleton_kind::input) {
        check_options<typename Op::input>(args); // an unknown option is refused, as argparse does
        return print_input_skeleton<Op>();
    }
    // The paginated members stay out of --help but are accepted: as in the AWS CLI, giving
    // one as an option means one request, not a walk (in --cli-input-json, the walk starts
    // from it: the AWS CLI decides from its command line alone).
    bool by_hand = false;
    if constexpr (awsml::paginated_operation<Op>)
        by_hand = sets_member<typename Op::input>(args, Op::pagination::input_token) ||
                  sets_member<typename Op::input>(args, Op::pagination::page_size);
    auto input_json = cli_input(g);
    // Only a walk reads PaginationConfig; one request refuses it as a parameter, as botocore.
    if (awsml::paginated_operation<Op> && !g.no_paginate && !by_hand)
        take_pagination_config(input_json, g);
    auto input = parse_input<typename Op::input>(args, std::move(input_json));
    if (g.skeleton == skeleton_kind::output)
        return print_output_skeleton<Op>(g, input);
    apply_output_settings(g);
    awsml::client client = make_client(g);
    if constexpr (awsml::paginated_operation<Op>) {
        if (by_hand)
            refuse_pagination_arguments(g);
        check_page_size<Op>(g.page_size);
        if (!g.no_paginate && !by_hand)
            return run_paginated<Op>(client, std::move(input), g);
    }
    auto result = client.template try_call<Op>(input);
    if (!result) {
        print_failure(Op::name, result.error(), client.retries(), *g.last_error);
        return exit_code_for(result.error());
    }
    print_output(*result, Op::name, g);
    return 0;
}

/// `wait <waiter>`: nothing on success, as the AWS CLI; the reason and 255 on failure.
template <awsml::waiter_description W>
int run_waiter(std::string_view invocation, std::vector<std::string> args) {
    using Op = typename W::operation;
    args = written_out_options(std::move(args), command_options<typename Op::input>(false));
    global_options g = take_global_options(args, false);
    if (g.help || asks_for_help<typename Op::input>(args)) {
        const std::string summary = waiter_summary<W>();
        print_command_help(
            std::cout,
            {.invocation = invocation,
             .summary = summary,
             .description = summary.substr(0, summary.size() - 1) + ", at most " +
                            std::to_string(W::default_max_attempts) +
                            " times. It prints nothing, and exits 0 once it holds, 255 when it "
                            "cannot.\n\nIts parameters are those of " +
                            cli_name(Op::name) + ".",
             .operation = Op::name,
             .options = options_of<typename Op::input>(),
             .more_options = {},
             .global_options = global_option_help});
        return 0;
    }
    if (g.skeleton == skeleton_kind::input) {
        check_options<typename Op::input>(args);
        return print_input_skeleton<Op>();
    }
    auto input = parse_input<typename Op::input>(args, cli_input(g));
    if (g.skeleton == skeleton_kind::output)
        return print_output_skeleton<Op>(g, input);
    awsml::client client = make_client(g);
    auto result = client.template try_wait<W>(input);
    if (!result) {
        // As botocore's WaiterError: every ending but bad parameters and configuration is 255.
        const awsml::call_failure& f = result.error();
        const int code = exit_code_for(f);
        if (code == exit_usage_error || code == exit_config_error) {
            print_failure(Op::name, f, client.retries(), *g.last_error);
            return code;
        }
        std::optional<std::string> explanation;
        if constexpr (requires { W::acceptor::failure_explanation(); })
            explanation = W::acceptor::failure_explanation();
        print_waiter_failure(W::name, f, *g.last_error, std::move(explanation));
        return exit_other_error;
    }
    return 0;
}

/// Every command of a service, named as the AWS CLI names them.
template <class Operations, class Waiters>
std::vector<command> commands_of() {
    std::vector<command> out;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Operations>>(
        [&](auto identity) {
            using Op = typename decltype(identity)::type;
            const operation_doc* doc = operation_documentation(Op::name);
            out.push_back({cli_name(Op::name),
                           std::string(first_sentence(doc ? doc->text : std::string_view())),
                           &run_operation<Op>});
        });
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Waiters>>(
        [&](auto identity) {
            using W = typename decltype(identity)::type;
            out.push_back({"wait " + cli_name(W::name), waiter_summary<W>(), &run_waiter<W>});
        });
    return out;
}

} // namespace awsml::cli
