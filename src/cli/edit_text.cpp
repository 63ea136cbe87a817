#include "cli/edit_text.hpp"

namespace attn::cli {

using render::wrap;

std::string edit_status_text(const course::Question& q, const course::EditStatus& status,
                             const render::Style& style) {
    std::string out = wrap("[" + q.id + "] (edit) " + q.prompt, style.width, 2) + "\n";
    for (const course::GoalStatus& g : status.goals) {
        const std::string mark = g.holds ? "holds: " : "not yet: ";
        const std::string line = wrap("  " + mark + g.detail, style.width, 4);
        // Green for a goal that holds, as rustlings turns green; the words say it without colour too.
        out += (style.color && g.holds ? "\x1b[32m" + line + "\x1b[0m" : line) + "\n";
    }
    return out;
}

}  // namespace attn::cli
