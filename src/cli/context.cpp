#include "cli/context.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace attn::cli {

render::Style Context::style(int precision) const {
    render::Style s;
    const render::ColorChoice choice = global.color == "always"  ? render::ColorChoice::always
                                       : global.color == "never" ? render::ColorChoice::never
                                                                 : render::ColorChoice::automatic;
    s.color = render::decide_color(choice, stdout_tty);
    const char* term = std::getenv("TERM");
    s.unicode = !global.ascii && !(term && std::strcmp(term, "dumb") == 0);
    s.width = global.width ? std::max(*global.width, 40) : render::terminal_width(stdout_tty);
    s.precision = precision;
    return s;
}

}  // namespace attn::cli
