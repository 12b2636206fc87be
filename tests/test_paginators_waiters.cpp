// Paginators and waiters: the Describe* paginators walking awsml-local's pages (items, pages,
// page size, max_items, a coroutine), a service that repeats its token; the model's waiters and
// the Get* waiters against awsml-local's lifecycles, to success, failure, timeout, a failed call
// and cancellation.
#include <awsml/machinelearning/client.hpp>

#include <awsml-local/app.hpp>
#include <awsml/http/stub_transport.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <catch2/catch.hpp>

#include <support/local_client.hpp>

#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace paginators_waiters_test {

namespace ml = awsml::machinelearning;
namespace local = awsml::local;
using namespace std::chrono_literals;

namespace {

using awsml_test::bundled_models;

awsml::client_config config_for(std::optional<std::string> endpoint = std::nullopt) {
    return awsml_test::local_client_config(std::move(endpoint));
}

// The bundled models, with `spec` (ID=STATUS:DURATION,...,FINAL) starting now.
local::model_store models_with_lifecycle(const std::string& spec) {
    auto store = bundled_models();
    const auto now = awsml::timestamp(
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    REQUIRE(store.add_lifecycle(local::parse_lifecycle(spec).value(), now).has_value());
    return store;
}

const awsml::waiter_options quick{.delay = 50ms, .max_attempts = 200};

} // namespace

// --- paginators ------------------------------------------------------------------------------

TEST_CASE("paginator: every model of awsml-local, page by page and item by item",
          "[paginator][local]") {
    local::background_server server(bundled_models());
    awsml::client c(config_for(server.endpoint_url()));
    const std::size_t count = bundled_models().size();
    REQUIRE(count > 4);

    std::set<std::string> ids;
    for (const ml::ml_model& model : c.paginate_describe_ml_models({}, {.page_size = 2}))
        ids.insert(model.ml_model_id.value_or(""));
    CHECK(ids.size() == count);

    auto pages =
        c.paginate_describe_ml_models({.sort_order = ml::sort_order::dsc}, {.page_size = 3});
    int page_count = 0;
    std::size_t items = 0;
    while (pages.has_more_pages()) {
        auto page = pages.try_next_page();
        REQUIRE(page);
        CHECK(page->results->size() <= 3);
        items += page->results->size();
        ++page_count;
    }
    CHECK(items == count);
    CHECK(page_count == static_cast<int>((count + 2) / 3));
    CHECK(pages.try_next_page()->results.value_or(ml::ml_models{}).empty()); // over: no call

    // max_items: exactly that many, across page boundaries, then no more pages.
    auto limited = c.paginate_describe_ml_models({}, {.page_size = 2, .max_items = 3});
    std::vector<ml::ml_model> first_three(limited.begin(), limited.end());
    CHECK(first_three.size() == 3);
    CHECK_FALSE(limited.has_more_pages());
    CHECK(limited.items_seen() == 3);
}

TEST_CASE("paginator: a service that repeats a page token ends the walk with an error",
          "[paginator]") {
    awsml::stub_transport stub;
    awsml::basic_client<awsml::stub_transport> c(config_for(), stub);
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-1"}}, .next_token = "t1"});
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-2"}}, .next_token = "t1"});
    std::vector<std::string> seen;
    try {
        for (const auto& source : c.paginate_describe_data_sources({}))
            seen.push_back(source.data_source_id.value_or(""));
        FAIL("the walk did not stop");
    } catch (const awsml::error& e) {
        CHECK(e.code() == awsml::errc::pagination_loop);
        CHECK_THAT(e.what(), Catch::Contains("DescribeDataSources"));
        CHECK_THAT(e.what(), Catch::Contains("\"t1\""));
    }
    // The page that repeats the token is handed out (botocore yields it), and no third request
    // is sent.
    CHECK(seen == std::vector<std::string>{"ds-1", "ds-2"});
    stub.assert_no_pending_responses();
    CHECK(stub.requests().size() == 2);

    // The second request carried the first page's token.
    CHECK(stub.requests().at(1).body.find("\"NextToken\":\"t1\"") != std::string::npos);
}

TEST_CASE("paginator: a failed page ends the walk with that failure, asked again; max_items 0 "
          "asks nothing",
          "[paginator]") {
    awsml::stub_transport stub;
    auto config = config_for();
    config.max_attempts = 1;
    awsml::basic_client<awsml::stub_transport> c(config, stub);
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-1"}}, .next_token = "t1"});
    stub.add_transport_error("DescribeDataSources", make_error_code(awsml::errc::transport_error));
    auto walk = c.paginate_describe_data_sources({});
    REQUIRE(walk.try_next_page().has_value());
    auto failed = walk.try_next_page();
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code == awsml::errc::transport_error);
    CHECK_FALSE(walk.has_more_pages());
    // Not an empty page, which would read as the walk's end: the same failure, nothing sent.
    auto again = walk.try_next_page();
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == awsml::errc::transport_error);
    CHECK_THROWS_AS(walk.next_page(), awsml::error);
    CHECK_THROWS_AS(walk.begin(), awsml::error); // the item walk too: not an empty walk
    CHECK(stub.requests().size() == 2);
    // The failed page's token stays the next request's: a new walk asks for that page again.
    REQUIRE(walk.next_request_token() == std::optional<std::string>("t1"));
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-2"}}});
    ml::describe_data_sources_input from_there;
    from_there.next_token = walk.next_request_token();
    auto resumed = c.paginate_describe_data_sources(from_there);
    auto page = resumed.next_page();
    REQUIRE(page.results);
    CHECK(page.results->at(0).data_source_id == "ds-2");
    CHECK(stub.requests().at(2).body.find("\"NextToken\":\"t1\"") != std::string::npos);

    auto none = c.paginate_describe_data_sources({}, {.max_items = 0, .skip_items = 3});
    CHECK_FALSE(none.has_more_pages());
    auto empty = none.try_next_page();
    REQUIRE(empty.has_value());
    CHECK_FALSE(empty->results.has_value());
    CHECK(none.begin() == none.end());
    CHECK(stub.requests().size() == 3); // nothing asked for
    REQUIRE(none.resume_at());
    CHECK(none.resume_at()->skip == 3);
    CHECK_FALSE(none.resume_at()->token);
}

TEST_CASE("paginator: a cycle through several tokens ends too, page by page and asynchronously",
          "[paginator]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    awsml::basic_client<awsml::stub_transport> c(config_for(), stub);
    for (const auto* next : {"a", "b", "a"})
        stub.expect_any_input<ml::describe_data_sources>(
            {.results = ml::data_sources{{.data_source_id = next}}, .next_token = next});
    auto pages = c.paginate_describe_data_sources({});
    for (int page = 0; page < 2; ++page)
        REQUIRE(pages.try_next_page());
    std::optional<awsml::outcome<ml::describe_data_sources_output>> third, fourth;
    pages.async_next_page([&](auto page) { third = std::move(page); });
    io.run();
    REQUIRE(third);
    REQUIRE(*third);
    CHECK(pages.has_more_pages()); // what comes next is the failure, without a request
    pages.async_next_page([&](auto page) { fourth = std::move(page); });
    io.restart();
    io.run();
    REQUIRE(fourth);
    REQUIRE_FALSE(*fourth);
    CHECK(fourth->error().code == awsml::errc::pagination_loop);
    CHECK_FALSE(pages.has_more_pages());
    const auto fifth = pages.try_next_page(); // the walk's failure again, not a last page
    REQUIRE_FALSE(fifth);
    CHECK(fifth.error().code == awsml::errc::pagination_loop);
    CHECK(stub.requests().size() == 3);
}

TEST_CASE("paginator: a walk that max_items cut goes on from resume_at(), no result repeated or "
          "lost",
          "[paginator]") {
    awsml::stub_transport stub;
    awsml::basic_client<awsml::stub_transport> c(config_for(), stub);
    const auto page = [](std::vector<std::string> ids, std::optional<std::string> next) {
        ml::data_sources results;
        for (auto& id : ids)
            results.push_back({.data_source_id = std::move(id)});
        return ml::describe_data_sources_output{.results = std::move(results),
                                                .next_token = std::move(next)};
    };
    const auto walk = [&](std::optional<std::string> token, awsml::page_options options,
                          std::optional<awsml::resume_point>& resume) {
        auto pages = c.paginate_describe_data_sources({.next_token = std::move(token)}, options);
        std::vector<std::string> ids;
        for (const auto& source : pages)
            ids.push_back(source.data_source_id.value_or(""));
        resume = pages.resume_at();
        return ids;
    };
    using ids = std::vector<std::string>;
    std::optional<awsml::resume_point> resume;

    // Cut inside the second page: go on from that page, past the result already handed out.
    stub.expect_any_input<ml::describe_data_sources>(page({"1", "2"}, "A"));
    stub.expect_any_input<ml::describe_data_sources>(page({"3", "4", "5"}, "B"));
    CHECK(walk({}, {.max_items = 3}, resume) == ids{"1", "2", "3"});
    REQUIRE(resume);
    CHECK(*resume == awsml::resume_point{"A", 1});
    // The next walk is cut inside the same page again: the skip counts the page as sent.
    stub.expect_any_input<ml::describe_data_sources>(page({"3", "4", "5"}, "B"));
    CHECK(walk(resume->token, {.max_items = 1, .skip_items = resume->skip}, resume) == ids{"4"});
    CHECK(resume == awsml::resume_point{"A", 2});
    stub.expect_any_input<ml::describe_data_sources>(page({"3", "4", "5"}, "B"));
    stub.expect_any_input<ml::describe_data_sources>(page({"6"}, std::nullopt));
    CHECK(walk(resume->token, {.skip_items = resume->skip}, resume) == ids{"5", "6"});
    CHECK_FALSE(resume); // not cut
    CHECK(stub.requests().at(2).body.find("\"NextToken\":\"A\"") != std::string::npos);

    // Cut at a page's end: go on from the next page; at the last page's end: nothing left.
    stub.expect_any_input<ml::describe_data_sources>(page({"1", "2"}, "A"));
    CHECK(walk({}, {.max_items = 2}, resume) == ids{"1", "2"});
    CHECK(resume == awsml::resume_point{"A", 0});
    stub.expect_any_input<ml::describe_data_sources>(page({"1", "2"}, std::nullopt));
    CHECK(walk({}, {.max_items = 2}, resume) == ids{"1", "2"});
    CHECK_FALSE(resume);

    // A skip longer than the first page (a smaller page size than the cut walk's) goes on.
    stub.expect_any_input<ml::describe_data_sources>(page({"1", "2"}, "A"));
    stub.expect_any_input<ml::describe_data_sources>(page({"3", "4"}, std::nullopt));
    CHECK(walk({}, {.skip_items = 3}, resume) == ids{"4"});
    stub.assert_no_pending_responses();
}

TEST_CASE("paginator: asynchronously, in a coroutine, against awsml-local",
          "[paginator][local][async]") {
    local::background_server server(bundled_models());
    asio::io_context io;
    awsml::client c(config_for(server.endpoint_url()),
                    awsml::asio_http_transport(io.get_executor()));
    std::size_t items = 0;
    int pages = 0;
    bool done = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto walk = c.paginate_describe_ml_models({}, {.page_size = 2});
            while (walk.has_more_pages()) {
                auto page = co_await walk.async_next_page(asio::use_awaitable);
                REQUIRE(page);
                items += page->results.value_or(ml::ml_models{}).size();
                ++pages;
            }
            done = true;
        },
        asio::detached);
    io.run_for(30s); // bounds the test; the walk takes milliseconds
    CHECK(done);
    CHECK(items == bundled_models().size());
    CHECK(pages == static_cast<int>((items + 1) / 2));
}

// --- waiters ----------------------------------------------------------------------------------

TEST_CASE("waiter: a model's own GetMLModel until COMPLETED", "[waiter][local]") {
    local::background_server server(
        models_with_lifecycle("ml-ChurnPending01=PENDING:200ms,INPROGRESS:200ms,COMPLETED"));
    awsml::client c(config_for(server.endpoint_url()));
    CHECK(c.get_ml_model({.ml_model_id = "ml-ChurnPending01"}).status ==
          ml::entity_status::PENDING);
    auto done = c.wait<ml::ml_model_completed>({.ml_model_id = "ml-ChurnPending01"}, quick);
    CHECK(done.status == ml::entity_status::COMPLETED);
}

TEST_CASE("waiter: FAILED ends the wait with the model's own message", "[waiter][local]") {
    local::background_server server(
        models_with_lifecycle("ml-ChurnTraining2=INPROGRESS:200ms,FAILED"));
    awsml::client c(config_for(server.endpoint_url()));
    auto failed = c.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-ChurnTraining2"}, quick);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == awsml::errc::waiter_failed);
    CHECK_THAT(failed.error().message,
               Catch::Contains("Waiter MLModelCompleted failed: status FAILED"));
    const std::string message =
        c.get_ml_model({.ml_model_id = "ml-ChurnTraining2"}).message.value();
    CHECK_THAT(failed.error().message, Catch::Contains(message));
}

TEST_CASE("waiter: the model's DescribeMLModels waiter, to success and to failure",
          "[waiter][local]") {
    local::background_server server(
        models_with_lifecycle("ml-ChurnPending01=PENDING:300ms,COMPLETED"));
    awsml::client c(config_for(server.endpoint_url()));
    const std::string pending_name =
        c.get_ml_model({.ml_model_id = "ml-ChurnPending01"}).name.value();
    auto done = c.wait<ml::ml_model_available>(
        {.filter_variable = ml::ml_model_filter_variable::Name, .eq = pending_name}, quick);
    REQUIRE(done.results->size() == 1);
    CHECK(done.results->at(0).status == ml::entity_status::COMPLETED);

    // Any FAILED result fails the wait, naming that result.
    auto failed = c.try_wait<ml::ml_model_available>(
        {.filter_variable = ml::ml_model_filter_variable::Status, .eq = "FAILED"}, quick);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == awsml::errc::waiter_failed);
    CHECK_THAT(failed.error().message, Catch::Contains("ml-DemandFailed03 is FAILED: The target"));

    // An empty page is never success: it runs out of attempts.
    auto none = c.try_wait<ml::ml_model_available>(
        {.filter_variable = ml::ml_model_filter_variable::Name, .eq = "no such model"},
        {.delay = 10ms, .max_attempts = 3});
    REQUIRE_FALSE(none);
    CHECK(none.error().code == awsml::errc::waiter_timeout);
    CHECK_THAT(none.error().message, Catch::Contains("3 attempts"));
}

TEST_CASE("waiter: a result without a Status is left out of Results[].Status, as JMESPath "
          "projects it",
          "[waiter]") {
    using acceptor = ml::ml_model_available::acceptor;
    const auto verdict = [](std::vector<std::optional<ml::entity_status>> statuses) {
        ml::describe_ml_models_output page;
        page.results.emplace();
        for (const auto& status : statuses)
            page.results->push_back({.ml_model_id = "ml-1", .status = status});
        return acceptor::accept(awsml::outcome<ml::describe_ml_models_output>(std::move(page)))
            .state;
    };
    CHECK(verdict({ml::entity_status::COMPLETED, std::nullopt}) == awsml::waiter_verdict::success);
    CHECK(verdict({std::nullopt, ml::entity_status::FAILED}) == awsml::waiter_verdict::failure);
    CHECK(verdict({std::nullopt, ml::entity_status::PENDING}) == awsml::waiter_verdict::retry);
    // No status at all is an empty projection: never success.
    CHECK(verdict({std::nullopt, std::nullopt}) == awsml::waiter_verdict::retry);
    CHECK(verdict({}) == awsml::waiter_verdict::retry);
    // The failure acceptor, named from the shapes' wire names as the AWS SDKs explain it.
    CHECK(acceptor::failure_explanation() ==
          R"(For expression "Results[].Status" we matched expected path: "FAILED" at least once)");
}

TEST_CASE("paginator and waiter: each request carries their call_options",
          "[paginator][waiter][call_options]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    awsml::basic_client<awsml::stub_transport> c(config_for(), stub);
    const awsml::call_options tagged{.max_attempts = 2, .headers = {{"x-walk", "1"}}};
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-1"}}, .next_token = "t1"});
    stub.expect_any_input<ml::describe_data_sources>(
        {.results = ml::data_sources{{.data_source_id = "ds-2"}}});
    std::size_t sources = 0;
    for (const auto& source : c.paginate_describe_data_sources({}, {.call = tagged}))
        sources += source.data_source_id.has_value();
    CHECK(sources == 2);

    stub.expect_any_input<ml::get_ml_model>({.status = ml::entity_status::INPROGRESS});
    stub.expect_any_input<ml::get_ml_model>({.status = ml::entity_status::COMPLETED});
    CHECK(
        c.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, {.delay = 1ms, .call = tagged})
            .has_value());

    stub.expect_any_input<ml::get_ml_model>({.status = ml::entity_status::COMPLETED});
    std::optional<awsml::outcome<ml::get_ml_model_output>> waited;
    c.async_wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, {.call = tagged},
                                         [&](auto result) { waited = std::move(result); });
    io.run_for(30s); // bounds the test: it ends at once
    REQUIRE(waited);
    CHECK(waited->has_value());

    stub.assert_no_pending_responses();
    const auto requests = stub.requests();
    REQUIRE(requests.size() == 5);
    for (const auto& request : requests) {
        CHECK(awsml::find_header(request.headers, "x-walk") == "1");
        CHECK(awsml::find_header(request.headers, "amz-sdk-request") == "attempt=1; max=2");
    }
}

TEST_CASE("waiter: options that make no wait (max_attempts below 1, a negative delay or max_wait) "
          "fail it before anything is sent",
          "[waiter][call_options]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    awsml::basic_client<awsml::stub_transport> c(config_for(), stub);
    const std::pair<awsml::waiter_options, std::string> refused[] = {
        {{.max_attempts = 0},
         "Waiter MLModelCompleted: waiter_options::max_attempts must be at least 1 (it counts the "
         "first attempt), not 0"},
        {{.max_attempts = -3}, "waiter_options::max_attempts must be at least 1"},
        {{.delay = -5ms}, "waiter_options::delay must not be negative, not -5 ms"},
        {{.max_wait = -1ms}, "waiter_options::max_wait must not be negative"},
    };
    for (const auto& [options, message] : refused) {
        INFO(message);
        auto blocking = c.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, options);
        REQUIRE_FALSE(blocking);
        CHECK(blocking.error().code == awsml::errc::config_error);
        CHECK_THAT(blocking.error().message, Catch::Contains(message));

        std::optional<awsml::outcome<ml::get_ml_model_output>> waited;
        c.async_wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, options,
                                             [&](auto result) { waited = std::move(result); });
        CHECK_FALSE(waited); // never completed inside the initiating call
        io.restart();
        io.run_for(30s); // bounds the test: it ends at once
        REQUIRE(waited);
        REQUIRE_FALSE(*waited);
        CHECK(waited->error().code == awsml::errc::config_error);
        CHECK_THAT(waited->error().message, Catch::Contains(message));
    }
    CHECK(stub.requests().empty());
}

TEST_CASE("waiter: timeout, max_wait, a failed call, and the endpoint's READY", "[waiter][local]") {
    local::background_server server(bundled_models()); // ml-ChurnPending01 stays PENDING
    awsml::client c(config_for(server.endpoint_url()));
    auto pending = c.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-ChurnPending01"},
                                                      {.delay = 10ms, .max_attempts = 4});
    REQUIRE_FALSE(pending);
    CHECK(pending.error().code == awsml::errc::waiter_timeout);
    CHECK_THROWS_AS(
        c.wait<ml::ml_model_completed>({.ml_model_id = "ml-ChurnPending01"},
                                       {.delay = 20ms, .max_attempts = 1000, .max_wait = 100ms}),
        awsml::error);

    // A call that fails (here: no such model) ends the wait with that call's typed error.
    CHECK_THROWS_AS(c.wait<ml::ml_model_completed>({.ml_model_id = "ml-NoSuchModel"}, quick),
                    ml::resource_not_found_error);

    auto ready = c.wait<ml::realtime_endpoint_ready>({.ml_model_id = "ml-tGvRzy5Dr8Q"}, quick);
    CHECK(ready.endpoint_info->endpoint_status == ml::realtime_endpoint_status::READY);
}

TEST_CASE("waiter: max_wait bounds a slow call too, a max_wait past the clock's range is no bound, "
          "and a model without an endpoint fails RealtimeEndpointReady",
          "[waiter][local]") {
    local::service_settings slow;
    REQUIRE(slow.faults.set_latency("5000").has_value());
    local::background_server server(bundled_models(), slow);
    awsml::client c(config_for(server.endpoint_url()));
    // The call's own call_timeout is cut to what is left of max_wait: the wait does not last the
    // call's 5 s (the bound below only proves that it ends).
    const auto start = std::chrono::steady_clock::now();
    auto bounded = c.try_wait<ml::ml_model_completed>(
        {.ml_model_id = "ml-ChurnPending01"},
        {.delay = 10ms, .max_attempts = 3, .max_wait = 200ms, .call = {.call_timeout = 60s}});
    REQUIRE_FALSE(bounded);
    CHECK(bounded.error().code == awsml::errc::waiter_timeout);
    CHECK_THAT(bounded.error().message, Catch::Contains("not reached within max_wait"));
    CHECK(std::chrono::steady_clock::now() - start < 4s);
    // A client's own call_timeout, shorter than what is left of max_wait, stays the call's: its
    // timeout is the call's failure, not the wait's.
    auto config = config_for(server.endpoint_url());
    config.call_timeout = 300ms;
    awsml::client impatient(config);
    auto own = impatient.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-ChurnPending01"},
                                                          {.max_attempts = 3, .max_wait = 1h});
    REQUIRE_FALSE(own);
    CHECK(own.error().code == awsml::errc::timeout);
    CHECK(std::chrono::steady_clock::now() - start < 8s);

    local::background_server quick_server(bundled_models());
    awsml::client q(config_for(quick_server.endpoint_url()));
    auto unbounded = q.try_wait<ml::ml_model_completed>(
        {.ml_model_id = "ml-ChurnPending01"},
        {.delay = 1ms, .max_attempts = 3, .max_wait = std::chrono::milliseconds::max()});
    REQUIRE_FALSE(unbounded);
    CHECK(unbounded.error().message ==
          "Waiter MLModelCompleted failed: not reached after 3 attempts");

    auto no_endpoint =
        q.try_wait<ml::realtime_endpoint_ready>({.ml_model_id = "ml-ChurnPending01"}, quick);
    REQUIRE_FALSE(no_endpoint);
    CHECK(no_endpoint.error().code == awsml::errc::waiter_failed);
    CHECK_THAT(no_endpoint.error().message, Catch::Contains("status NONE"));
}

TEST_CASE("waiter: the blocking form waits with the client's sleep, shortens the wait before the "
          "last attempt max_wait allows, and ends when the sleep throws",
          "[waiter]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    std::vector<std::chrono::nanoseconds> slept;
    bool really_sleep = true;
    auto config = config_for();
    config.sleep = [&](std::chrono::nanoseconds delay) {
        slept.push_back(delay);
        if (really_sleep)
            std::this_thread::sleep_for(delay);
    };
    awsml::basic_client<awsml::stub_transport> c(config, stub);
    const ml::get_ml_model_output training{.status = ml::entity_status::INPROGRESS};

    // A 1 s delay within 1.9 s: the second attempt comes after 0.9 s, with 1 s left for its
    // call, not after 1 s with 0.9 s left.
    stub.expect_any_input<ml::get_ml_model>(training);
    stub.expect_any_input<ml::get_ml_model>(training);
    auto bounded = c.try_wait<ml::ml_model_completed>(
        {.ml_model_id = "ml-1"}, {.delay = 1s, .max_attempts = 10, .max_wait = 1900ms});
    REQUIRE_FALSE(bounded);
    CHECK(bounded.error().message ==
          "Waiter MLModelCompleted failed: not reached within max_wait (2 attempts)");
    REQUIRE(slept.size() == 1);
    CHECK(slept[0] > 0ms);
    CHECK(slept[0] <= 900ms);

    // A delay past the clock's range, without max_wait, is waited as far as the clock goes: the
    // attempts end the wait, not a max_wait nobody set.
    really_sleep = false;
    slept.clear();
    stub.expect_any_input<ml::get_ml_model>(training);
    stub.expect_any_input<ml::get_ml_model>(training);
    auto unbounded = c.try_wait<ml::ml_model_completed>(
        {.ml_model_id = "ml-1"}, {.delay = std::chrono::milliseconds::max(), .max_attempts = 2});
    REQUIRE_FALSE(unbounded);
    CHECK(unbounded.error().message ==
          "Waiter MLModelCompleted failed: not reached after 2 attempts");
    REQUIRE(slept.size() == 1);
    CHECK(slept[0] > std::chrono::hours(24 * 365 * 100));

    // A sleep that throws ends the wait as a hook that throws ends a call.
    config.sleep = [](std::chrono::nanoseconds) { throw std::runtime_error("no more sleep"); };
    awsml::basic_client<awsml::stub_transport> restless(config, stub);
    stub.expect_any_input<ml::get_ml_model>(training);
    auto thrown = restless.try_wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, quick);
    REQUIRE_FALSE(thrown);
    CHECK(thrown.error().code == awsml::errc::hook_failed);
    CHECK(thrown.error().message ==
          "Waiter MLModelCompleted failed: its sleep threw: no more sleep");
    stub.expect_any_input<ml::get_ml_model>(training);
    CHECK_THROWS_WITH(restless.wait<ml::ml_model_completed>({.ml_model_id = "ml-1"}, quick),
                      "no more sleep");
    stub.assert_no_pending_responses();
}

TEST_CASE("waiter: asynchronously on timers, to success and to cancellation",
          "[waiter][local][async]") {
    local::background_server server(
        models_with_lifecycle("ml-ChurnTraining2=INPROGRESS:200ms,COMPLETED"));
    asio::io_context io;
    awsml::client c(config_for(server.endpoint_url()),
                    awsml::asio_http_transport(io.get_executor()));

    std::optional<awsml::outcome<ml::get_ml_model_output>> completed, cancelled,
        partially_cancelled;
    c.async_wait<ml::ml_model_completed>(
        {.ml_model_id = "ml-ChurnTraining2"}, quick,
        [&](awsml::outcome<ml::get_ml_model_output> result) { completed = std::move(result); });

    // A wait with a long delay, cancelled by `type` while it sleeps on its timer. A wait changes
    // nothing, so the partial type ends it as the terminal one does.
    asio::cancellation_signal stop, partial_stop;
    asio::steady_timer later(io, 300ms);
    const auto wait_then_cancel = [&](asio::cancellation_signal& signal,
                                      asio::cancellation_type type, auto& result) {
        c.async_wait<ml::ml_model_completed>(
            {.ml_model_id = "ml-ChurnPending01"}, {.delay = 1h},
            asio::bind_cancellation_slot(
                signal.slot(),
                [&result](awsml::outcome<ml::get_ml_model_output> r) { result = std::move(r); }));
        later.async_wait([&signal, type](std::error_code) { signal.emit(type); });
    };
    wait_then_cancel(stop, asio::cancellation_type::terminal, cancelled);
    wait_then_cancel(partial_stop, asio::cancellation_type::partial, partially_cancelled);

    io.run_for(30s); // bounds the test: both end well before
    REQUIRE(completed);
    REQUIRE(*completed);
    CHECK((*completed)->status == ml::entity_status::COMPLETED);
    REQUIRE(cancelled);
    REQUIRE_FALSE(*cancelled);
    CHECK(cancelled->error().code == awsml::errc::cancelled);
    REQUIRE(partially_cancelled);
    REQUIRE_FALSE(*partially_cancelled);
    CHECK(partially_cancelled->error().code == awsml::errc::cancelled);
}

} // namespace paginators_waiters_test
