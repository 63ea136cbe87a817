// A typed value of the machine formats: what a data block holds where JSON needs a number to stay a
// number ("d_k": 4, not "4"), a flag to stay true or false, and a missing value to be null. The text
// writers show it as text (value_text).
#pragma once
#include <armadillo>
#include <cstddef>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace attn::report {

struct Value {
    using List = std::vector<Value>;  // ["I", "ate"] or [0.5, 0.25]: a JSON array
    std::variant<std::nullptr_t, bool, long long, unsigned long long, double, std::string, List> data;

    Value() : data(nullptr) {}
    Value(std::nullptr_t) : data(nullptr) {}
    Value(bool flag) : data(flag) {}
    // Every integer type (int, size_t, arma::uword) as one: a count or an index.
    template <typename Integer,
              std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
    Value(Integer number) : data(integer(number)) {}
    Value(double number) : data(number) {}
    Value(const char* text) : data(std::string(text)) {}
    Value(std::string text) : data(std::move(text)) {}
    Value(List items) : data(std::move(items)) {}

private:
    // A signed count as long long, an unsigned one (a 64-bit seed) as unsigned long long: both exact.
    template <typename Integer>
    static std::variant<std::nullptr_t, bool, long long, unsigned long long, double, std::string, List>
    integer(Integer number) {
        if constexpr (std::is_unsigned_v<Integer>)
            return static_cast<unsigned long long>(number);
        else
            return static_cast<long long>(number);
    }
};

// ["I", "ate", ...]
Value words(const std::vector<std::string>& items);
// [0.5, 0.25, ...]; a non-finite number is written null in JSON.
Value numbers(const std::vector<double>& items);
// The cells of a one-row or one-column matrix, in order: a query's row, a column of running maxima.
Value numbers(const arma::mat& vector);
// [[...], ...]: a matrix as rows of numbers, for a value inside an object (attn run's "inputs").
Value number_rows(const arma::mat& m);
// [[1, 0, ...], ...]: a 0/1 matrix (a mask's keep) as rows of integers, 1 and 0, not 1.0 and 0.0.
Value integer_rows(const arma::umat& m);
// [1, 2, ...]: indices or sizes, of any integer type.
template <typename Integer>
Value counts(const std::vector<Integer>& items) {
    return Value::List(items.begin(), items.end());
}

// The value as the text writers show it: text as is, numbers in their shortest exact form, lists
// comma-separated.
std::string value_text(const Value& value);

}  // namespace attn::report
