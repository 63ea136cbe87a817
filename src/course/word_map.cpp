#include "course/word_map.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "inputs/input_error.hpp"
#include "math/pca.hpp"

namespace attn::course {

namespace {

struct Kind {
    std::string name, legend;
    const arma::mat* rows;  // (n, width)
};

Kind kind_of(const std::string& name, const Experiment& e) {
    if (name == "x") {
        if (!e.trace.x) throw InputError("--show x needs embeddings: give a sentence or --words");
        return {"x", "x: embedding", &*e.trace.x};
    }
    if (name == "q") return {"q", "q: query x·W_Q", &e.trace.q};
    if (name == "k") return {"k", "k: key x·W_K", &e.trace.k};
    return {"v", "v: value x·W_V", &e.trace.v};
}

std::vector<Kind> chosen_kinds(const MapRequest& request, const Experiment& e) {
    std::vector<Kind> kinds;
    for (const std::string& kind : map_kinds())  // drawing order, whatever order --show gave
        if (std::find(request.show.begin(), request.show.end(), kind) != request.show.end())
            kinds.push_back(kind_of(kind, e));
    for (const std::string& name : request.show)
        if (std::find(map_kinds().begin(), map_kinds().end(), name) == map_kinds().end())
            throw InputError("--show " + name + ": choose among x, q, k, v");
    if (kinds.empty()) throw InputError("--show: choose at least one of x, q, k, v");
    for (const Kind& k : kinds)
        if (k.rows->n_cols != kinds.front().rows->n_cols)
            throw InputError(fmt::format(
                "--show {},{}: {} has {} columns and {} has {}, so they share no space to draw in; map them "
                "apart (--show {}, then --show {})",
                kinds.front().name, k.name, kinds.front().name, kinds.front().rows->n_cols, k.name,
                k.rows->n_cols, kinds.front().name, k.name));
    return kinds;
}

report::Chart scatter_of(const std::vector<Kind>& kinds, const Experiment& e, const math::Projection2d& p,
                         const std::string& x_label, const std::string& y_label) {
    report::Chart chart;
    chart.title = "the words on their two principal axes", chart.x_label = x_label, chart.y_label = y_label;
    chart.scatter = true;
    arma::uword row = 0;
    arma::uword q_first = 0, k_first = 0;
    bool has_q = false, has_k = false;
    for (const Kind& k : kinds) {
        if (k.name == "q") q_first = row, has_q = true;
        if (k.name == "k") k_first = row, has_k = true;
        std::vector<std::pair<double, double>> points;
        for (arma::uword i = 0; i < k.rows->n_rows; ++i, ++row)
            points.emplace_back(p.coordinates(row, 0), p.coordinates(row, 1));
        chart.series.emplace_back(k.legend, points);
        chart.point_labels.push_back(k.name == "k" ? e.key_labels : e.query_labels);
    }
    if (has_q && has_k) {
        chart.link_label = "query to its key";
        for (arma::uword i = 0; i < e.trace.q.n_rows && i < e.trace.k.n_rows; ++i)
            chart.links.push_back({{p.coordinates(q_first + i, 0), p.coordinates(q_first + i, 1)},
                                   {p.coordinates(k_first + i, 0), p.coordinates(k_first + i, 1)}});
    }
    return chart;
}

}  // namespace

const std::vector<std::string>& map_kinds() {
    static const std::vector<std::string> kinds{"x", "q", "k", "v"};
    return kinds;
}

report::Report map_report(const MapRequest& request, const std::string& data_dir) {
    const Experiment e = run_experiment(request.run);
    const std::vector<Kind> kinds = chosen_kinds(request, e);
    arma::mat rows(0, kinds.front().rows->n_cols);  // (all chosen rows, width)
    for (const Kind& k : kinds) rows = arma::join_cols(rows, *k.rows);
    const math::Projection2d p = math::project_2d(rows);
    const std::string x_label = fmt::format("PC1 ({:.1f}% of the variance)", 100 * p.explained(0));
    const std::string y_label = fmt::format("PC2 ({:.1f}%)", 100 * p.explained(1));
    report::Report report{"attn map: the words' vectors on a flat map", data_dir, {}};
    report::Facts facts{"", {{"inputs", e.inputs_note}}};
    if (kinds.size() > 1 || kinds.front().name != "x") facts.items.push_back({"weights", e.weights_note});
    facts.items.push_back(
        {"map",
         fmt::format("PCA of {} vectors of {} numbers: the plane through their mean that keeps the most "
                     "of their spread; PC1 keeps {:.1f}% of the variance, PC2 {:.1f}%",
                     rows.n_rows, rows.n_cols, 100 * p.explained(0), 100 * p.explained(1))});
    report.facts("inputs", std::move(facts));
    report.chart("map", scatter_of(kinds, e, p, x_label, y_label));
    report::Table table{"coordinates", {"word", "kind", "PC1", "PC2"}, {}};
    arma::uword row = 0;
    for (const Kind& k : kinds)
        for (arma::uword i = 0; i < k.rows->n_rows; ++i, ++row)
            table.rows.push_back({(k.name == "k" || k.name == "v" ? e.key_labels : e.query_labels)[i], k.name,
                                  p.coordinates(row, 0), p.coordinates(row, 1)});
    report.table("coordinates", std::move(table));
    return report;
}

}  // namespace attn::course
