#pragma once

// JMESPath's syntax tree and its parser (jmespath.cpp evaluates the tree): jmespath.py 1.1's
// lexer and top-down operator precedence parser, node for node, so that an expression means
// here what it means to the AWS CLI, quirks included, and fails with the same message.

#include <awsml-cli/jmespath.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::cli::jmespath {

enum class node_kind {
    field,             // name
    subexpression,     // children in turn
    index,             // index
    slice,             // slice_start, slice_stop, slice_step
    index_expression,  // children in turn
    projection,        // children[0] a list, children[1] on each element
    value_projection,  // children[0] an object, children[1] on each value
    filter_projection, // children[0] a list, children[1] on each element children[2] holds for
    flatten,           // children[0]
    identity,
    current,
    literal,    // literal
    comparator, // comparison over children[0] and children[1]
    or_expression,
    and_expression,
    not_expression,
    pipe,
    multi_select_list,
    multi_select_hash, // keys[i]: children[i]
    function,          // name(children...)
    expression_reference,
};

enum class comparison { eq, ne, lt, lte, gt, gte };

struct node {
    node_kind kind = node_kind::identity;
    std::string name;
    boost::json::value literal;
    std::int64_t index = 0;
    std::optional<std::int64_t> slice_start, slice_stop, slice_step;
    comparison compare = comparison::eq;
    std::vector<node> children;
    std::vector<std::string> keys;
    int height = 1; // levels from this node down, which the parser bounds
};

/// The tree of `text`; throws jmespath::error with jmespath.py's message where it would raise.
node parse(std::string_view text);

} // namespace awsml::cli::jmespath
