#include "cli/emit.hpp"

#include <map>

namespace attn::cli {

CLI::Option* add_format_option(CLI::App* sub, render::Format& format, bool csv) {
    std::map<std::string, render::Format> names = render::format_names();
    if (!csv) names.erase("csv");
    return sub
        ->add_option("--format", format,
                     std::string("text, ") + (csv ? "csv, " : "") +
                         "json, md (Markdown), svg (heatmaps and charts) or html (one page)")
        ->transform(CLI::CheckedTransformer(names, CLI::ignore_case))
        ->default_str("text");
}

void emit(Context& ctx, render::Format format, int precision, const std::function<course::Report()>& report,
          const Documented& documented) {
    if (ctx.capture) {
        *ctx.capture = report();
        return;
    }
    using render::Format;
    const std::function<std::string()>* own = format == Format::csv    ? &documented.csv
                                              : format == Format::json ? &documented.json
                                                                       : nullptr;
    // The text writer fits every line to style.width and, with --ascii, folds to ASCII itself.
    const render::Style style = ctx.style(precision);
    ctx.out = own && *own ? (*own)() : render::write_report(report(), format, style);
    if (ctx.json_copy && format != Format::json)
        *ctx.json_copy =
            documented.json ? documented.json() : render::write_report(report(), Format::json, style);
}

}  // namespace attn::cli
