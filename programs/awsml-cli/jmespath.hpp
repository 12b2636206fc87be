#pragma once

// JMESPath (jmespath.org), the language of the AWS CLI's --query, as jmespath.py 1.1 (the
// library the AWS CLI runs) reads and evaluates it: identifiers, sub-expressions, indexes,
// slices, list, object and filter projections, flattening, multi-select lists and hashes,
// comparisons, ||, &&, !, pipes, literals, raw strings, expression references and the 26
// built-in functions, with its errors' messages.

#include <boost/json/value.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace awsml::cli::jmespath {

/// An expression that does not parse ("Invalid jmespath expression: ..."), or one that fails
/// on the data (a function given a value of the wrong type, an unknown function).
struct error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct node;

/// A parsed expression; cheap to copy.
class expression {
public:
    /// Parses `text`; throws jmespath::error with jmespath.py's message when it does not parse.
    static expression compile(std::string_view text);

    /// The expression's value on `data`; throws jmespath::error where jmespath.py raises.
    boost::json::value search(const boost::json::value& data) const;

    const std::string& text() const noexcept { return text_; }

private:
    std::string text_;
    std::shared_ptr<const node> root_;
};

} // namespace awsml::cli::jmespath
