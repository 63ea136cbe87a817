// What the course decides to show, as plain data: render turns it into text, CSV, JSON, Markdown, SVG or
// HTML. A Report (report/report.hpp) is an ordered list of these blocks.
#pragma once
#include <armadillo>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace attn::report {

enum class Shading {
    none,
    unit,       // values in [0, 1] (attention weights): light to dark
    diverging,  // signed values: negative and positive ramps scaled by the largest magnitude
};

// A matrix with named rows and columns, its title and what its axes mean.
struct LabelledMatrix {
    std::string title;                    // "weights"
    std::string legend;                   // "rows = queries, columns = keys; each row sums to 1"
    arma::mat values;                     // (rows, cols); −∞ cells print as "-inf"
    std::vector<std::string> row_labels;  // one per row
    std::vector<std::string> col_labels;  // one per column
    Shading shading = Shading::none;      // none: plain values; unit: weights; diverging: signed scores
    arma::umat keep = {};  // empty, or (rows, cols) with 0 where a mask blocks the cell (drawn as blocked)
};

// A table of cells, each a number (formatted by the renderer with the learner's precision) or text.
struct Table {
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::variant<double, std::string>>> rows;
};

// Lines on x–y axes (optionally log–log), drawn as an ASCII chart in text.
struct Chart {
    std::string title;
    std::string x_label, y_label;
    bool log_x = false, log_y = false;
    std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> series;  // name → points
    // A scatter plot (attn map): points are not joined; each may carry a label (point_labels[series][i]),
    // and `links` join two points each (a word's query to its key), described by `link_label`.
    bool scatter = false;
    std::vector<std::vector<std::string>> point_labels;
    std::vector<std::pair<std::pair<double, double>, std::pair<double, double>>> links;
    std::string link_label;
    // A bar chart (attn cache): one bar per category and series, drawn from zero on a linear axis;
    // point i of a series is (i, value) for categories[i], and point_labels[series][i], when given, is
    // the value as the bar's end shows it ("1 GiB").
    bool bars = false;
    std::vector<std::string> categories = {};
};

// A remark in Markdown, shown between results.
struct Note {
    std::string markdown;
};

}  // namespace attn::report
