// `attn run` comparing one word across sentences, in its documented JSON and CSV (text: the report writer).
#include "render/compare_export.hpp"

#include <fmt/format.h>

#include "render/export.hpp"

namespace attn::render {

nlohmann::json comparison_json(const course::FocusComparison& c, const std::vector<std::string>& show) {
    nlohmann::json out;
    out["word"] = c.word;
    out["sentences"] = nlohmann::json::array();
    for (size_t i = 0; i < c.runs.size(); ++i) {
        nlohmann::json run = experiment_json(c.runs[i], show);
        run["sentence"] = c.sentences[i];
        run["row"] = c.rows[i];
        out["sentences"].push_back(std::move(run));
    }
    nlohmann::json moved = nlohmann::json::array();
    for (const course::DimensionShift& s : c.moved)
        moved.push_back(
            {{"dimension", s.dimension}, {"first", s.first}, {"second", s.second}, {"change", s.change}});
    out["comparison"] = {{"embedding", matrix_json(arma::mat(c.embedding))[0]},
                         {"output_cosine", c.output_cosine},
                         {"moved", moved},
                         {"sentences_compared", {1, 2}}};
    return out;
}

std::string comparison_csv(const course::FocusComparison& c, const std::vector<std::string>& show) {
    std::string out;
    for (size_t i = 0; i < c.runs.size(); ++i)
        out += "# sentence " + std::to_string(i + 1) + ": " + c.sentences[i] + "\n" +
               experiment_csv(c.runs[i], show);
    out += "# stage: comparison\n# columns: first second change\n# rows:";
    for (const course::DimensionShift& s : c.moved) out += " " + s.dimension;
    out += "\n";
    for (const course::DimensionShift& s : c.moved)
        out += exact_number(s.first) + "," + exact_number(s.second) + "," + exact_number(s.change) + "\n";
    out += "\n# output_cosine: " + exact_number(c.output_cosine) + "\n";
    return out;
}

}  // namespace attn::render
