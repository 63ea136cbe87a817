// The formats by name, and the one dispatch from a format to its writer. A new format touches this
// file, report_writers.hpp (its enum value and writer) and its own writer file; cli takes the names
// from here.
#include "render/report_writers.hpp"

namespace attn::render {

const std::map<std::string, Format>& format_names() {
    static const std::map<std::string, Format> names = {
        {"text", Format::text}, {"txt", Format::text}, {"csv", Format::csv},  {"json", Format::json},
        {"md", Format::md},     {"svg", Format::svg},  {"html", Format::html}};
    return names;
}

const char* format_name(Format format) {
    static const char* const names[] = {"text", "csv", "json", "md", "svg", "html"};  // in enum order
    return names[static_cast<int>(format)];
}

const char* format_extension(Format format) {
    static const char* const extensions[] = {"txt", "csv", "json", "md", "svg", "html"};
    return extensions[static_cast<int>(format)];
}

std::string write_report(const course::Report& report, Format format, const Style& style) {
    switch (format) {
        case Format::text:
            return report_text(report, style);
        case Format::csv:
            return report_csv(report);
        case Format::json:
            return report_json(report);
        case Format::md:
            return report_markdown(report, style);
        case Format::svg:
            return report_svg(report, style);
        case Format::html:
            return report_html(report, style);
    }
    return report_text(report, style);
}

}  // namespace attn::render
