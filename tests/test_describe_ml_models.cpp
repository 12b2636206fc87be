// DescribeMLModels, added as declarations only (shapes, one operation, its client members):
// validation before sending, its filters on the wire, and its NextToken pages, through the stub
// transport and against awsml-local (in process, on 127.0.0.1).
#include <awsml/machinelearning/client.hpp>

#include <awsml-local/app.hpp>
#include <awsml/http/stub_transport.hpp>

#include <catch2/catch.hpp>

#include <support/local_client.hpp>

#include <set>

namespace describe_ml_models_test {

namespace ml = awsml::machinelearning;
namespace local = awsml::local;

namespace {

using awsml_test::bundled_models;

awsml::client_config config_for(std::optional<std::string> endpoint = std::nullopt) {
    return awsml_test::local_client_config(std::move(endpoint));
}

// Every page of a query, following NextToken.
std::vector<ml::ml_model> all_pages(awsml::client& c, ml::describe_ml_models_input query,
                                    int* pages = nullptr) {
    std::vector<ml::ml_model> out;
    for (int n = 1;; ++n) {
        auto page = c.describe_ml_models(query);
        for (auto& m : page.results.value_or(ml::ml_models{}))
            out.push_back(std::move(m));
        if (pages)
            *pages = n;
        if (!page.next_token)
            return out;
        query.next_token = page.next_token;
    }
}

} // namespace

TEST_CASE("DescribeMLModels: constraints are checked before sending", "[describe]") {
    awsml::stub_transport stub; // expects nothing: nothing may be sent
    awsml::basic_client<awsml::stub_transport> client(config_for(), stub);
    auto zero = client.try_describe_ml_models({.limit = 0});
    REQUIRE_FALSE(zero);
    REQUIRE(zero.error().violations.size() == 1);
    CHECK(zero.error().violations[0].path == "Limit");
    CHECK_FALSE(client.try_describe_ml_models({.limit = 101}));
    CHECK(client.try_describe_ml_models({.eq = "   "}).error().violations.at(0).path == "EQ");
    CHECK(client.try_describe_ml_models({.prefix = std::string(1025, 'a')})
              .error()
              .violations.at(0)
              .path == "Prefix");
    stub.assert_no_pending_responses();
}

TEST_CASE("DescribeMLModels: filters and pages on the wire", "[describe]") {
    awsml::stub_transport stub;
    const ml::describe_ml_models_input first{.filter_variable =
                                                 ml::ml_model_filter_variable::Status,
                                             .eq = "COMPLETED",
                                             .sort_order = ml::sort_order::dsc,
                                             .limit = 2};
    auto second = first;
    second.next_token = "page-2";
    stub.expect<ml::describe_ml_models>(
        first, {.results = ml::ml_models{{.ml_model_id = "ml-a"}, {.ml_model_id = "ml-b"}},
                .next_token = "page-2"});
    stub.expect<ml::describe_ml_models>(second,
                                        {.results = ml::ml_models{{.ml_model_id = "ml-c"}}});
    awsml::basic_client<awsml::stub_transport> client(config_for(), stub);
    auto page1 = client.describe_ml_models(first);
    REQUIRE(page1.results);
    CHECK(page1.results->size() == 2);
    CHECK(page1.next_token == "page-2");
    auto page2 = client.describe_ml_models(second);
    CHECK(page2.results->at(0).ml_model_id == "ml-c");
    CHECK_FALSE(page2.next_token);
    stub.assert_no_pending_responses();
}

TEST_CASE("DescribeMLModels against awsml-local: filters, order and pages", "[describe][local]") {
    local::background_server server(bundled_models());
    awsml::client c(config_for(server.endpoint_url()));

    // Every model, in pages of 2, each exactly once, ordered by CreatedAt.
    int pages = 0;
    auto all = all_pages(c, {.limit = 2}, &pages);
    const std::size_t count = bundled_models().size();
    CHECK(all.size() == count);
    CHECK(pages == static_cast<int>((count + 1) / 2));
    std::set<std::string> ids;
    for (const auto& m : all)
        ids.insert(m.ml_model_id.value_or(""));
    CHECK(ids.size() == count);
    for (std::size_t i = 1; i < all.size(); ++i)
        CHECK(all[i - 1].created_at <= all[i].created_at);

    // dsc reverses the order.
    auto reversed = all_pages(c, {.sort_order = ml::sort_order::dsc, .limit = 3});
    REQUIRE(reversed.size() == all.size());
    CHECK(reversed.front().ml_model_id == all.back().ml_model_id);

    // EQ on Status keeps exactly the models with that status; NE the others.
    std::size_t completed = 0;
    for (const auto& m : all)
        completed += m.status == awsml::entity_status::COMPLETED;
    auto eq =
        all_pages(c, {.filter_variable = ml::ml_model_filter_variable::Status, .eq = "COMPLETED"});
    CHECK(eq.size() == completed);
    for (const auto& m : eq)
        CHECK(m.status == awsml::entity_status::COMPLETED);
    auto ne =
        all_pages(c, {.filter_variable = ml::ml_model_filter_variable::Status, .ne = "COMPLETED"});
    CHECK(ne.size() == count - completed);

    // Prefix on Name, and a time range on CreatedAt (GE and LT together).
    const std::string name = all.front().name.value_or("");
    REQUIRE(name.size() > 3);
    auto prefixed = all_pages(
        c, {.filter_variable = ml::ml_model_filter_variable::Name, .prefix = name.substr(0, 3)});
    CHECK_FALSE(prefixed.empty());
    for (const auto& m : prefixed)
        CHECK(m.name.value_or("").starts_with(name.substr(0, 3)));
    const auto first_time = *all.front().created_at;
    const auto last_time = *all.back().created_at;
    const auto seconds = [](awsml::timestamp t) {
        return std::to_string(t.time_since_epoch().count() / 1000.0);
    };
    auto range = all_pages(c, {.filter_variable = ml::ml_model_filter_variable::CreatedAt,
                               .lt = seconds(last_time),
                               .ge = seconds(first_time)});
    std::size_t expected_in_range = 0;
    for (const auto& m : all)
        expected_in_range += *m.created_at >= first_time && *m.created_at < last_time;
    CHECK(range.size() == expected_in_range);

    // A forged token, or one from another query, is InvalidInputException.
    auto forged = c.try_describe_ml_models({.next_token = "2-12345"});
    REQUIRE_FALSE(forged);
    CHECK(forged.error().as<ml::invalid_input_exception>());
    auto first_page = c.describe_ml_models({.limit = 1});
    REQUIRE(first_page.next_token);
    auto foreign =
        c.try_describe_ml_models({.filter_variable = ml::ml_model_filter_variable::Status,
                                  .eq = "COMPLETED",
                                  .next_token = first_page.next_token});
    REQUIRE_FALSE(foreign);
    CHECK(foreign.error().service.code == "InvalidInputException");
    CHECK(foreign.error().message.find("NextToken") != std::string::npos);
}

TEST_CASE("DescribeMLModels against awsml-local: a comparator, Prefix or NextToken given as \"\" "
          "is one not given",
          "[describe][local]") {
    local::background_server server(bundled_models());
    awsml::client c(config_for(server.endpoint_url()));
    const auto ids = [&](const ml::describe_ml_models_input& query) {
        std::vector<std::string> out;
        for (const auto& m : c.describe_ml_models(query).results.value_or(ml::ml_models{}))
            out.push_back(m.ml_model_id.value_or(""));
        return out;
    };
    const auto every = ids({});
    REQUIRE(every.size() == bundled_models().size());
    // ComparatorValue's pattern (.*\S.*|^$) admits "", as a form sends a field left blank; on
    // CreatedAt, the variable assumed, it is no time to compare, and on Name no value to match.
    CHECK(ids({.eq = "", .gt = "", .lt = "", .ge = "", .le = "", .ne = "", .prefix = ""}) == every);
    const auto by_name = ids({.filter_variable = ml::ml_model_filter_variable::Name});
    CHECK(by_name.size() == every.size());
    CHECK(ids({.filter_variable = ml::ml_model_filter_variable::Name, .eq = ""}) == by_name);
    CHECK(ids({.next_token = ""}) == every);
}

} // namespace describe_ml_models_test
