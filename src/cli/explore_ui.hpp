// attn explore's screen state (Ui) and the two halves that use it: drawing the explorer with ncurses
// (explore_draw.cpp) and turning keys into edits (explore_keys.cpp). cli/explore.cpp starts and runs it.
#pragma once
#include <string>
#include <vector>

#include "cli/curses_screen.hpp"
#include "cli/explore_view.hpp"
#include "course/explore.hpp"
#include "course/explore_mla.hpp"
#include "render/style.hpp"

namespace attn::cli::explore {

enum class Prompt { none, number, sentence, seed, temperature, compare, export_dir, overwrite };

const char* const kDefaultExportDir = "attn-explore";

struct Ui {
    size_t stage = explore_index(math::Stage::weights);  // weights first: what attention is about
    arma::uword head = 0, row = 0, col = 0;
    Prompt prompt = Prompt::none;
    std::string input;
    bool input_selected = false;  // the prompt's starting value, replaced by the first character typed
    std::string message;
    std::string export_dir;          // waiting for the overwrite answer
    std::vector<std::string> popup;  // shown whole until a key is pressed (the saved command)
    std::string saved_command;       // the last save's attn run command, printed on exit
    size_t saved_version = 0;        // the explorer's version() when it was saved
    bool help = false, unicode = true, color = false;
    int help_top = 0;
    int explain_top = 0;  // first line of the arithmetic shown (PgUp/PgDn scroll it)
    render::Style svg_style;
    ColourPairs pairs;  // the colour pairs made so far (attn run's shading, changed cells)
};

// Draws the whole screen: settings, stage strip, the matrix with its cursor (for a score or weight, Q and
// Kᵀ with its query row and key column marked), the arithmetic of the cell beside or under them (or the
// comparison), and the status line.
void draw(const course::Explorer& ex, Ui& ui);

// Applies one key; false to quit. Throws InputError (shown on the status line) for an edit refused.
bool handle_key(course::Explorer& ex, Ui& ui, int key);

// attn explore --mla's screen (explore_mla_screen.cpp): drawn as the plain one, MLA's stages as tabs.
void draw_mla(const course::MlaExplorer& ex, Ui& ui);
bool handle_mla_key(course::MlaExplorer& ex, Ui& ui, int key);

// "0.5": a number as %g, for settings and prompts.
std::string short_number(double v);

}  // namespace attn::cli::explore
