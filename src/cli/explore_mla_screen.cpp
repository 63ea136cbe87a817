// attn explore --mla on the screen: the settings, the strip of MLA's stages (explore_mla_view.hpp), the
// stage's matrix with its cursor and the cells the last edit changed, the cell's arithmetic (naive and
// absorbed side by side) beside or under it, and the keys that edit the layer.
#include <ncurses.h>

#include <algorithm>

#include "cli/explore_mla_view.hpp"
#include "cli/explore_screen.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli::explore {

namespace {

const HelpEntries kMlaHelp = {
    {"Tab Shift-Tab",
     "next / previous stage: the inputs you edit, then the latent, each head's naive "
     "path, its absorbed path, the check and the cache"},
    {"arrows, i j k l", "move the cursor (up, left, down, right)"},
    {"PgDn PgUp", "scroll the cell's arithmetic"},
    {"Enter, 0-9 .",
     "type a number into a cell of X or of a matrix of the MLA file (Enter applies, "
     "Esc cancels); every stage recomputes"},
    {"+ -  ] [", "nudge the cell by 0.1; by 0.01 (also Alt + and Alt -)"},
    {"n", "next head"},
    {"s", "edit the sentence"},
    {"m", "mask: none, causal"},
    {"t", "temperature T: the weights are softmax(scaled / T)"},
    {"u  Ctrl-R", "undo / redo (every edit and setting)"},
    {"?", "this help (arrows scroll it)"},
    {"Ctrl-U", "in a prompt: clear it (a value shown selected is replaced by what you type)"},
    {"q Esc", "quit (prints the attn run --mla command; edits are not saved)"},
};

// Keys of the plain explorer that have no meaning here, and why.
const std::pair<int, const char*> kNotHere[] = {
    {'h', "the MLA file sets the heads (n: next head)"},
    {'H', "the MLA file sets the heads (n: next head)"},
    {'r', "the MLA file holds the layer's matrices; edit them here"},
    {'d', "the MLA file sets qk_nope_dim, qk_rope_dim and v_dim"},
    {'D', "the MLA file sets qk_nope_dim, qk_rope_dim and v_dim"},
    {'c', "compare mode follows a word through plain attention; attn run --mla -s another sentence"},
    {'C', "compare mode follows a word through plain attention; attn run --mla -s another sentence"},
    {'w', "edits to an MLA layer are not saved; attn run --mla reads the MLA file"},
    {'x', "export is not offered with --mla; attn run --mla --format json writes every stage"},
};

// The mask, T, the heads, the cache per token against MHA's and the check; shorter when `width` is narrow.
std::string settings(const course::MlaExplorer& ex, size_t width) {
    const course::MlaRun& r = ex.current();
    const math::MlaCacheSize c = math::mla_cache_size(r.weights.shape);
    const bool agree = r.trace.max_abs_difference <= course::kMlaTolerance;
    const std::string mask = r.window ? "window" : r.causal ? "causal" : "none";
    const std::string line = "mask " + mask + "  T " + short_number(r.options.temperature) + "  heads " +
                             std::to_string(r.weights.shape.heads) + "  cache " + std::to_string(c.mla * 8) +
                             " B/token (MHA " + std::to_string(c.mha * 8) + ")  " +
                             (agree ? "naive = absorbed" : "naive != absorbed");
    if (line.size() <= width) return line;
    return mask + " T=" + short_number(r.options.temperature) +
           " H=" + std::to_string(r.weights.shape.heads) + " cache " + std::to_string(c.mla * 8) +
           "B/tok (MHA " + std::to_string(c.mha * 8) + ") " + (agree ? "naive=absorbed" : "naive!=absorbed");
}

// The matrix, and the arithmetic of its cell beside it (100 columns or more) or under it.
void draw_mla_stage(const course::MlaExplorer& ex, Ui& ui, const StageView& v, MlaTab tab, int width) {
    const Marks cursor{static_cast<int>(ui.row), static_cast<int>(ui.col), false, mla_query_key_tab(tab)};
    const std::vector<std::string> text = mla_cell_arithmetic(ex, tab, ui.head, ui.row, ui.col);
    const int rows = static_cast<int>(v.values.n_rows) + 1, body = LINES - 5;
    if (width >= 100) {
        const int left = std::min(8 + 9 * static_cast<int>(v.values.n_cols), width - 42);
        draw_matrix(v, ui, {4, 0, std::max(2, std::min(rows, body)), left}, cursor);
        for (int y = 3; y < LINES - 1; ++y) put(y, left, "|", 1);
        return draw_arithmetic(text, ui, {3, left + 2, LINES - 4, width - left - 2});
    }
    const int matrix_h = std::max(2, std::min(rows, body - std::min(5, body / 2)));
    draw_matrix(v, ui, {4, 0, matrix_h, width}, cursor);
    draw_arithmetic(text, ui, {4 + matrix_h, 0, LINES - 5 - matrix_h, width});
}

}  // namespace

void draw_mla(const course::MlaExplorer& ex, Ui& ui) {
    erase();
    const int width = COLS;
    const std::vector<MlaTab> tabs = mla_tabs(ex);
    std::vector<std::string> names;
    for (const MlaTab t : tabs) names.push_back(mla_tab_name(t));
    ui.stage = std::min(ui.stage, tabs.size() - 1);
    put(0, 0, fit("attn explore --mla   sentence: " + ex.world().sentence, width), width);
    put(1, 0, fit(with_key_reminder(settings(ex, width), width), width), width);
    const size_t last_edited = ex.editable().size() - 1;  // the inputs come first
    put(2, 0, fit(stage_strip(names, ui.stage, last_edited, width), width), width);
    if (ui.help) return draw_help(ui, kMlaHelp, width);
    const MlaTab tab = tabs[ui.stage];
    ui.head = std::min<arma::uword>(ui.head, ex.world().weights.shape.heads - 1);
    const StageView v = mla_stage_view(ex, tab, ui.head);
    ui.row = std::min<arma::uword>(ui.row, v.values.n_rows - 1);
    ui.col = std::min<arma::uword>(ui.col, v.values.n_cols - 1);
    draw_title(v, ui, width, mla_edit_matrix(tab).has_value());
    draw_mla_stage(ex, ui, v, tab, width);
    draw_status(ui, v, width);
}

namespace {

// Applies what was typed into prompt `p` (closed already).
void finish_mla_prompt(course::MlaExplorer& ex, Prompt p, const Ui& ui,
                       std::optional<course::MlaMatrix> edit) {
    if (p == Prompt::sentence) return ex.set_sentence(ui.input);
    if (p == Prompt::temperature) return ex.set_temperature(parse_number(ui.input));
    if (p == Prompt::number && edit) ex.set_cell(*edit, ui.row, ui.col, parse_number(ui.input));
}

// s, t, m and n; the plain explorer's other keys say why they do nothing here.
void mla_world_key(course::MlaExplorer& ex, Ui& ui, int key) {
    if (key == 's') return start_prompt(ui, Prompt::sentence, ex.world().sentence);
    if (key == 't') return start_prompt(ui, Prompt::temperature, short_number(ex.world().temperature));
    if (key == 'm') return ex.set_causal(!ex.world().causal);
    if (key == 'n') return void(ui.head = (ui.head + 1) % ex.world().weights.shape.heads);
    for (const auto& [k, why] : kNotHere)
        if (k == key) ui.message = std::string("not with --mla: ") + why;
}

}  // namespace

bool handle_mla_key(course::MlaExplorer& ex, Ui& ui, int key) {
    const std::vector<MlaTab> tabs = mla_tabs(ex);
    const KeyUse use = view_key(ui, key, tabs.size());
    if (use != KeyUse::unused) return use == KeyUse::used;
    const std::optional<course::MlaMatrix> edit = mla_edit_matrix(tabs[std::min(ui.stage, tabs.size() - 1)]);
    if (ui.prompt != Prompt::none) {
        const Prompt open = ui.prompt;
        if (prompt_text_key(ui, key)) ui.prompt = Prompt::none, finish_mla_prompt(ex, open, ui, edit);
        return true;
    }
    if (const double delta = nudge_of(key)) {
        if (!edit)
            throw course::InputError("only X and the MLA file's matrices are edited; the rest is computed");
        return ex.nudge(*edit, ui.row, ui.col, delta), true;
    }
    if (history_key(ex, ui, key) || number_key(ui, key, edit.has_value())) return true;
    mla_world_key(ex, ui, key);
    return true;
}

}  // namespace attn::cli::explore
