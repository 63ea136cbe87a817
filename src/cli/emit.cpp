#include "cli/emit.hpp"

#include <map>

#include "render/fit.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

CLI::Option* add_format_option(CLI::App* sub, render::Format& format) {
    return sub->add_option("--format", format, "text, csv, json, md (Markdown), svg (heatmaps and charts) or html (one page)")
        ->transform(CLI::CheckedTransformer(render::format_names(), CLI::ignore_case))
        ->default_str("text");
}

void emit(Context& ctx, render::Format format, int precision, const std::function<course::Report()>& report,
          const Documented& documented) {
    if (ctx.capture) {
        *ctx.capture = report();
        return;
    }
    using render::Format;
    const std::function<std::string()>* own = format == Format::text   ? &documented.text
                                              : format == Format::csv  ? &documented.csv
                                              : format == Format::json ? &documented.json
                                                                       : nullptr;
    const render::Style style = ctx.style(precision);
    ctx.out = own && *own ? (*own)() : render::write_report(report(), format, style);
    // Text promises lines that fit the terminal and, with --ascii, no byte outside ASCII.
    if (format == Format::text) {
        ctx.out = render::fit_lines(ctx.out, style.width);
        if (!style.unicode) ctx.out = render::ascii_fold(ctx.out);
    }
}

}  // namespace attn::cli
