#pragma once

// awsml-local's web console: Amazon ML's console views, served at the API's own address. The API
// stays POST / with X-Amz-Target, and every signed request is still the API's; the console is
// what else comes:
//
//   GET /                                    the lists of the four kinds of entities
//   GET /data-sources/ID, /ml-models/ID,     one entity's page (the same HTML; its script reads
//       /evaluations/ID, /batch-predictions/ID   the path and asks the JSON endpoints below)
//   GET /console.js, /console.css            the page's script and style, bundled at build time
//   GET /console/api/lists/KIND?QUERY        KIND's Describe* answer (data-sources, ml-models,
//                                            evaluations, batch-predictions) to QUERY's
//                                            FilterVariable, EQ, GT, LT, GE, LE, NE, Prefix and
//                                            SortOrder, with the FilterVariables KIND has
//   GET /console/api/data-sources/ID         GetDataSource (verbose) and the computed statistics
//   GET /console/api/ml-models/ID            GetMLModel (verbose: recipe and schema)
//   GET /console/api/evaluations/ID          GetEvaluation and its views (see evaluation_json)
//   GET /console/api/batch-predictions/ID    GetBatchPrediction
//   GET /console/logs/KIND/ID                the entity's log, text (Get*'s LogUri; KIND as in
//                                            the lists)
//   POST /console/api/ml-models/ID/score-threshold   {"ScoreThreshold": "0.42"}: UpdateMLModel
//   POST /console/api/ml-models/ID/endpoint          CreateRealtimeEndpoint
//   POST /console/api/ml-models/ID/predict           {"Record": {...}}: Predict
//
// Every answer comes from the service's own operations (operations.hpp) and its metric functions
// (metrics.hpp): the page draws, it computes no metric.
//
// The console is for the local machine:
// - a request whose Host is not "localhost" or an IP literal is refused (DNS rebinding);
// - a POST needs the per-process random token the pages carry (header X-Console-Token), an
//   Origin equal to the console's own, and no Sec-Fetch-Site other than same-origin (CSRF);
//   a refused request changes nothing;
// - the pages forbid inline script and foreign sources (Content-Security-Policy) and their
//   script builds the DOM with textContent: entity names are data, never markup.

#include <awsml-local/operations.hpp>
#include <awsml/http/message.hpp>

#include <string>
#include <string_view>

namespace awsml::local {

class console {
public:
    /// Serves `service`'s state; makes the process's random token.
    explicit console(operations& service);

    /// Whether the request is the console's rather than the API's: a GET, or a POST below
    /// /console/, that is not signed (no Authorization header, no X-Amz- query parameter) and
    /// names no operation (no X-Amz-Target). What is signed gets the API's answer as before.
    static bool claims(const http_request& request);

    /// The answer to a request that claims() says is the console's, complete but for the
    /// emulator's common headers.
    http_response answer(const http_request& request, timestamp now);

    /// The token a POST must carry (tests read it here instead of from a page).
    const std::string& token() const noexcept { return token_; }

private:
    http_response lists(std::string_view target, timestamp now);
    http_response get(std::string_view path, timestamp now);
    http_response log(std::string_view path, timestamp now);
    http_response post(std::string_view path, const http_request& request, timestamp now);

    operations* service_;
    std::string token_;
};

} // namespace awsml::local
