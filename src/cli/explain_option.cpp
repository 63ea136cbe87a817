#include "cli/explain_option.hpp"

#include "inputs/input_error.hpp"
#include "render/experiment_text.hpp"

namespace attn::cli {

std::pair<arma::uword, arma::uword> parse_explain_cell(const std::string& spec, const course::Experiment& e) {
    const size_t comma = spec.find(',');
    if (comma == std::string::npos)
        throw course::InputError("--explain " + spec + ": write ROW,COL, e.g. --explain apple,ate or --explain 3,1");
    return {course::find_token(e.query_labels, spec.substr(0, comma), "--explain row"),
            course::find_token(e.key_labels, spec.substr(comma + 1), "--explain column")};
}

std::string explain_cells(const std::string& spec, std::optional<arma::uword> head, const course::Experiment& e,
                          const render::Style& style) {
    const auto [row, col] = parse_explain_cell(spec, e);
    if (head && *head >= e.trace.heads.size())
        throw course::InputError("--head " + std::to_string(*head) + ": there are only " + std::to_string(e.trace.heads.size()) +
                                 " heads (0-based)");
    std::string out;
    for (arma::uword h = 0; h < e.trace.heads.size(); ++h)
        if (!head || *head == h) out += render::explain_text(e, h, row, col, style) + "\n";
    return out;
}

}  // namespace attn::cli
