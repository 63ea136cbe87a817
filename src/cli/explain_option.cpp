#include "cli/explain_option.hpp"

#include "course/explain.hpp"
#include "inputs/input_error.hpp"
#include "render/report_writers.hpp"

namespace attn::cli {

std::pair<arma::uword, arma::uword> parse_explain_cell(const std::string& spec, const course::Experiment& e) {
    const size_t comma = spec.find(',');
    if (comma == std::string::npos)
        throw course::InputError("--explain " + spec +
                                 ": write ROW,COL, e.g. --explain apple,ate or --explain 3,1");
    return {course::find_token(e.query_labels, spec.substr(0, comma), "--explain row"),
            course::find_token(e.key_labels, spec.substr(comma + 1), "--explain column")};
}

std::vector<course::HeadExplanation> explain_heads(const std::string& spec, std::optional<arma::uword> head,
                                                   const course::Experiment& e) {
    const auto [row, col] = parse_explain_cell(spec, e);
    if (head && *head >= e.trace.heads.size())
        throw course::InputError("--head " + std::to_string(*head) + ": there are only " +
                                 std::to_string(e.trace.heads.size()) + " heads (0-based)");
    std::vector<course::HeadExplanation> chosen;
    for (course::HeadExplanation& x : course::explain_cell(e, row, col))
        if (!head || *head == x.head) chosen.push_back(std::move(x));
    return chosen;
}

std::string explain_cells(const std::string& spec, std::optional<arma::uword> head,
                          const course::Experiment& e, const render::Style& style) {
    report::Report report{"attn explain", "", {}};
    for (const course::HeadExplanation& x : explain_heads(spec, head, e))
        course::add_explanation(report, e, x, style.precision);
    return render::report_text(report, style);
}

}  // namespace attn::cli
