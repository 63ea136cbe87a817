#include "cli/emit.hpp"

#include <algorithm>
#include <map>

#include "inputs/strings.hpp"

namespace attn::cli {

// --format NAME to the Format's number, which CLI11 then reads into the enum; any case. Unknown names
// get one line naming the formats this command takes (CLI11's own message would list enum numbers).
CLI::Validator format_reader(const std::vector<render::Format>& taken) {
    return CLI::Validator(
        [taken](std::string& value) -> std::string {
            const auto found = render::format_names().find(course::lower(value));
            if (found == render::format_names().end() ||
                std::find(taken.begin(), taken.end(), found->second) == taken.end())
                return "'" + value + "' is not a format this command writes; choose from " +
                       render::format_help(taken);
            value = std::to_string(static_cast<int>(found->second));
            return {};
        },
        "", "format");
}

CLI::Option* add_format_option(CLI::App* sub, render::Format& format,
                               const std::vector<render::Format>& refused) {
    const std::vector<render::Format> taken = render::formats_except(refused);
    return sub->add_option("--format", format, render::format_help(taken))
        ->transform(format_reader(taken))
        ->type_name("FORMAT:" + render::format_choices(taken))
        ->default_str("text");
}

void emit(Context& ctx, render::Format format, int precision, const std::function<report::Report()>& report) {
    if (ctx.capture) {
        *ctx.capture = report();
        return;
    }
    // The text writer fits every line to style.width and, with --ascii, folds to ASCII itself.
    const render::Style style = ctx.style(precision);
    const report::Report shown = report();
    ctx.out = render::write_report(shown, format, style);
    if (ctx.json_copy && format != render::Format::json)
        *ctx.json_copy = render::write_report(shown, render::Format::json, style);
}

}  // namespace attn::cli
