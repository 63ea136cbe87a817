// SVG pictures of report blocks: a heatmap of a labelled matrix and a line chart. Each returns one
// <svg> element; `id` makes the element's internal ids (patterns, gradients) unique within a page.
#pragma once
#include <string>

#include "render/style.hpp"
#include "report/blocks.hpp"

namespace attn::render {

struct SvgOptions {
    std::string id = "m0";   // prefix for ids inside the picture: unique per picture in one page
    bool standalone = true;  // a file of its own: XML declaration, xmlns, and an opaque background
    int precision = 2;       // decimals of the values printed in the cells
    double scale = 1;        // displayed size over drawn size (the viewBox stays): a web page draws larger
};

// Cells coloured by value (viridis for weights in [0, 1], a blue–red diverging map around 0 otherwise),
// token labels on both axes, values in the cells when they fit, a colour-scale legend and a title with
// the stage and shape. Masked cells (−∞, or 0 in the matrix's `keep`) are hatched grey, not coloured.
std::string svg_heatmap(const report::LabelledMatrix& m, const SvgOptions& options);

// The series as lines with markers on (log) axes, with ticks, axis labels and a legend.
std::string svg_chart(const report::Chart& chart, const SvgOptions& options);

// The opening <svg ...> tag (and, standalone, the XML declaration and a white background).
std::string svg_open(double width, double height, const SvgOptions& options, const std::string& label);

// Escapes & < > " ' for XML text and attributes.
std::string xml_escape(const std::string& text);

// A colour as "#rrggbb" for t in [0, 1] on the viridis map, and for t in [-1, 1] on the diverging map.
std::string viridis(double t);
std::string diverging(double t);

}  // namespace attn::render
