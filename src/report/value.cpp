#include "report/value.hpp"

#include <fmt/format.h>

#include <cmath>

namespace attn::report {

Value words(const std::vector<std::string>& items) { return Value::List(items.begin(), items.end()); }

Value numbers(const std::vector<double>& items) { return Value::List(items.begin(), items.end()); }

Value numbers(const arma::mat& vector) {
    Value::List out;
    out.reserve(vector.n_elem);
    for (arma::uword i = 0; i < vector.n_elem; ++i) out.emplace_back(vector(i));
    return out;
}

Value number_rows(const arma::mat& m) {
    Value::List rows;
    for (arma::uword r = 0; r < m.n_rows; ++r) rows.push_back(numbers(arma::mat(m.row(r))));
    return rows;
}

Value integer_rows(const arma::umat& m) {
    Value::List rows;
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        Value::List row;
        for (arma::uword c = 0; c < m.n_cols; ++c) row.emplace_back(m(r, c));
        rows.emplace_back(std::move(row));
    }
    return rows;
}

namespace {

// fmt prints the shortest text that parses back to the same double.
std::string number_text(double value) {
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (std::isnan(value)) return "nan";
    return fmt::format("{}", value);
}

struct TextOf {
    std::string operator()(std::nullptr_t) const { return "none"; }
    std::string operator()(bool flag) const { return flag ? "yes" : "no"; }
    std::string operator()(long long number) const { return std::to_string(number); }
    std::string operator()(unsigned long long number) const { return std::to_string(number); }
    std::string operator()(double number) const { return number_text(number); }
    std::string operator()(const std::string& text) const { return text; }
    std::string operator()(const Value::List& items) const {
        std::string out;
        for (const Value& item : items) out += (out.empty() ? "" : ", ") + value_text(item);
        return out;
    }
};

}  // namespace

std::string value_text(const Value& value) { return std::visit(TextOf{}, value.data); }

}  // namespace attn::report
