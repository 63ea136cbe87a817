// attn help [COMMAND...]: the same text as attn COMMAND --help, fitted to the terminal.
#include <memory>

#include "cli/subcommands.hpp"
#include "inputs/input_error.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

// The visible subcommands of `app`, by name, comma-separated.
std::string command_names(const CLI::App& app) {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({}))
        if (!sub->get_group().empty()) names += (names.empty() ? "" : ", ") + sub->get_name();
    return names;
}

std::string help_text(const CLI::App& root, const std::vector<std::string>& words) {
    const CLI::App* app = &root;
    std::string path = root.get_name();
    for (const std::string& word : words) {
        const CLI::App* found = nullptr;
        for (const CLI::App* sub : app->get_subcommands({}))
            if (sub->get_name() == word && !sub->get_group().empty()) found = sub;
        if (!found) {
            const std::string names = command_names(*app);
            throw course::InputError("no command '" + path + " " + word + "'" +
                                     (names.empty() ? "; '" + path + "' has no subcommands"
                                                    : "; the commands of '" + path + "' are: " + names));
        }
        app = found;
        path += " " + word;
    }
    return app->get_formatter()->make_help(app, path, CLI::AppFormatMode::Normal);
}

}  // namespace

void setup_help(CLI::App& app, Context& ctx) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* sub =
        app.add_subcommand("help", "Help on attn, or on COMMAND: the same text as attn COMMAND --help");
    sub->add_option("command", *words, "A command, and a subcommand of it (attn help workspace init)");
    sub->footer(
        "Exit codes: 0, or 2 for a command attn does not have (the message lists them).\n\n"
        "Examples:\n  attn help\n  attn help run\n  attn help workspace init");
    sub->callback([words, &app, &ctx] {
        const render::Style style = ctx.style(4);
        const std::string fitted = render::fit_lines(help_text(app, *words), style.width);
        ctx.out = style.unicode ? fitted : render::ascii_fold(fitted);
    });
}

}  // namespace attn::cli
