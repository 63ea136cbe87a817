// The report as one SVG document: its heatmaps and charts stacked top to bottom under its title.
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <variant>

#include "render/report_writers.hpp"
#include "render/svg.hpp"

namespace attn::render {
namespace {

// Width and height of a picture from its opening tag.
std::pair<double, double> size_of(const std::string& svg) {
    static const std::regex size_attrs("width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
    std::smatch match;
    if (!std::regex_search(svg, match, size_attrs)) return {0, 0};
    return {std::stod(match[1].str()), std::stod(match[2].str())};
}

}  // namespace

std::string report_svg(const report::Report& report, const Style& style) {
    std::vector<std::string> pictures;
    for (size_t i = 0; i < report.blocks.size(); ++i) {
        const SvgOptions options{"b" + std::to_string(i), false, std::min(style.precision, 3)};
        if (const auto* m = std::get_if<report::LabelledMatrix>(&report.blocks[i].block))
            pictures.push_back(svg_heatmap(*m, options));
        if (const auto* c = std::get_if<report::Chart>(&report.blocks[i].block))
            pictures.push_back(svg_chart(*c, options));
    }
    double width = 400, height = 40;
    for (const auto& p : pictures)
        width = std::max(width, size_of(p).first), height += size_of(p).second + 16;
    if (pictures.empty()) height += 30;
    std::string out = svg_open(width, height, SvgOptions{}, report.title);
    out += fmt::format(
        "<text x=\"12\" y=\"26\" font-size=\"18\" font-weight=\"bold\" fill=\"currentColor\">{}</text>",
        xml_escape(report.title));
    if (pictures.empty())
        out +=
            "<text x=\"12\" y=\"56\" fill=\"currentColor\">this output has no matrix or chart to draw</text>";
    double y = 40;
    for (const auto& p : pictures) {
        // A nested <svg> keeps each picture's own coordinates; it is placed with x and y.
        out += fmt::format("<g transform=\"translate(0 {:.0f})\">{}</g>", y, p);
        y += size_of(p).second + 16;
    }
    return out + "</svg>\n";
}

}  // namespace attn::render
