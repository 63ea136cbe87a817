// The formats' traits table, and the one dispatch from a format to its writer. A new format touches
// this file (its row), report_writers.hpp (its enum value and writer) and its own writer file; cli takes
// the names and help from here.
#include "render/report_writers.hpp"

#include <algorithm>

#include "render/report_texts.hpp"

namespace attn::render {

namespace {

std::string text_writer(const report::Report& r, const Style& s) { return report_text(r, s); }
std::string csv_writer(const report::Report& r, const Style&) { return report_csv(r); }
std::string json_writer(const report::Report& r, const Style&) { return report_json(r); }
std::string md_writer(const report::Report& r, const Style& s) { return report_markdown(r, s); }
std::string svg_writer(const report::Report& r, const Style& s) { return report_svg(r, s); }
std::string html_writer(const report::Report& r, const Style& s) { return report_html(r, s); }

constexpr FormatTraits kFormats[] = {
    {Format::text, "text", "txt", "text", false, false, text_writer},
    {Format::csv, "csv", "csv", "csv", false, true, csv_writer},
    {Format::json, "json", "json", "json", true, true, json_writer},
    {Format::md, "md", "md", "md (Markdown)", false, false, md_writer},
    {Format::svg, "svg", "svg", "svg (heatmaps and charts)", false, false, svg_writer},
    {Format::html, "html", "html", "html (one page)", false, false, html_writer},
};
constexpr std::size_t kFormatCount = sizeof(kFormats) / sizeof(kFormats[0]);

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < kFormatCount; ++i)
        if (static_cast<std::size_t>(kFormats[i].format) != i) return false;
    return true;
}
static_assert(kFormatCount == static_cast<std::size_t>(Format::count) && in_enum_order(),
              "kFormats has one row per Format, in enum order");

}  // namespace

const FormatTraits& traits(Format format) { return kFormats[static_cast<std::size_t>(format)]; }

const std::map<std::string, Format>& format_names() {
    static const std::map<std::string, Format> names = [] {
        std::map<std::string, Format> out = {{"txt", Format::text}};
        for (const FormatTraits& t : kFormats) out.emplace(t.name, t.format);
        return out;
    }();
    return names;
}

const char* format_name(Format format) { return traits(format).name; }
const char* format_extension(Format format) { return traits(format).extension; }

std::string format_help(const std::vector<Format>& taken) {
    std::string out;
    for (std::size_t i = 0; i < taken.size(); ++i)
        out += (i == 0 ? "" : i + 1 == taken.size() ? " or " : ", ") + std::string(traits(taken[i]).help);
    return out;
}

std::string format_choices(const std::vector<Format>& taken) {
    std::string out = "{";
    for (const Format f : taken) out += (out.size() > 1 ? "," : "") + std::string(format_name(f));
    return out + "}";
}

std::vector<Format> formats_except(const std::vector<Format>& refused) {
    std::vector<Format> out;
    for (const FormatTraits& t : kFormats)
        if (std::find(refused.begin(), refused.end(), t.format) == refused.end()) out.push_back(t.format);
    return out;
}

std::string write_report(const report::Report& original, Format format, const Style& style) {
    const FormatTraits& t = traits(format);
    if (!t.for_machines && original.has_data()) return write_report(without_data(original), format, style);
    return t.escapes_controls ? t.write(original, style) : t.write(visible_report(original), style);
}

report::Report without_data(report::Report report) {
    auto& blocks = report.blocks;
    blocks.erase(
        std::remove_if(blocks.begin(), blocks.end(), [](const report::NamedBlock& b) { return b.data(); }),
        blocks.end());
    return report;
}

}  // namespace attn::render
