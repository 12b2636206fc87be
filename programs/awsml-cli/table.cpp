// --output table, as the AWS CLI draws it (table.hpp). The names follow awscli's: the builder is
// formatter.py's TableFormatter, the drawing table.py's MultiTable and Section.
#include <awsml-cli/table.hpp>

#include <awsml-cli/python_json.hpp>
#include <awsml-cli/unicode_text.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace awsml::cli {

namespace {

namespace json = boost::json;

using row = std::vector<std::string>;

bool scalar(const json::value& v) {
    return !v.is_array() && !v.is_object();
}

// Python's truth: null, false, zero, and empty text, lists and objects are false.
bool python_true(const json::value& v) {
    switch (v.kind()) {
    case json::kind::null:
        return false;
    case json::kind::bool_:
        return v.get_bool();
    case json::kind::int64:
        return v.get_int64() != 0;
    case json::kind::uint64:
        return v.get_uint64() != 0;
    case json::kind::double_:
        return v.get_double() != 0;
    case json::kind::string:
        return !v.get_string().empty();
    case json::kind::array:
        return !v.get_array().empty();
    default:
        return !v.get_object().empty();
    }
}

// `count` spaces, none for a negative count (Python's ' ' * n).
std::string spaces(long count) {
    return std::string(std::size_t(std::max(count, 0L)), ' ');
}

std::string repeated(std::string_view text, long count) {
    std::string out;
    for (long i = 0; i < count; ++i)
        out += text;
    return out;
}

long width_of(std::string_view text) {
    return static_cast<long>(text_width(text));
}

struct section {
    std::optional<std::string> title = std::string(); // nullopt: Python's None
    row headers;
    std::vector<row> rows;
    long indent = 0;
    std::optional<std::size_t> columns;
    std::vector<long> max_widths;

    void add_header(row names) {
        update_max_widths(names);
        if (!columns)
            columns = names.size();
        headers = std::move(names);
    }

    void add_row(row cells) {
        if (!columns)
            columns = cells.size();
        if (cells.size() != *columns)
            throw std::runtime_error("Row should have " + std::to_string(*columns) +
                                     " elements, instead it has " + std::to_string(cells.size()));
        update_max_widths(cells);
        rows.push_back(std::move(cells));
    }

    // Each column's widest text plus `padding`, scaled to add up to `max_width` when given: Python's
    // round() (half to even) of each share, then one column at a time corrected by one.
    std::vector<long> column_widths(long padding, std::optional<long> max_width) const {
        std::vector<long> widths;
        for (long w : max_widths)
            widths.push_back(w + padding);
        if (!max_width || widths.empty())
            return widths;
        long total = 0;
        for (long w : widths)
            total += w;
        const double scale = double(*max_width) / double(total);
        for (long& w : widths)
            w = static_cast<long>(std::nearbyint(scale * double(w)));
        long off_by = -*max_width;
        for (long w : widths)
            off_by += w;
        while (off_by != 0)
            for (std::size_t k = 0; k < widths.size() && off_by != 0; ++k) {
                const std::size_t i = off_by > 0 ? k : widths.size() - 1 - k;
                widths[i] += off_by > 0 ? -1 : 1;
                off_by += off_by > 0 ? -1 : 1;
            }
        return widths;
    }

    long total_width() const {
        long total = 2 + 2 * indent; // the borders, and the bars of the enclosing sections
        for (long w : column_widths(0, std::nullopt))
            total += w + 4;
        const long title_width = title ? width_of(*title) : 4; // str(None) is "None"
        return std::max(title_width + 2 + 2 * indent, total);
    }

private:
    void update_max_widths(const row& cells) {
        if (max_widths.empty()) {
            for (const std::string& cell : cells)
                max_widths.push_back(width_of(cell));
            return;
        }
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i >= max_widths.size())
                throw std::runtime_error("list index out of range");
            max_widths[i] = std::max(max_widths[i], width_of(cells[i]));
        }
    }
};

struct keys_by_kind {
    row scalar_keys; ///< the columns
    row other_keys;  ///< nested sections
};

keys_by_kind group_keys(const json::object& object) {
    keys_by_kind keys;
    for (const auto& member : object)
        (scalar(member.value()) ? keys.scalar_keys : keys.other_keys).emplace_back(member.key());
    std::sort(keys.scalar_keys.begin(), keys.scalar_keys.end());
    std::sort(keys.other_keys.begin(), keys.other_keys.end());
    return keys;
}

// What Python raises when the formatter, grouping the keys of a list of structures, treats
// `item`, which is not one, as a dict: iterating it, or indexing it with its own elements. Empty
// text and lists pass that and fail later, at get(): nullopt for them.
std::optional<std::string> grouping_failure(const json::value& item) {
    if (item.is_string())
        return item.get_string().empty()
                   ? std::nullopt
                   : std::optional<std::string>("string indices must be integers, not 'str'");
    if (item.is_array()) {
        if (item.get_array().empty())
            return std::nullopt;
        const json::value& first = item.get_array()[0];
        if (first.is_int64() || first.is_uint64() || first.is_bool())
            return "'list' object has no attribute 'get'"; // the nearest of Python's outcomes
        return "list indices must be integers or slices, not " +
               std::string(python_type_name(first));
    }
    return "'" + std::string(python_type_name(item)) + "' object is not iterable";
}

class table_builder {
public:
    bool build(const std::optional<std::string>& title, const json::value& value, long indent) {
        if (!python_true(value))
            return false;
        if (title)
            new_section(title, indent);
        if (value.is_array())
            build_list(value.get_array(), title, indent);
        else if (value.is_object())
            build_object(value.get_object(), indent);
        return true;
    }

    std::vector<section> take() { return std::move(sections_); }

private:
    void new_section(const std::optional<std::string>& title, long indent) {
        sections_.emplace_back();
        sections_.back().title = title;
        sections_.back().indent = indent;
    }

    section& current() {
        if (sections_.empty()) // unreachable: the answer's own section always comes first
            new_section(std::string(), 0);
        return sections_.back();
    }

    void build_list(const json::array& list, const std::optional<std::string>& title, long indent) {
        if (list.front().is_object())
            return build_list_of_objects(list, title, indent);
        for (const json::value& item : list) {
            if (scalar(item))
                current().add_row({python_str(item)});
            else if (item.is_object()) // every key is a scalar: a row of the keys
                current().add_row(keys_of(item.get_object()));
            else if (std::all_of(item.get_array().begin(), item.get_array().end(), scalar))
                current().add_row(cells_of(item.get_array()));
            else
                build(std::nullopt, item, 0);
        }
    }

    void build_object(const json::object& object, long indent) {
        const keys_by_kind keys = group_keys(object);
        if (keys.scalar_keys.size() == 1) {
            const std::string& key = keys.scalar_keys.front();
            current().add_row({key, python_str(object.at(key))});
        } else if (!keys.scalar_keys.empty()) {
            current().add_header(keys.scalar_keys);
            row cells;
            for (const std::string& key : keys.scalar_keys)
                cells.push_back(python_str(object.at(key)));
            current().add_row(std::move(cells));
        }
        for (const std::string& key : keys.other_keys)
            build(key, object.at(key), indent + 1);
    }

    void build_list_of_objects(const json::array& list, const std::optional<std::string>& title,
                               long indent) {
        std::set<std::string> scalar_keys, other_keys;
        const json::value* fails_at_get = nullptr;
        for (const json::value& item : list) {
            if (!item.is_object()) {
                if (auto failure = grouping_failure(item))
                    throw std::runtime_error(*failure);
                fails_at_get = fails_at_get ? fails_at_get : &item;
                continue;
            }
            keys_by_kind keys = group_keys(item.get_object());
            scalar_keys.insert(keys.scalar_keys.begin(), keys.scalar_keys.end());
            other_keys.insert(keys.other_keys.begin(), keys.other_keys.end());
        }
        if (fails_at_get)
            throw std::runtime_error("'" + std::string(python_type_name(*fails_at_get)) +
                                     "' object has no attribute 'get'");
        const row headers(scalar_keys.begin(), scalar_keys.end());
        current().add_header(headers);
        bool first = true;
        for (const json::value& item : list) {
            if (!first && !other_keys.empty()) {
                new_section(title, indent);
                current().add_header(headers);
            }
            first = false;
            const json::object& object = item.get_object();
            row cells;
            for (const std::string& key : headers) {
                const json::value* cell = object.if_contains(key);
                cells.push_back(cell ? python_str(*cell) : std::string());
            }
            current().add_row(std::move(cells));
            for (const std::string& key : other_keys)
                if (const json::value* nested = object.if_contains(key))
                    build(key, *nested, indent + 1);
        }
    }

    static row keys_of(const json::object& object) {
        row keys;
        for (const auto& member : object)
            keys.emplace_back(member.key());
        return keys;
    }

    static row cells_of(const json::array& list) {
        row cells;
        for (const json::value& item : list)
            cells.push_back(python_str(item));
        return cells;
    }

    std::vector<section> sections_;
};

// A section of one row turned on its side: a row per column, its header then its value.
void turn_single_rows(std::vector<section>& sections) {
    for (section& s : sections) {
        if (s.rows.size() != 1 || s.headers.empty())
            continue;
        section turned;
        turned.title = s.title;
        turned.indent = s.indent;
        for (std::size_t i = 0; i < std::min(s.headers.size(), s.rows[0].size()); ++i)
            turned.add_row({s.headers[i], s.rows[0][i]});
        s = std::move(turned);
    }
}

// ColorizedStyler's escapes. Its colorama wrapper also resets after every write to the stream,
// which `writer` reproduces.
constexpr std::string_view reset = "\x1b[0m";
constexpr std::string_view row_style = "\x1b[1m\x1b[34m";   // bright, blue
constexpr std::string_view frame_style = "\x1b[2m\x1b[33m"; // dim, yellow

class writer {
public:
    explicit writer(table_colors colors)
        : colored_(colors == table_colors::on) {}

    void write(std::string_view text) {
        out_ += text;
        if (colored_)
            out_ += reset;
    }

    // IndentedStream's write: a line between `indent` bars on each side.
    void line(std::string_view text, long indent) {
        const std::string bars = repeated(colored_ ? bar_styled() : "|", indent);
        write(bars);
        write(text);
        write(bars);
        write("\n");
    }

    std::string cell(std::string_view text) const {
        return colored_ ? std::string(row_style) + std::string(text) + std::string(reset)
                        : std::string(text);
    }

    std::string take() { return std::move(out_); }

private:
    static std::string bar_styled() { return std::string(frame_style) + "|" + std::string(reset); }

    bool colored_;
    std::string out_;
};

// Python's a // 2, which rounds toward negative infinity.
long half_of(long a) {
    return a >= 0 ? a / 2 : -((-a + 1) / 2);
}

// table.py's center_text: `text_length` is the text's width without its escapes.
std::string center_text(std::string_view text, long length, std::string_view left_edge,
                        long text_length) {
    const long start = half_of(length) - half_of(text_length) - 1;
    const long so_far = width_of(left_edge) + start + text_length;
    return std::string(left_edge) + spaces(start) + std::string(text) +
           spaces(length - 1 - so_far) + "|";
}

// table.py's align_left, with its left padding of 2 where the cell has room for it.
std::string align_left(std::string_view text, long length, std::string_view left_edge,
                       long text_length) {
    const long padding = length - (text_length + 2 + width_of(left_edge) + 1) >= 0 ? 2 : 0;
    const long so_far = static_cast<long>(left_edge.size()) + padding + text_length;
    return std::string(left_edge) + spaces(padding) + std::string(text) +
           spaces(length - so_far - 1) + "|";
}

std::string line_break(const std::vector<long>& widths) {
    std::string out;
    for (std::size_t i = 0; i < widths.size(); ++i)
        out += i == 0 ? "+" + std::string(std::size_t(std::max(widths[i] - 2, 0L)), '-') + "+"
                      : std::string(std::size_t(std::max(widths[i] - 1, 0L)), '-') + "+";
    return out;
}

void render_section(writer& w, const section& s, long max_width) {
    max_width -= s.indent * 2;
    if (s.title && !s.title->empty()) {
        w.line(center_text(*s.title, max_width, "|", width_of(*s.title)), s.indent);
        if (s.headers.empty() && s.rows.empty())
            w.line("+" + std::string(std::size_t(std::max(max_width - 2, 0L)), '-') + "+",
                   s.indent);
    }
    const std::vector<long> widths = s.column_widths(4, max_width);
    if (!s.headers.empty()) {
        std::string titles;
        for (std::size_t i = 0; i < std::min(widths.size(), s.headers.size()); ++i)
            titles +=
                center_text(s.headers[i], widths[i], i == 0 ? "|" : "", width_of(s.headers[i]));
        w.line(line_break(widths), s.indent);
        w.line(titles, s.indent);
    }
    if (s.rows.empty() || widths.empty())
        return;
    w.line(line_break(widths), s.indent);
    for (const row& cells : s.rows) {
        std::string text;
        for (std::size_t i = 0; i < std::min(widths.size(), cells.size()); ++i)
            text += align_left(w.cell(cells[i]), widths[i], i == 0 ? "|" : "", width_of(cells[i]));
        w.line(text, s.indent);
    }
    w.line(line_break(widths), s.indent);
}

long widest(const std::vector<section>& sections) {
    long max_width = 0;
    for (const section& s : sections)
        max_width = std::max(max_width, s.total_width());
    return max_width;
}

} // namespace

std::string format_table(const json::value& value, std::string_view title,
                         std::size_t terminal_width, table_colors colors) {
    table_builder builder;
    if (!builder.build(std::string(title), value, 0))
        return "";
    std::vector<section> sections = builder.take();
    long max_width = widest(sections);
    if (max_width > static_cast<long>(terminal_width)) {
        turn_single_rows(sections);
        max_width = widest(sections);
    }
    writer w(colors);
    w.write(std::string(std::size_t(max_width), '-') + "\n");
    for (const section& s : sections)
        render_section(w, s, max_width);
    return w.take();
}

std::size_t stdout_terminal_width() {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0)
        return 80;
    return size.ws_col;
}

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) == 1;
}

} // namespace awsml::cli
