// JMESPath's lexer and parser, as jmespath.py 1.1's (jmespath_syntax.hpp).
#include <awsml-cli/jmespath_syntax.hpp>

#include <awsml-cli/exact_json.hpp>
#include <awsml-cli/unicode_text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <concepts>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <utility>

namespace awsml::cli::jmespath {

namespace {

namespace json = boost::json;

enum class tok {
    eof,
    unquoted_identifier,
    quoted_identifier,
    literal,
    rbracket,
    rparen,
    comma,
    rbrace,
    number,
    current,
    expref,
    colon,
    pipe,
    or_,
    and_,
    eq,
    gt,
    lt,
    gte,
    lte,
    ne,
    flatten,
    star,
    filter,
    dot,
    not_,
    lbrace,
    lbracket,
    lparen,
};

struct token_info {
    std::string_view name; // jmespath.py's token type
    int binding_power;
};

constexpr token_info info(tok t) {
    constexpr token_info table[] = {
        {"eof", 0},
        {"unquoted_identifier", 0},
        {"quoted_identifier", 0},
        {"literal", 0},
        {"rbracket", 0},
        {"rparen", 0},
        {"comma", 0},
        {"rbrace", 0},
        {"number", 0},
        {"current", 0},
        {"expref", 0},
        {"colon", 0},
        {"pipe", 1},
        {"or", 2},
        {"and", 3},
        {"eq", 5},
        {"gt", 5},
        {"lt", 5},
        {"gte", 5},
        {"lte", 5},
        {"ne", 5},
        {"flatten", 9},
        {"star", 20},
        {"filter", 21},
        {"dot", 40},
        {"not", 45},
        {"lbrace", 50},
        {"lbracket", 55},
        {"lparen", 60},
    };
    return table[static_cast<int>(t)];
}
constexpr int projection_stop = 10; // a token below it ends a projection's right-hand side
constexpr int max_depth = int(max_json_depth); // deeper is refused, not a stack overflow

[[noreturn]] void too_deep() {
    throw error("Invalid jmespath expression: nested more than " + std::to_string(max_depth) +
                " levels deep");
}

// Why Python's json.loads refuses the JSON string `quoted`, in its words up to the first ':'
// (what jmespath.py reports for a quoted identifier): the first fault in the text wins.
std::string python_string_error(std::string_view quoted) {
    const std::string_view inside = quoted.substr(1, quoted.size() - 2);
    const auto is_hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    for (std::size_t i = 0; i < inside.size(); ++i) {
        if (static_cast<unsigned char>(inside[i]) < 0x20)
            return "Invalid control character at";
        if (inside[i] != '\\')
            continue;
        if (++i == inside.size())
            return "Unterminated string starting at";
        if (inside[i] == 'u') {
            if (inside.size() - i < 5 ||
                !std::all_of(inside.begin() + std::ptrdiff_t(i) + 1,
                             inside.begin() + std::ptrdiff_t(i) + 5, is_hex))
                return "Invalid \\uXXXX escape";
            i += 4;
        } else if (std::string_view("\"\\/bfnrt").find(inside[i]) == std::string_view::npos) {
            return "Invalid \\escape";
        }
    }
    // Python takes a lone surrogate (\ud83d) where Boost.JSON does not: awsml refuses it.
    return "Invalid quoted identifier " + std::string(quoted) + " (a lone UTF-16 surrogate)";
}

struct token {
    tok type = tok::eof;
    std::string value; // as jmespath.py shows it in messages; an identifier's or string's text
    json::value literal;
    std::int64_t number = 0;
    std::size_t start = 0; // in bytes
};

// Python counts positions in code points; the text is UTF-8.
std::size_t column_of(std::string_view text, std::size_t byte) {
    byte = std::min(byte, text.size());
    return static_cast<std::size_t>(std::count_if(text.begin(), text.begin() + byte, [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

[[noreturn]] void lexer_error(std::string_view text, std::size_t at, const std::string& message) {
    throw error("Bad jmespath expression: " + message + ":\n" + std::string(text) + "\n" +
                std::string(column_of(text, at), ' ') + "^");
}

[[noreturn]] void parse_error(std::string_view text, const token& t, const std::string& message,
                              std::optional<std::size_t> column = {}) {
    const std::size_t at = column ? *column : column_of(text, t.start);
    std::string type(info(t.type).name);
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    throw error(message + ": Parse error at column " + std::to_string(at) + ", token \"" + t.value +
                "\" (" + type + "), for expression:\n\"" + std::string(text) + "\"\n" +
                std::string(at + 1, ' ') + "^");
}

[[noreturn]] void incomplete(std::string_view text) {
    throw error("Invalid jmespath expression: Incomplete expression:\n\"" + std::string(text) +
                "\"\n" + std::string(column_of(text, text.size()) + 1, ' ') + "^");
}

bool identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool identifier_char(char c) {
    return identifier_start(c) || (c >= '0' && c <= '9');
}
bool digit(char c) {
    return c >= '0' && c <= '9';
}

class lexer {
public:
    explicit lexer(std::string_view text)
        : text_(text) {}

    std::vector<token> tokens() {
        if (text_.empty())
            throw error("Invalid JMESPath expression: cannot be empty.");
        std::vector<token> out;
        while (at_ < text_.size())
            if (auto t = next())
                out.push_back(std::move(*t));
        out.push_back({tok::eof, "", {}, 0, text_.size()});
        return out;
    }

private:
    std::optional<token> next() {
        const char c = text_[at_];
        const std::size_t start = at_;
        if (auto simple = simple_token(c)) {
            ++at_;
            return token{*simple, std::string(1, c), {}, 0, start};
        }
        if (identifier_start(c)) {
            while (at_ < text_.size() && identifier_char(text_[at_]))
                ++at_;
            return token{tok::unquoted_identifier,
                         std::string(text_.substr(start, at_ - start)),
                         {},
                         0,
                         start};
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return ++at_, std::nullopt;
        if (c == '[')
            return bracket(start);
        if (c == '\'')
            return raw_string(start);
        if (c == '|')
            return either('|', tok::or_, tok::pipe);
        if (c == '&')
            return either('&', tok::and_, tok::expref);
        if (c == '`')
            return literal(start);
        if (digit(c) || c == '-')
            return number(start);
        if (c == '"')
            return quoted_identifier(start);
        if (c == '<')
            return either('=', tok::lte, tok::lt);
        if (c == '>')
            return either('=', tok::gte, tok::gt);
        if (c == '!')
            return either('=', tok::ne, tok::not_);
        if (c == '=') {
            if (at_ + 1 < text_.size() && text_[at_ + 1] == '=')
                return at_ += 2, token{tok::eq, "==", {}, 0, start};
            lexer_error(text_, at_, "Unknown token '='");
        }
        // The whole code point, as Python shows it.
        std::size_t length = 1;
        while (at_ + length < text_.size() &&
               (static_cast<unsigned char>(text_[at_ + length]) & 0xC0) == 0x80)
            ++length;
        lexer_error(text_, at_, "Unknown token " + std::string(text_.substr(at_, length)));
    }

    static std::optional<tok> simple_token(char c) {
        switch (c) {
        case '.':
            return tok::dot;
        case '*':
            return tok::star;
        case ']':
            return tok::rbracket;
        case ',':
            return tok::comma;
        case ':':
            return tok::colon;
        case '@':
            return tok::current;
        case '(':
            return tok::lparen;
        case ')':
            return tok::rparen;
        case '{':
            return tok::lbrace;
        case '}':
            return tok::rbrace;
        default:
            return std::nullopt;
        }
    }

    token bracket(std::size_t start) {
        ++at_;
        if (at_ < text_.size() && text_[at_] == ']')
            return ++at_, token{tok::flatten, "[]", {}, 0, start};
        if (at_ < text_.size() && text_[at_] == '?')
            return ++at_, token{tok::filter, "[?", {}, 0, start};
        return token{tok::lbracket, "[", {}, 0, start};
    }

    token either(char second, tok matched, tok otherwise) {
        const std::size_t start = at_;
        const char first = text_[at_++];
        if (at_ < text_.size() && text_[at_] == second)
            return ++at_, token{matched, std::string{first, second}, {}, 0, start};
        return token{otherwise, std::string(1, first), {}, 0, start};
    }

    token number(std::size_t start) {
        ++at_;
        while (at_ < text_.size() && digit(text_[at_]))
            ++at_;
        const std::string_view digits = text_.substr(start, at_ - start);
        if (digits == "-")
            lexer_error(text_, start, "Unknown token '-'");
        token t{tok::number, std::string(digits), {}, 0, start};
        if (std::from_chars(digits.data(), digits.data() + digits.size(), t.number).ec !=
            std::errc{}) // beyond int64: past any list's end either way
            t.number = digits.front() == '-' ? std::numeric_limits<std::int64_t>::min()
                                             : std::numeric_limits<std::int64_t>::max();
        return t;
    }

    // The text up to the closing `delimiter`; a backslash keeps itself and the next character.
    std::string until(char delimiter, std::size_t start) {
        std::string out;
        ++at_;
        while (at_ >= text_.size() || text_[at_] != delimiter) {
            if (at_ < text_.size() && text_[at_] == '\\') {
                out += '\\';
                ++at_;
            }
            if (at_ >= text_.size())
                lexer_error(text_, start, std::string("Unclosed ") + delimiter + " delimiter");
            out += text_[at_++];
        }
        ++at_;
        return out;
    }

    token raw_string(std::size_t start) {
        std::string text = python_replace(until('\'', start), "\\'", "'");
        token t{tok::literal, text, json::string(text), 0, start};
        return t;
    }

    token literal(std::size_t start) {
        const std::string lexeme = python_replace(until('`', start), "\\`", "`");
        token t{tok::literal, lexeme, {}, 0, start};
        try {
            t.literal = parse_exact_json(trimmed(lexeme));
            return t;
        } catch (const json_too_deep&) {
            too_deep();
        } catch (const std::invalid_argument&) {
        }
        try { // jmespath.py's deprecated form: `foo` is the string "foo"
            const std::string_view rest = python_lstrip(lexeme);
            t.literal = parse_exact_json("\"" + std::string(rest) + "\"");
            return t;
        } catch (const std::invalid_argument&) {
            lexer_error(text_, start, "Bad token " + lexeme);
        }
    }

    static std::string_view trimmed(std::string_view text) {
        const std::size_t first = text.find_first_not_of(" \t\n\r");
        if (first == std::string_view::npos)
            return {};
        return text.substr(first, text.find_last_not_of(" \t\n\r") - first + 1);
    }

    token quoted_identifier(std::size_t start) {
        const std::string lexeme = "\"" + until('"', start) + "\"";
        try {
            json::value name = parse_exact_json(lexeme);
            return token{tok::quoted_identifier, std::string(name.as_string()), {}, 0, start};
        } catch (const std::invalid_argument&) {
            lexer_error(text_, start, python_string_error(lexeme));
        }
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

// Moves `child` under `parent`; a braced list of children would copy each, and a chain of
// operators (a|a|a...) copies the whole tree built so far at each step.
void adopt(node& parent, node child) {
    parent.height = std::max(parent.height, child.height + 1);
    parent.children.push_back(std::move(child));
}

template <std::same_as<node>... Children>
node make(node_kind kind, Children&&... children) {
    node n;
    n.kind = kind;
    (adopt(n, std::move(children)), ...);
    return n;
}

class parser {
public:
    explicit parser(std::string_view text)
        : text_(text)
        , tokens_(lexer(text).tokens()) {}

    node parse_all() {
        node tree = expression(0);
        if (current() != tok::eof)
            parse_error(text_, tokens_[index_], "Unexpected token: " + tokens_[index_].value);
        return tree;
    }

private:
    tok current() const { return tokens_[index_].type; }
    tok lookahead(std::size_t k) const {
        return tokens_[std::min(index_ + k, tokens_.size() - 1)].type;
    }
    const token& token_at(std::ptrdiff_t offset) const {
        const auto at = static_cast<std::ptrdiff_t>(index_) + offset;
        return tokens_[static_cast<std::size_t>(
            std::clamp<std::ptrdiff_t>(at, 0, static_cast<std::ptrdiff_t>(tokens_.size()) - 1))];
    }
    void advance() { index_ = std::min(index_ + 1, tokens_.size() - 1); }

    void match(tok expected) {
        if (current() == expected)
            return advance();
        if (current() == tok::eof)
            incomplete(text_);
        parse_error(text_, tokens_[index_],
                    "Expecting: " + std::string(info(expected).name) +
                        ", got: " + std::string(info(current()).name));
    }

    // Evaluation recurses once per level of the tree, and operators that chain (a|b|c...) add
    // levels without nesting the parser's calls.
    static node bounded(node tree) {
        if (tree.height > max_depth)
            too_deep();
        return tree;
    }

    node expression(int binding_power) {
        if (++depth_ > max_depth)
            too_deep();
        const token left_token = tokens_[index_];
        advance();
        node left = bounded(nud(left_token));
        while (binding_power < info(current()).binding_power) {
            const tok t = current();
            advance();
            left = bounded(led(t, std::move(left)));
        }
        --depth_;
        return left;
    }

    node nud(const token& t) {
        switch (t.type) {
        case tok::literal: {
            node n = make(node_kind::literal);
            n.literal = t.literal;
            return n;
        }
        case tok::unquoted_identifier:
            return field(t.value);
        case tok::quoted_identifier:
            if (current() == tok::lparen)
                parse_error(text_, tokens_[index_],
                            "Quoted identifier not allowed for function names.", 0);
            return field(t.value);
        case tok::star: {
            node right = current() == tok::rbracket ? make(node_kind::identity)
                                                    : projection_rhs(info(tok::star).binding_power);
            return make(node_kind::value_projection, make(node_kind::identity), std::move(right));
        }
        case tok::filter:
            return filter(make(node_kind::identity));
        case tok::lbrace:
            return multi_select_hash();
        case tok::lparen: {
            node inside = expression(0);
            match(tok::rparen);
            return inside;
        }
        case tok::flatten:
            return make(node_kind::projection, make(node_kind::flatten, make(node_kind::identity)),
                        projection_rhs(info(tok::flatten).binding_power));
        case tok::not_:
            return make(node_kind::not_expression, expression(info(tok::not_).binding_power));
        case tok::lbracket:
            return bracket_nud();
        case tok::current:
            return make(node_kind::current);
        case tok::expref:
            return make(node_kind::expression_reference,
                        expression(info(tok::expref).binding_power));
        case tok::eof:
            incomplete(text_);
        default:
            parse_error(text_, t, "invalid token");
        }
    }

    node led(tok t, node left) {
        switch (t) {
        case tok::dot:
            return dot(std::move(left));
        case tok::pipe:
            return make(node_kind::pipe, std::move(left),
                        expression(info(tok::pipe).binding_power));
        case tok::or_:
            return make(node_kind::or_expression, std::move(left),
                        expression(info(tok::or_).binding_power));
        case tok::and_:
            return make(node_kind::and_expression, std::move(left),
                        expression(info(tok::and_).binding_power));
        case tok::lparen:
            return function(left);
        case tok::filter:
            return filter(std::move(left));
        case tok::eq:
            return comparator(std::move(left), comparison::eq, t);
        case tok::ne:
            return comparator(std::move(left), comparison::ne, t);
        case tok::gt:
            return comparator(std::move(left), comparison::gt, t);
        case tok::gte:
            return comparator(std::move(left), comparison::gte, t);
        case tok::lt:
            return comparator(std::move(left), comparison::lt, t);
        case tok::lte:
            return comparator(std::move(left), comparison::lte, t);
        case tok::flatten:
            return make(node_kind::projection, make(node_kind::flatten, std::move(left)),
                        projection_rhs(info(tok::flatten).binding_power));
        case tok::lbracket:
            return bracket_led(std::move(left));
        default:
            parse_error(text_, token_at(-1), "invalid token");
        }
    }

    static node field(std::string name) {
        node n = make(node_kind::field);
        n.name = std::move(name);
        return n;
    }

    node dot(node left) {
        if (current() != tok::star) {
            node right = dot_rhs(info(tok::dot).binding_power);
            if (left.kind == node_kind::subexpression) {
                adopt(left, std::move(right));
                return left;
            }
            return make(node_kind::subexpression, std::move(left), std::move(right));
        }
        advance();
        return make(node_kind::value_projection, std::move(left),
                    projection_rhs(info(tok::dot).binding_power));
    }

    node function(const node& name) {
        if (name.kind != node_kind::field) {
            const token& before = token_at(-2);
            parse_error(text_, before, "Invalid function name '" + before.value + "'");
        }
        node call = make(node_kind::function);
        call.name = name.name;
        while (current() != tok::rparen) {
            node argument = expression(0);
            if (current() == tok::comma)
                match(tok::comma);
            adopt(call, std::move(argument));
        }
        match(tok::rparen);
        return call;
    }

    node filter(node left) {
        node condition = expression(0);
        match(tok::rbracket);
        node right = current() == tok::flatten ? make(node_kind::identity)
                                               : projection_rhs(info(tok::filter).binding_power);
        return make(node_kind::filter_projection, std::move(left), std::move(right),
                    std::move(condition));
    }

    node comparator(node left, comparison op, tok t) {
        node n = make(node_kind::comparator, std::move(left), expression(info(t).binding_power));
        n.compare = op;
        return n;
    }

    node bracket_nud() {
        if (current() == tok::number || current() == tok::colon)
            return project_if_slice(make(node_kind::identity), index_expression());
        if (current() == tok::star && lookahead(1) == tok::rbracket) {
            advance();
            advance();
            return make(node_kind::projection, make(node_kind::identity),
                        projection_rhs(info(tok::star).binding_power));
        }
        return multi_select_list();
    }

    node bracket_led(node left) {
        if (current() == tok::number || current() == tok::colon) {
            node right = index_expression();
            if (left.kind == node_kind::index_expression) {
                adopt(left, std::move(right));
                return left;
            }
            return project_if_slice(std::move(left), std::move(right));
        }
        match(tok::star);
        match(tok::rbracket);
        return make(node_kind::projection, std::move(left),
                    projection_rhs(info(tok::star).binding_power));
    }

    node index_expression() {
        if (lookahead(0) == tok::colon || lookahead(1) == tok::colon)
            return slice();
        node n = make(node_kind::index);
        n.index = tokens_[index_].number;
        advance();
        match(tok::rbracket);
        return n;
    }

    node slice() {
        node n = make(node_kind::slice);
        std::optional<std::int64_t>* parts[] = {&n.slice_start, &n.slice_stop, &n.slice_step};
        std::size_t part = 0;
        while (current() != tok::rbracket && part < 3) {
            if (current() == tok::colon) {
                if (++part == 3)
                    parse_error(text_, tokens_[index_], "syntax error");
                advance();
            } else if (current() == tok::number) {
                *parts[part] = tokens_[index_].number;
                advance();
            } else {
                parse_error(text_, tokens_[index_], "syntax error");
            }
        }
        match(tok::rbracket);
        return n;
    }

    node project_if_slice(node left, node right) {
        const bool is_slice = right.kind == node_kind::slice;
        node indexed = make(node_kind::index_expression, std::move(left), std::move(right));
        if (!is_slice)
            return indexed;
        return make(node_kind::projection, std::move(indexed),
                    projection_rhs(info(tok::star).binding_power));
    }

    node multi_select_list() {
        node n = make(node_kind::multi_select_list);
        while (true) {
            adopt(n, expression(0));
            if (current() == tok::rbracket)
                break;
            match(tok::comma);
        }
        match(tok::rbracket);
        return n;
    }

    node multi_select_hash() {
        node n = make(node_kind::multi_select_hash);
        while (true) {
            const token& key = tokens_[index_];
            if (current() != tok::quoted_identifier && current() != tok::unquoted_identifier) {
                if (current() == tok::eof)
                    incomplete(text_);
                parse_error(text_, key,
                            "Expecting: ['quoted_identifier', 'unquoted_identifier'], got: " +
                                std::string(info(current()).name));
            }
            n.keys.push_back(key.value);
            advance();
            match(tok::colon);
            adopt(n, expression(0));
            if (current() == tok::comma) {
                match(tok::comma);
            } else if (current() == tok::rbrace) {
                match(tok::rbrace);
                break;
            }
        }
        return n;
    }

    node projection_rhs(int binding_power) {
        if (info(current()).binding_power < projection_stop)
            return make(node_kind::identity);
        if (current() == tok::lbracket || current() == tok::filter)
            return expression(binding_power);
        if (current() == tok::dot) {
            match(tok::dot);
            return dot_rhs(binding_power);
        }
        parse_error(text_, tokens_[index_], "syntax error");
    }

    node dot_rhs(int binding_power) {
        switch (current()) {
        case tok::quoted_identifier:
        case tok::unquoted_identifier:
        case tok::star:
            return expression(binding_power);
        case tok::lbracket:
            advance();
            return multi_select_list();
        case tok::lbrace:
            advance();
            return multi_select_hash();
        default:
            parse_error(text_, tokens_[index_],
                        "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                        "'lbrace'], got: " +
                            std::string(info(current()).name));
        }
    }

    std::string_view text_;
    std::vector<token> tokens_;
    std::size_t index_ = 0;
    int depth_ = 0;
};

} // namespace

node parse(std::string_view text) {
    return parser(text).parse_all();
}

} // namespace awsml::cli::jmespath
