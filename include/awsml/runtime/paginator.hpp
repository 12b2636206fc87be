#pragma once

/// \file
/// Paginators: every page of an operation that pages, walked lazily. An operation declares once
/// how it pages (its model's paginators-1.json entry) with the members that carry the token, the
/// page size and the results:
///
///     struct describe_ml_models : operation<...> {
///         using pagination = awsml::pagination<&input::next_token, &output::next_token,
///                                              &input::limit, &output::results>;
///     };
///
/// and a client then walks it, item by item or page by page:
///
///     for (const auto& model : client.paginate<describe_ml_models>(query))   // throws
///     auto pages = client.paginate<describe_ml_models>(query, {.page_size = 25});
///     while (pages.has_more_pages()) { outcome<output> page = pages.try_next_page(); ... }
///     pages.async_next_page(token);   // completes with void(outcome<output>)
///
/// A service that sends back a token the walk already used ends it with errc::pagination_loop,
/// never an endless loop: that page is handed out, as botocore yields it, and the walk fails
/// instead of asking for it again (botocore compares the previous token only; a cycle through
/// several tokens ends here too). `max_items` stops the walk after that many results in all;
/// a walk it cut can go on later from resume_at() (botocore's resume token, as two members):
///
///     auto first = client.paginate<describe_ml_models>(query, {.max_items = 50});
///     ...
///     if (auto at = first.resume_at()) {
///         query.next_token = at->token;
///         auto rest = client.paginate<describe_ml_models>(query, {.skip_items = at->skip});
///     }

#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/call_options.hpp>
#include <awsml/runtime/detail/async_executor.hpp>
#include <awsml/runtime/operation.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml {

/// How an operation pages: the input's and the output's token members, the input's page-size
/// member and the output's list of results (all std::optional, as the model makes them).
template <auto InputToken, auto OutputToken, auto PageSize, auto Results>
struct pagination {
    static constexpr auto input_token = InputToken;   ///< e.g. &input::next_token
    static constexpr auto output_token = OutputToken; ///< e.g. &output::next_token
    static constexpr auto page_size = PageSize;       ///< e.g. &input::limit
    static constexpr auto results = Results;          ///< e.g. &output::results
};

/// An operation declared with a `pagination`.
template <class Op>
concept paginated_operation = operation_description<Op> && requires {
    Op::pagination::input_token;
    Op::pagination::output_token;
    Op::pagination::page_size;
    Op::pagination::results;
};

/// How a paginator walks; both unset by default (the service's page size, every result).
struct page_options {
    std::optional<std::int32_t> page_size{}; ///< results per request (the model's limit member)
    std::optional<std::size_t> max_items{};  ///< stop after this many results in all
    /// Results not handed out, from the first page's start: a resume_point's skip, those an
    /// earlier walk took already (a skip longer than a page goes on to the next).
    std::size_t skip_items = 0;
    call_options call{}; ///< each page's request's own settings
};

/// Where a walk that max_items cut goes on: the token of the page to ask for (none: the first
/// page) and how many of that page's results the walk has handed out (page_options::skip_items).
struct resume_point {
    std::optional<std::string> token; ///< the next walk's input token
    std::size_t skip = 0;             ///< its page_options::skip_items
    friend bool operator==(const resume_point&, const resume_point&) = default;
};

namespace detail {
template <class Op>
using page_results = typename std::remove_cvref_t<decltype(std::declval<typename Op::output&>().*
                                                           Op::pagination::results)>::value_type;
} // namespace detail

/// A lazy walk over the pages of Op, through `Client` (which must outlive it). Not thread-safe:
/// one walk, one page at a time.
template <class Client, paginated_operation Op>
class paginator {
public:
    using input_type = typename Op::input;   ///< Op's request
    using output_type = typename Op::output; ///< Op's answer: one page
    /// One result of a page (an element of the output's results list).
    using item_type = typename detail::page_results<Op>::value_type;

    /// Sends nothing yet: the first page is fetched by the first next_page() or begin(). The
    /// input's token member is overwritten page after page; its page-size member is set from
    /// `options.page_size` when given.
    paginator(Client& client, input_type input, page_options options = {})
        : client_(&client)
        , input_(std::move(input))
        , options_(std::move(options)) {
        if (options_.page_size)
            input_.*Op::pagination::page_size = *options_.page_size;
        if (options_.max_items == 0u) { // nothing to ask for: the walk goes on where it starts
            more_ = false;
            resume_ = resume_point{input_.*Op::pagination::input_token, options_.skip_items};
        }
    }
    // A page in flight writes back into its paginator, so a paginator stays where it was made
    // (client.paginate<Op>(...) still returns one: the copy is elided).
    paginator(const paginator&) = delete;
    paginator& operator=(const paginator&) = delete;

    /// False once the last page was taken, max_items were reached, or a page failed (after a
    /// page repeating a token, true: the next page is the errc::pagination_loop failure).
    /// After a failed page, next_request_token() is still that page's: a new paginator given it
    /// asks for the page again.
    bool has_more_pages() const noexcept { return more_; }
    /// The page token the next request sends (none before the first page); after a page that
    /// repeated a token, the one sent last, since no request follows.
    const auto& next_request_token() const noexcept { return input_.*Op::pagination::input_token; }
    /// Results handed out so far.
    std::size_t items_seen() const noexcept { return items_; }
    /// Where a walk that max_items cut with results left goes on; none when it was not cut, or
    /// the service had nothing after the last result handed out.
    const std::optional<resume_point>& resume_at() const noexcept { return resume_; }

    /// The next page, or why there is none: after a failed page, that failure again, without a
    /// request (an empty page would read as the walk's end); after the last page, an empty page.
    outcome<output_type> try_next_page() {
        if (auto answer = answer_without_request())
            return std::move(*answer);
        return take(client_->template try_call<Op>(input_, options_.call));
    }

    /// The next page; throws what the call throws, or awsml::error (errc::pagination_loop).
    output_type next_page() { return try_next_page().value(); }

    /// The next page, asynchronously: completes with void(outcome<output>). The paginator (and
    /// its client) must outlive the page in flight, which writes back into it.
    template <class CompletionToken>
    auto async_next_page(CompletionToken&& token) {
        detail::executor_for_async_calls(this->client_->transport());
        return asio::async_initiate<CompletionToken, void(outcome<output_type>)>(
            [this](auto handler) {
                if (auto answer = this->answer_without_request()) {
                    auto executor = asio::get_associated_executor(
                        handler, this->client_->transport().get_executor());
                    return asio::post(executor, [handler = std::move(handler),
                                                 answer = std::move(*answer)]() mutable {
                        std::move(handler)(std::move(answer));
                    });
                }
                // The page's handler keeps the caller's executor and cancellation slot.
                auto executor = asio::get_associated_executor(
                    handler, this->client_->transport().get_executor());
                auto slot = asio::get_associated_cancellation_slot(handler);
                this->client_->template async_try_call<Op>(
                    this->input_, this->options_.call,
                    asio::bind_cancellation_slot(
                        slot, asio::bind_executor(executor, page_handler<decltype(handler)>{
                                                                this, std::move(handler)})));
            },
            token);
    }

    /// Every result of every page, fetched as the walk reaches it (throws like next_page()).
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag; ///< one pass only
        using value_type = item_type;                      ///< a result
        using difference_type = std::ptrdiff_t;            ///< as iterators require
        using pointer = const item_type*;                  ///< to the current result
        using reference = const item_type&;                ///< to the current result

        /// The end.
        iterator() = default;
        /// The first result of `walk` from where it is, fetching pages until one has results.
        explicit iterator(paginator* walk)
            : walk_(walk) {
            fill();
        }
        /// The current result; valid until the iterator moves on.
        reference operator*() const { return page_[index_]; }
        /// The current result's members.
        pointer operator->() const { return &page_[index_]; }
        /// The next result, fetching the next page when this one is used up (throws what
        /// next_page() throws).
        iterator& operator++() {
            if (++index_ == page_.size())
                fill();
            return *this;
        }
        /// As ++it (an input iterator's post-increment returns nothing useful).
        void operator++(int) { ++*this; }
        // Iterators are equal at the end, or at the same place of the same walk.
        friend bool operator==(const iterator& a, const iterator& b) {
            return a.walk_ == b.walk_ && (a.walk_ == nullptr || a.index_ == b.index_);
        }

    private:
        // Loads pages until one has results, or the walk is over.
        void fill() {
            index_ = 0;
            page_.clear();
            // A walk that failed throws its failure again, rather than read as at its end.
            while (page_.empty() && (walk_->has_more_pages() || walk_->failure_)) {
                auto page = walk_->next_page();
                if (auto& results = page.*Op::pagination::results)
                    page_ = std::move(*results);
            }
            if (page_.empty())
                walk_ = nullptr;
        }

        paginator* walk_ = nullptr;
        detail::page_results<Op> page_;
        std::size_t index_ = 0;
    };

    /// Starts the item walk where the paginator is: fetches pages until one has results.
    iterator begin() { return iterator(this); }
    /// The end of the item walk.
    iterator end() const noexcept { return {}; }

private:
    template <class Handler>
    struct page_handler {
        paginator* walk;
        Handler handler;
        void operator()(outcome<output_type> page) {
            std::move(handler)(walk->take(std::move(page)));
        }
    };

    // What the next page is when no request is to be sent: an empty page once the walk is over
    // (as the service would answer), the loop's failure after a page repeating a token, the
    // failure that ended the walk.
    std::optional<outcome<output_type>> answer_without_request() {
        if (failure_)
            return *failure_;
        if (repeated_token_) {
            more_ = false;
            call_failure loop;
            loop.code = make_error_code(errc::pagination_loop);
            loop.message = std::string(Op::name) + ": the service sent back the page token " +
                           in_quotes(*repeated_token_) +
                           ", which the walk had sent already; it stops here";
            repeated_token_.reset();
            failure_ = loop;
            return loop;
        }
        if (!more_)
            return output_type{};
        return std::nullopt;
    }

    // Advances the walk past `page`: its token becomes the next request's, its results are cut
    // at max_items, and a token sent before ends the walk after this page.
    outcome<output_type> take(outcome<output_type> page) {
        if (!page) {
            more_ = false;
            failure_ = page.error();
            return page;
        }
        if (const auto& token = input_.*Op::pagination::input_token)
            used_tokens_.insert(*token);
        const std::size_t skipped = skip_taken_results(*page);
        limit_results(*page, skipped);
        const auto& next = (*page).*Op::pagination::output_token;
        if (!next || next->empty() || !more_) {
            more_ = false;
        } else if (used_tokens_.count(*next) != 0) {
            repeated_token_ = *next;
        } else {
            input_.*Op::pagination::input_token = *next;
        }
        return page;
    }

    // Drops the results an earlier walk took (page_options::skip_items), from the first page
    // on: a skip longer than a page (a page size smaller than that walk's) goes on to the next.
    // Returns how many were dropped from this page.
    std::size_t skip_taken_results(output_type& page) {
        auto& results = page.*Op::pagination::results;
        if (!results || options_.skip_items == 0)
            return 0;
        const std::size_t dropped = std::min(options_.skip_items, results->size());
        results->erase(results->begin(), results->begin() + static_cast<std::ptrdiff_t>(dropped));
        options_.skip_items -= dropped;
        return dropped;
    }

    // Cuts the page at max_items, noting where a later walk resumes. `skipped`: results dropped
    // from the page's start, which a resume_point counts too (they are the page's as sent).
    void limit_results(output_type& page, std::size_t skipped) {
        auto& results = page.*Op::pagination::results;
        const std::size_t count = results ? results->size() : 0;
        if (options_.max_items && items_ + count >= *options_.max_items) {
            const std::size_t kept = *options_.max_items - items_;
            if (kept < count)
                resume_ = resume_point{input_.*Op::pagination::input_token, skipped + kept};
            else if (const auto& next = page.*Op::pagination::output_token; next && !next->empty())
                resume_ = resume_point{next, 0};
            if (results)
                results->resize(kept);
            more_ = false;
        }
        items_ += results ? results->size() : 0;
    }

    Client* client_;
    input_type input_;
    page_options options_;
    std::set<std::string> used_tokens_;
    std::optional<resume_point> resume_;
    std::optional<std::string> repeated_token_; // a page sent back a token already sent
    std::optional<call_failure> failure_;       // the page that ended the walk failed so
    std::size_t items_ = 0;
    bool more_ = true;
};

} // namespace awsml
