#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace attn::report {

std::string decimal(double value, int decimals) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    std::string text = fmt::format("{:.{}f}", value, decimals);
    if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-')
        text.erase(0, 1);  // no "-0.000"
    return text;
}

void Report::heading(const std::string& text, int level) {
    blocks.push_back({"heading" + std::to_string(blocks.size()), Heading{text, level}});
}

void Report::paragraph(const std::string& markdown) {
    blocks.push_back({"note" + std::to_string(blocks.size()), Note{markdown}});
}

void Report::matrix(const std::string& name, LabelledMatrix view) {
    blocks.push_back({name, std::move(view)});
}

void Report::chart(const std::string& name, Chart chart) { blocks.push_back({name, std::move(chart)}); }

void Report::table(const std::string& name, Table table) { blocks.push_back({name, std::move(table)}); }

void Report::facts(const std::string& name, Facts facts) { blocks.push_back({name, std::move(facts)}); }

void Report::data(const std::string& path, Facts values) {
    blocks.push_back({path, std::move(values), Use::data});
}

void Report::data(const std::string& path, LabelledMatrix matrix) {
    blocks.push_back({path, std::move(matrix), Use::data});
}

void Report::data(const std::string& path, const arma::mat& values) {
    blocks.push_back({path, LabelledMatrix{"", "", values, {}, {}}, Use::data});
}

void Report::csv(const std::string& name, LabelledMatrix matrix) {
    blocks.push_back({name, std::move(matrix), Use::csv});
}

void Report::csv(const std::string& name, Table table) {
    blocks.push_back({name, std::move(table), Use::csv});
}

void Report::csv(const std::string& name, Note comment) {
    blocks.push_back({name, std::move(comment), Use::csv});
}

void Report::data(const std::string& path, Table table) {
    blocks.push_back({path, std::move(table), Use::data});
}

bool Report::has_data() const {
    return std::any_of(blocks.begin(), blocks.end(), [](const NamedBlock& b) { return b.data(); });
}

}  // namespace attn::report
