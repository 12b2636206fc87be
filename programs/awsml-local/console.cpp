// awsml-local's web console, compiled once (see console.hpp).
#include <awsml-local/browser_guard.hpp>
#include <awsml-local/console.hpp>
#include <awsml-local/entity_log.hpp>
#include <awsml-local/html_escape.hpp>

#include "console_assets.hpp" // generated from console/ by console/embed.py
#include <awsml-local/metrics.hpp>
#include <awsml-local/response.hpp>
#include <awsml/core/detail/ascii.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>

#include <asio/ip/address.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <random>

namespace awsml::local {

namespace detail::console {

namespace json = boost::json;

/// Bins of a BINARY evaluation's score histograms, and steps of its threshold table.
inline constexpr int score_bins = 20;
inline constexpr int threshold_steps = 100;
// Enough to draw; bounds the answer whatever the number of records or labels.
inline constexpr std::size_t roc_points_drawn = 201;
inline constexpr std::size_t matrix_labels_shown = 101; // a model's 100 classes and the rest
inline constexpr int residual_bins = 20;

/// Where the lists are: GET /console/api/lists/KIND?FilterVariable=...
inline constexpr std::string_view lists_path = "/console/api/lists/";

inline constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

inline http_response make_response(int status, std::string_view content_type, std::string body) {
    http_response response;
    response.status = status;
    response.body = std::move(body);
    response.headers = {{"Content-Type", std::string(content_type)},
                        {"Cache-Control", "no-store"},
                        {"X-Content-Type-Options", "nosniff"},
                        {"Referrer-Policy", "no-referrer"},
                        {"Content-Security-Policy", std::string(content_security_policy)}};
    return response;
}

inline http_response json_response(int status, const json::value& value) {
    return make_response(status, "application/json", json::serialize(value));
}

inline http_response failure(int status, std::string_view message) {
    return json_response(status, json::object{{"message", message}});
}

inline http_response failure(const service_failure& e) {
    return json_response(e.status, json::object{{"code", e.code}, {"message", e.message}});
}

inline http_response not_found_page(std::string_view path) {
    return make_response(404, "text/html; charset=utf-8",
                         "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                         "<title>Not found - awsml-local</title>"
                         "<link rel=\"stylesheet\" href=\"/console.css\">"
                         "<main><h1>Not found</h1><p>awsml-local's console has no page " +
                             html_escape(path) +
                             ".</p><p><a href=\"/\">Back to the lists</a></p></main></html>");
}

/// A shape as JSON, through the service's own writer (floats in their shortest text: a page shows
/// 0.3 where the API answers the widened 0.30000001192092896).
template <class Shape>
json::value as_json(const Shape& shape) {
    return json::parse(to_json(shape));
}

/// An operation's answer to a typed input, checked first as the API checks a request.
template <class Input>
auto call(operations& service, const Input& input, timestamp now)
    -> decltype(service.answer(input, now)) {
    if (const auto violations = validate(input); !violations.empty()) {
        std::string message = "Invalid input: ";
        for (std::size_t i = 0; i < violations.size(); ++i)
            message += (i ? "; " : "") + violations[i].path + " " + violations[i].message;
        return service_failure{400, "InvalidInputException", message};
    }
    return service.answer(input, now);
}

/// GET, or HEAD: the same answer, whose body the server leaves out.
inline bool reads(const http_request& request) {
    return request.method == "GET" || request.method == "HEAD";
}

inline bool same_text(std::string_view a, std::string_view b) {
    // Compares every byte whatever differs first: the time says nothing about the token.
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

inline std::string random_token() {
    std::random_device device;
    std::string token;
    constexpr std::string_view hex = "0123456789abcdef";
    for (int i = 0; i < 8; ++i) {
        const auto word = device();
        for (int nibble = 0; nibble < 8; ++nibble)
            token.push_back(hex[(word >> (4 * nibble)) & 0xf]);
    }
    return token;
}

/// Why a state-changing request is refused, or empty when it may go on.
inline std::string csrf_refusal(const http_request& request, std::string_view token) {
    const auto sent_token = find_header(request.headers, "x-console-token");
    if (!sent_token || !same_text(*sent_token, token))
        return "This request lacks the console's token: reload the page.";
    const auto fetch_site = find_header(request.headers, "sec-fetch-site");
    if (fetch_site && *fetch_site != "same-origin")
        return "Requests from other sites are refused (Sec-Fetch-Site: " +
               std::string(fetch_site->substr(0, 40)) + ").";
    const auto origin = find_header(request.headers, "origin");
    const auto host = find_header(request.headers, "host");
    if (!origin || !host || *origin != request.scheme + "://" + std::string(*host))
        return "Requests from other origins are refused: Origin must be this console's own.";
    return {};
}

/// The id of the entity of type Entry whose log `path` names (entity_log_path), if it names one.
template <class Entry>
std::optional<std::string> logged_id(std::string_view path) {
    const std::string folder = entity_log_path<Entry>("");
    if (!path.starts_with(folder) || path.size() == folder.size() ||
        path.find('/', folder.size()) != std::string_view::npos)
        return std::nullopt;
    return std::string(path.substr(folder.size()));
}

/// An entity id from a path below `prefix` ("/ml-models/" + "ml-1" + rest), and what follows it.
inline std::optional<std::pair<std::string, std::string_view>>
entity_path(std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix) || path.size() == prefix.size())
        return std::nullopt;
    path.remove_prefix(prefix.size());
    const auto slash = std::min(path.find('/'), path.size());
    return std::pair{std::string(path.substr(0, slash)), path.substr(slash)};
}

inline std::optional<std::string> string_member(const json::object& body, std::string_view key) {
    const auto* value = body.if_contains(key);
    if (value && value->is_string())
        return std::string(value->get_string());
    return std::nullopt;
}

/// A ScoreThreshold as typed in a form: a plain decimal number from 0 to 1.
inline std::optional<float> parse_threshold(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 0 || value > 1)
        return std::nullopt;
    return static_cast<float>(value);
}

inline json::object metrics_json(const threshold_metrics& m) {
    return {{"Threshold", m.threshold},
            {"TruePositives", m.true_positives},
            {"FalsePositives", m.false_positives},
            {"TrueNegatives", m.true_negatives},
            {"FalseNegatives", m.false_negatives},
            {"Accuracy", m.accuracy},
            {"Precision", m.precision},
            {"Recall", m.recall},
            {"FalsePositiveRate", m.false_positive_rate},
            {"F1", m.f1}};
}

/// The slider's table (thresholds 0, 0.01, ..., 1), the ROC curve (through every distinct score,
/// thinned to roc_points_drawn) with its AUC, and each class's score histogram.
inline json::object binary_view(const evaluation_answers& answers) {
    const auto scored = scored_records(answers);
    json::array table;
    for (int step = 0; step <= threshold_steps; ++step)
        table.push_back(
            metrics_json(metrics_at(scored, static_cast<double>(step) / threshold_steps)));
    json::array roc;
    for (const auto& [false_positive_rate, true_positive_rate] :
         thinned(roc_points(scored), roc_points_drawn))
        roc.push_back(json::array{false_positive_rate, true_positive_rate});
    json::array positive(score_bins, 0), negative(score_bins, 0);
    for (const auto& [score, is_positive] : scored) {
        const int bin = std::clamp(static_cast<int>(score * score_bins), 0, score_bins - 1);
        auto& counts = is_positive ? positive : negative;
        counts[static_cast<std::size_t>(bin)] =
            counts[static_cast<std::size_t>(bin)].as_int64() + 1;
    }
    return {{"Records", scored.size()},
            {"AUC", binary_auc(scored)},
            {"Thresholds", std::move(table)},
            {"Roc", std::move(roc)},
            {"Histogram", json::object{{"Bins", score_bins},
                                       {"Positive", std::move(positive)},
                                       {"Negative", std::move(negative)}}}};
}

inline json::object multiclass_view(const evaluation_answers& answers) {
    const auto labelled = labelled_records(answers);
    const auto classes = per_class_f1(labelled);
    const confusion matrix = confusion_matrix(labelled, matrix_labels_shown);
    json::array per_class; // of the labels the matrix shows
    for (const auto& c : classes)
        if (std::binary_search(matrix.labels.begin(),
                               matrix.labels.end() - (matrix.folded > 0 ? 1 : 0), c.label))
            per_class.push_back(json::object{{"Label", c.label},
                                             {"F1", c.f1},
                                             {"Actual", c.actual},
                                             {"Predicted", c.predicted}});
    json::array labels, rows;
    for (const auto& label : matrix.labels)
        labels.push_back(json::string(label));
    for (const auto& row : matrix.counts)
        rows.push_back(json::value_from(row));
    return {{"Records", labelled.size()},     {"AverageF1", macro_f1(labelled)},
            {"Classes", std::move(labels)},   {"Matrix", std::move(rows)},
            {"FoldedClasses", matrix.folded}, {"PerClass", std::move(per_class)}};
}

/// The residuals' histogram and the RMSE, with a baseline's: always answering the mean of the
/// evaluation's true values.
inline json::object regression_view(const evaluation_answers& answers) {
    const auto valued = valued_records(answers);
    std::vector<double> truths;
    for (const auto& [truth, guess] : valued)
        truths.push_back(truth);
    const double mean = moments_of(truths).mean;
    std::vector<std::pair<double, double>> baseline;
    double low = 0, high = 0;
    for (const auto& [truth, guess] : valued) {
        baseline.emplace_back(truth, mean);
        low = std::min(low, guess - truth);
        high = std::max(high, guess - truth);
    }
    const double width = high > low ? (high - low) / residual_bins : 1;
    json::array counts(residual_bins, 0);
    for (const auto& [truth, guess] : valued) {
        const int bin =
            std::clamp(static_cast<int>((guess - truth - low) / width), 0, residual_bins - 1);
        counts[static_cast<std::size_t>(bin)] =
            counts[static_cast<std::size_t>(bin)].as_int64() + 1;
    }
    return {{"Records", valued.size()},
            {"RMSE", rmse(valued)},
            {"BaselineRMSE", rmse(baseline)},
            {"BaselineValue", mean},
            {"Residuals", json::object{{"Low", low}, {"Width", width}, {"Counts", counts}}}};
}

/// Text percent-decoded as a query's values are ('+' is a space).
inline std::string percent_decoded(std::string_view raw) {
    std::string value;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        unsigned byte = 0;
        if (raw[i] == '%' && i + 2 < raw.size() &&
            std::from_chars(raw.data() + i + 1, raw.data() + i + 3, byte, 16).ptr ==
                raw.data() + i + 3) {
            value.push_back(static_cast<char>(byte));
            i += 2;
        } else {
            value.push_back(raw[i] == '+' ? ' ' : raw[i]);
        }
    }
    return value;
}

/// The query parameters of the request's target, decoded, in their order.
inline std::vector<std::pair<std::string, std::string>> query_parameters(std::string_view target) {
    std::vector<std::pair<std::string, std::string>> parameters;
    const auto question = target.find('?');
    if (question == std::string_view::npos)
        return parameters;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = std::min(query.find('&'), query.size());
        const std::string_view pair = query.substr(0, amp);
        query.remove_prefix(std::min(amp + 1, query.size()));
        if (pair.empty())
            continue;
        const auto equals = std::min(pair.find('='), pair.size());
        parameters.emplace_back(percent_decoded(pair.substr(0, equals)),
                                percent_decoded(pair.substr(std::min(equals + 1, pair.size()))));
    }
    return parameters;
}

/// The Describe* members a list's query may set, as query parameters of the same names.
inline constexpr std::array<std::string_view, 9> list_parameters = {
    "FilterVariable", "EQ", "GT", "LT", "GE", "LE", "NE", "Prefix", "SortOrder"};

/// The FilterVariable values a Describe* input of type Input knows, from the shapes' enumeration.
template <class Input>
json::array filter_variables() {
    using variable = typename decltype(Input::filter_variable)::value_type;
    json::array names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<typename variable::known_type>>(
        [&](auto enumerator) { names.emplace_back(enumerator.name); });
    return names;
}

/// One list: the Describe* answer to the query a list's form makes (its query parameters, as
/// the members of the request's JSON), read and checked as the API reads a request, with the
/// filter variables this kind of entity has.
template <class Input>
http_response list(operations& service, std::string_view target, timestamp now) {
    json::object query;
    for (auto& [name, value] : query_parameters(target)) {
        if (std::find(list_parameters.begin(), list_parameters.end(), name) ==
            list_parameters.end())
            return failure(400, "A list takes FilterVariable, EQ, GT, LT, GE, LE, NE, Prefix and "
                                "SortOrder, not '" +
                                    name.substr(0, 40) + "'.");
        if (name == "SortOrder" && !value.empty() && !sort_order::parse_known(value))
            return failure(400, "SortOrder must be asc or dsc, not '" + value.substr(0, 40) + "'.");
        if (!value.empty())
            query[name] = std::move(value);
    }
    auto input = try_from_json<Input>(json::serialize(query));
    if (!input)
        return failure(400, input.error().message());
    auto answer = call(service, *input, now);
    if (!answer)
        return failure(answer.error());
    auto out = as_json(*answer).as_object();
    out["FilterVariables"] = filter_variables<Input>();
    return json_response(200, out);
}

/// GetEvaluation's answer with its model's type and threshold, and the views of its scored
/// records: a BINARY model's threshold table, ROC curve and score histograms; a MULTICLASS one's
/// confusion matrix and per-class F1; a REGRESSION one's residuals and baseline RMSE.
inline json::object evaluation_json(operations& service, const get_evaluation_output& found,
                                    timestamp now) {
    json::object out{{"Evaluation", as_json(found)}};
    std::string model_type;
    if (auto model =
            call(service, get_ml_model_input{.ml_model_id = found.ml_model_id.value_or("")}, now)) {
        model_type = model->ml_model_type ? std::string(model->ml_model_type->wire()) : "";
        out["MLModelType"] = model_type;
        if (model->score_threshold)
            out["ScoreThreshold"] = *model->score_threshold;
    }
    std::optional<evaluation_answers> answers;
    if (found.status == entity_status_value::COMPLETED) {
        std::lock_guard lock(service.mutex());
        if (const auto* entry =
                service.store().find<evaluation_entry>(found.evaluation_id.value_or("")))
            answers = entry->answers;
    }
    if (answers && !answers->true_labels.empty())
        out["Multiclass"] = multiclass_view(*answers);
    else if (answers && model_type == "BINARY")
        out["Binary"] = binary_view(*answers);
    else if (answers && model_type == "REGRESSION")
        out["Regression"] = regression_view(*answers);
    return out;
}

inline std::string index_page(std::string_view token) {
    std::string page(console_assets::index_html);
    const std::string_view placeholder = "@CONSOLE_TOKEN@";
    page.replace(page.find(placeholder), placeholder.size(), token);
    return page;
}

} // namespace detail::console

console::console(operations& service)
    : service_(&service)
    , token_(detail::console::random_token()) {}

bool console::claims(const http_request& request) {
    const std::string_view target = request.target;
    // Anything signed (in its headers, by X-Amz-* query parameters or, for S3's legacy
    // presigned URLs, AWSAccessKeyId), or naming an operation, is the API's and is answered as
    // it always was. An id or a filter may hold "X-Amz-".
    const auto signed_in_query = [&] {
        const auto parameters = detail::console::query_parameters(target);
        return std::any_of(parameters.begin(), parameters.end(), [](const auto& parameter) {
            return (parameter.first.size() >= 6 &&
                    awsml::detail::iequals(parameter.first.substr(0, 6), "X-Amz-")) ||
                   parameter.first == "AWSAccessKeyId";
        });
    };
    const bool for_the_api = find_header(request.headers, "authorization") ||
                             find_header(request.headers, "x-amz-target") || signed_in_query();
    return !for_the_api && (detail::console::reads(request) ||
                            (request.method == "POST" && target.starts_with("/console/")));
}

http_response console::answer(const http_request& request, timestamp now) {
    using namespace detail::console;
    const std::string_view target = request.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (!local_host_name(request.host))
        return failure(403, "The console answers only to localhost, a name under .localhost or "
                            "an IP address as Host.");
    try {
        if (reads(request) && path.starts_with(lists_path))
            return lists(target, now);
        return reads(request) ? get(path, now) : post(path, request, now);
    } catch (const std::exception&) {
        return failure(500, "The console could not answer.");
    }
}

http_response console::lists(std::string_view target, timestamp now) {
    using namespace detail::console;
    const std::string_view kind = target.substr(0, target.find('?')).substr(lists_path.size());
    if (kind == "data-sources")
        return list<describe_data_sources_input>(*service_, target, now);
    if (kind == "ml-models")
        return list<describe_ml_models_input>(*service_, target, now);
    if (kind == "evaluations")
        return list<describe_evaluations_input>(*service_, target, now);
    if (kind == "batch-predictions")
        return list<describe_batch_predictions_input>(*service_, target, now);
    return failure(404, "The console has no list " + std::string(kind.substr(0, 40)) +
                            ": there are data-sources, ml-models, evaluations and "
                            "batch-predictions.");
}

http_response console::get(std::string_view path, timestamp now) {
    using namespace detail::console;
    auto& service = *service_;
    if (path == "/")
        return make_response(200, "text/html; charset=utf-8", index_page(token_));
    if (path == "/console.js")
        return make_response(200, "text/javascript; charset=utf-8",
                             std::string(console_assets::console_js));
    if (path == "/console.css")
        return make_response(200, "text/css; charset=utf-8",
                             std::string(console_assets::console_css));
    if (path.starts_with(entity_logs_path))
        return log(path, now);
    const bool api = path.starts_with("/console/api/");
    const std::string_view page = api ? path.substr(std::string_view("/console/api").size()) : path;
    // An entity's page is the one page (its script asks for the JSON) when the entity exists; the
    // JSON is the Get* answer and what the console shows beside it.
    auto entity = [&](const auto& found, auto&& view) {
        if (!found)
            return api ? failure(found.error()) : not_found_page(path);
        if (!api)
            return make_response(200, "text/html; charset=utf-8", index_page(token_));
        return json_response(200, view(*found));
    };
    if (auto at = entity_path(page, "/data-sources/"); at && at->second.empty())
        return entity(
            call(service, get_data_source_input{.data_source_id = at->first, .verbose = true}, now),
            [&](const get_data_source_output& found) {
                json::object out{{"DataSource", as_json(found)}};
                if (found.status == entity_status_value::COMPLETED) {
                    std::lock_guard lock(service.mutex());
                    const auto* entry = service.store().find<data_source_entry>(at->first);
                    if (entry && entry->statistics)
                        out["Statistics"] = as_json(*entry->statistics);
                }
                return out;
            });
    if (auto at = entity_path(page, "/ml-models/"); at && at->second.empty())
        return entity(
            call(service, get_ml_model_input{.ml_model_id = at->first, .verbose = true}, now),
            [](const get_ml_model_output& found) {
                return json::object{{"MLModel", as_json(found)}};
            });
    if (auto at = entity_path(page, "/evaluations/"); at && at->second.empty())
        return entity(call(service, get_evaluation_input{.evaluation_id = at->first}, now),
                      [&](const get_evaluation_output& found) {
                          return evaluation_json(service, found, now);
                      });
    if (auto at = entity_path(page, "/batch-predictions/"); at && at->second.empty())
        return entity(
            call(service, get_batch_prediction_input{.batch_prediction_id = at->first}, now),
            [](const get_batch_prediction_output& found) {
                return json::object{{"BatchPrediction", as_json(found)}};
            });
    if (api)
        return failure(404,
                       "The console has no endpoint " + std::string(path.substr(0, 200)) + ".");
    return not_found_page(path);
}

http_response console::log(std::string_view path, timestamp now) {
    using namespace detail::console;
    auto& service = *service_;
    // A log is where a Get*'s LogUri points, so a --models file's entity, which no request made,
    // has none.
    auto text = [&](std::string_view operation, const std::string& id, const auto& found) {
        if (!found)
            return failure(found.error());
        if (!found->log_uri || !found->log_uri->ends_with(path))
            return failure(404, id + " was not made by a request to this awsml-local: it has no "
                                     "log here.");
        return make_response(200, "text/plain; charset=utf-8",
                             entity_log(operation, id, *found, now));
    };
    if (auto id = logged_id<data_source_entry>(path)) {
        const auto found = call(service, get_data_source_input{.data_source_id = *id}, now);
        const std::string_view source = !found                     ? ""
                                        : found->rds_metadata      ? "CreateDataSourceFromRDS"
                                        : found->redshift_metadata ? "CreateDataSourceFromRedshift"
                                                                   : "CreateDataSourceFromS3";
        return text(source, *id, found);
    }
    if (auto id = logged_id<ml_model_entry>(path))
        return text("CreateMLModel", *id,
                    call(service, get_ml_model_input{.ml_model_id = *id}, now));
    if (auto id = logged_id<evaluation_entry>(path))
        return text("CreateEvaluation", *id,
                    call(service, get_evaluation_input{.evaluation_id = *id}, now));
    if (auto id = logged_id<batch_prediction_entry>(path))
        return text("CreateBatchPrediction", *id,
                    call(service, get_batch_prediction_input{.batch_prediction_id = *id}, now));
    return failure(404, "The console has no log " + std::string(path.substr(0, 200)) +
                            ": logs are at " + std::string(entity_logs_path) + "KIND/ID.");
}

http_response console::post(std::string_view path, const http_request& request, timestamp now) {
    using namespace detail::console;
    if (const std::string refusal = csrf_refusal(request, token_); !refusal.empty())
        return failure(403, refusal);
    const auto at = entity_path(path, "/console/api/ml-models/");
    if (!at)
        return failure(404,
                       "The console has no endpoint " + std::string(path.substr(0, 200)) + ".");
    std::error_code ec;
    const json::value body = json::parse(request.body.empty() ? "{}" : request.body, ec);
    if (ec || !body.is_object())
        return failure(400, "The request body must be a JSON object.");
    const auto& members = body.get_object();
    auto& service = *service_;
    if (at->second == "/score-threshold") {
        const auto text = string_member(members, "ScoreThreshold");
        const auto threshold = text ? parse_threshold(*text) : std::nullopt;
        if (!threshold)
            return failure(400, "ScoreThreshold must be a number from 0 to 1, such as 0.5; got " +
                                    (text ? "'" + text->substr(0, 40) + "'" : "nothing") + ".");
        auto updated = call(
            service, update_ml_model_input{.ml_model_id = at->first, .score_threshold = threshold},
            now);
        if (!updated)
            return failure(updated.error());
        return json_response(
            200, json::object{{"MLModelId", at->first}, {"ScoreThreshold", *threshold}});
    }
    if (at->second == "/endpoint") {
        auto created = call(service, create_realtime_endpoint_input{.ml_model_id = at->first}, now);
        if (!created)
            return failure(created.error());
        return json_response(200, as_json(*created));
    }
    if (at->second == "/predict") {
        const auto* record = members.if_contains("Record");
        if (!record || !record->is_object())
            return failure(400, "Record must be an object of attribute names and values.");
        predict_input input{.ml_model_id = at->first};
        for (const auto& [name, value] : record->get_object()) {
            if (!value.is_string())
                return failure(400, "Every value of Record must be text; " +
                                        std::string(name).substr(0, 40) + "'s is not.");
            input.record[std::string(name)] = std::string(value.get_string());
        }
        auto model = call(service, get_ml_model_input{.ml_model_id = at->first}, now);
        if (!model)
            return failure(model.error());
        input.predict_endpoint =
            model->endpoint_info ? model->endpoint_info->endpoint_url.value_or("") : "";
        // Not call(): the endpoint is this emulator's address, which the model's pattern (AWS
        // hosts) refuses, as the API route knows; the id was checked by GetMLModel above, and a
        // Record has no constraint.
        auto predicted = service.answer(input, now);
        if (!predicted)
            return failure(predicted.error());
        return json_response(200, as_json(*predicted));
    }
    return failure(404, "The console has no endpoint " + std::string(path.substr(0, 200)) + ".");
}

} // namespace awsml::local
