// attn glossary [TERM]: the symbols and terms the lessons use, from the course's glossary.toml.
#include "course/glossary.hpp"

#include <memory>
#include <optional>

#include "cli/glossary_text.hpp"
#include "cli/subcommands.hpp"
#include "course/paths.hpp"

namespace attn::cli {

void setup_glossary(CLI::App& app, Context& ctx) {
    auto term = std::make_shared<std::optional<std::string>>();
    CLI::App* sub =
        app.add_subcommand("glossary", "The symbols and terms of the course: every one, or TERM in full");
    sub->add_option("term", *term,
                    "A term or symbol: logit, softmax, \"[a; b]\", ⊙ (or its ASCII spelling, such as odot)");
    sub->footer(
        "The terms are read from glossary.toml in the lessons folder\n"
        "(a teacher edits it; without one, the shipped glossary).\n"
        "Case, spaces, '-' and '_' do not matter. An unknown term\n"
        "exits 2 with the terms that come close.\n\n"
        "Examples:\n"
        "  attn glossary\n"
        "  attn glossary logit\n"
        "  attn glossary sqrt-d_k\n"
        "  attn glossary \"kv cache\"\n"
        "  attn --ascii glossary odot");
    sub->callback([term, &ctx] {
        const std::string lessons = course::find_content_dir("lessons", ctx.global.lessons_dir).path;
        const course::Glossary glossary = course::load_glossary(course::glossary_path(lessons));
        const render::Style style = ctx.style(4);
        ctx.out = *term ? glossary_term_text(course::find_term(glossary, **term), style)
                        : glossary_list_text(glossary, style);
    });
}

}  // namespace attn::cli
