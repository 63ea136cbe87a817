// The lesson player's footer: what it keeps when the terminal is narrow.
#include <catch2/catch.hpp>

#include "cli/viewport.hpp"

using namespace attn;

TEST_CASE("at 60 columns the footer keeps the space key and q quit, and fits", "[viewport]") {
    cli::Viewport view;
    view.reset(120, 20);  // a long step, scrolled to its top: "space more"
    for (int width : {60, 80}) {
        const std::string footer = cli::footer_text(4, 11, view, width, false);
        INFO(footer);
        CHECK(footer.size() <= static_cast<size_t>(width));
        CHECK(footer.find("space more") != std::string::npos);
        CHECK(footer.find("q quit") != std::string::npos);
    }
    CHECK(cli::footer_text(4, 11, view, 80, false).find("? keys") != std::string::npos);
    CHECK(cli::footer_text(4, 11, view, 60, false).rfind("step 5 of 11 - lines 1-20 of 120", 0) == 0);
}
