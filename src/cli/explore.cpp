// attn explore: a full-screen explorer. Change a sentence, any cell of X, W_Q, W_K or W_V, the mask,
// the heads, the temperature or the seed, and every later stage is recomputed at once with the changed
// cells marked; compare mode follows one word through two sentences side by side.
// The model lives in course/explore; this file draws it with ncurses and turns keys into edits.
#include <ncurses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/explore_view.hpp"
#include "cli/export_files.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/paths.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"
#include "math/shapes.hpp"
#include "render/compare_export.hpp"
#include "render/export.hpp"
#include "render/report_writers.hpp"

namespace attn::cli {

namespace {

struct ExploreOptions {
    std::string vocab = "apple";
    std::string sentence = "I ate the apple";
    std::string mask = "none";
    arma::uword heads = 1;
    std::optional<std::uint64_t> seed;
    std::optional<arma::uword> d_k;
    double temperature = 1.0;
    std::optional<std::string> compare;  // the second sentence: start in compare mode
    std::optional<std::string> word;     // the word compared (default: the vocabulary's focus word)
};

enum class Prompt { none, number, sentence, seed, temperature, compare, export_dir, overwrite };

constexpr size_t kWeightsStage = 11;
const char* const kDefaultExportDir = "attn-explore";

struct Ui {
    size_t stage = kWeightsStage;  // weights first: what attention is about
    arma::uword head = 0, row = 0, col = 0;
    Prompt prompt = Prompt::none;
    std::string input;
    std::string message;
    std::string export_dir;                 // waiting for the overwrite answer
    std::vector<std::string> popup;         // shown whole until a key is pressed (the saved command)
    std::string saved_command;              // the last save's attn run command, printed on exit
    size_t saved_version = 0;               // the explorer's version() when it was saved
    bool help = false, unicode = true, color = false;
    int help_top = 0;
    int explain_top = 0;  // first line of the arithmetic shown (PgUp/PgDn scroll it)
    render::Style svg_style;
};

// Keys and what they do: `?` shows them, wrapped to the terminal.
const std::pair<const char*, const char*> kHelp[] = {
    {"Tab Shift-Tab", "next / previous stage; arrows move the cursor"},
    {"PgDn PgUp", "scroll the arithmetic under the matrix"},
    {"Enter, 0-9 .", "type a number into a cell of X, W_Q, W_K or W_V (Enter applies, Esc cancels)"},
    {"+ -  ] [", "nudge the cell by 0.1; by 0.01 (also Alt + and Alt -)"},
    {"s", "edit the sentence"},
    {"m", "mask: none, causal, padding"},
    {"t", "temperature T: the weights are softmax(scaled / T)"},
    {"h H  n", "more / fewer heads; next head"},
    {"r", "random weights with a seed (empty: the preset)"},
    {"d D", "d_k up / down (random weights)"},
    {"c", "compare: the word in two sentences side by side"},
    {"C", "the second sentence of the comparison"},
    {"u  Ctrl-R", "undo / redo (every edit and setting)"},
    {"w", "save to the workspace (explore/) and show the attn run command"},
    {"x", "export this screen as CSV, JSON and SVG into a folder"},
    {"?", "this help (arrows scroll it)"},
    {"q", "quit (prints the attn run command)"},
};

void put(int y, int x, const std::string& text, int width) {
    if (y < 0 || y >= LINES || width <= 0) return;
    mvaddnstr(y, x, text.c_str(), width);
}

std::string fit(const std::string& text, size_t width) {
    if (width == 0) return "";
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

// `text` in lines of at most `width` columns, broken at spaces (a word wider than a line is cut);
// continuation lines start with `indent` spaces.
std::vector<std::string> wrap_to(const std::string& text, size_t width, size_t indent) {
    std::vector<std::string> lines;
    std::string line;
    size_t at = 0;
    width = std::max<size_t>(width, indent + 8);
    while (at < text.size()) {
        const size_t room = width - (lines.empty() ? 0 : indent);
        size_t take = std::min(room, text.size() - at);
        if (at + take < text.size()) {
            const size_t space = text.rfind(' ', at + take);
            if (space != std::string::npos && space > at) take = space - at;
        }
        lines.push_back(std::string(lines.empty() ? 0 : indent, ' ') + text.substr(at, take));
        at += take;
        while (at < text.size() && text[at] == ' ') ++at;
    }
    if (lines.empty()) lines.push_back("");
    return lines;
}

std::string cell_text(double v, int width) {
    if (std::isinf(v)) return fit(v < 0 ? "-inf" : "inf", width);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%*.3f", width - 1, v);
    return fit(buffer, width);
}

std::string short_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

void draw_matrix(const StageView& v, const Ui& ui, int top, int height, int width) {
    const int label_w = 8, cell_w = 9;
    const int visible_cols = std::max(1, (width - label_w) / cell_w), visible_rows = std::max(1, height - 1);
    const int first_col = std::max(0, static_cast<int>(ui.col) - visible_cols + 1);
    const int first_row = std::max(0, static_cast<int>(ui.row) - visible_rows + 1);
    move(top, 0);
    addstr(std::string(label_w, ' ').c_str());
    for (int c = first_col; c < static_cast<int>(v.values.n_cols) && c < first_col + visible_cols; ++c)
        addstr(fit(" " + v.col_labels[c], cell_w).c_str());
    for (int r = first_row; r < static_cast<int>(v.values.n_rows) && r - first_row < visible_rows; ++r) {
        const int y = top + 1 + r - first_row;
        put(y, 0, fit(v.row_labels[r], label_w), label_w);
        for (int c = first_col; c < static_cast<int>(v.values.n_cols) && c < first_col + visible_cols; ++c) {
            const double now = v.values(r, c);
            const bool changed = v.before && !(now == (*v.before)(r, c)) && std::abs(now - (*v.before)(r, c)) > 1e-12;
            const bool cursor = static_cast<arma::uword>(r) == ui.row && static_cast<arma::uword>(c) == ui.col;
            attr_t a = cursor ? A_REVERSE : A_NORMAL;
            if (changed) a |= ui.color ? COLOR_PAIR(1) | A_BOLD : A_BOLD | A_UNDERLINE;
            attron(a);
            put(y, label_w + (c - first_col) * cell_w, cell_text(now, cell_w), cell_w);
            attroff(a);
        }
    }
}

// How many cells of this stage changed with the last edit, and the largest change.
std::string change_summary(const StageView& v) {
    if (!v.before) return "";
    size_t n = 0;
    double largest = 0;
    for (arma::uword i = 0; i < v.values.n_elem; ++i) {
        const double d = v.values(i) - (*v.before)(i);
        if (std::isfinite(d) && std::abs(d) > 1e-12) ++n, largest = std::max(largest, std::abs(d));
    }
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "last edit changed %zu cell%s here, largest by %.4f", n, n == 1 ? "" : "s", largest);
    return n ? buffer : "last edit changed nothing here";
}

// The stage names in one line; when they do not fit, scrolled so that the chosen stage shows.
std::string stage_strip(size_t chosen, int width) {
    const auto& names = explore_stage_names();
    std::string strip;
    size_t chosen_end = 0;
    for (size_t s = 0; s < names.size(); ++s) {
        strip += (s == chosen ? "[" + names[s] + "]" : " " + names[s] + " ") + (s == 3 ? "|" : "");
        if (s == chosen) chosen_end = strip.size();
    }
    if (strip.size() <= static_cast<size_t>(width)) return strip;
    const size_t from = chosen_end + 2 > static_cast<size_t>(width) ? chosen_end + 2 - width : 0;
    std::string shown = strip.substr(from);
    if (from > 0) shown[0] = '<';
    if (shown.size() > static_cast<size_t>(width)) shown = shown.substr(0, width - 1) + ">";
    return shown;
}

// The settings, then as much of the key reminder as fits.
std::string settings_line(const course::ExploreWorld& w, size_t width) {
    const std::string settings = "mask " + w.mask + "  heads " + std::to_string(w.heads) + "  T " + short_number(w.temperature) +
                                 "  weights " + (w.seed ? "random, seed " + std::to_string(*w.seed) : std::string("preset")) +
                                 (w.d_k ? "  d_k " + std::to_string(*w.d_k) : "") + (w.compare ? "  compare on" : "");
    for (const char* keys : {"  ? help  q quit", "  ? help", "  ?"})
        if (settings.size() + std::string(keys).size() <= width) return settings + keys;
    return settings;
}

// The labels of a stage's columns in one experiment (each compared sentence has its own keys).
std::vector<std::string> column_labels(const course::Experiment& e, size_t stage, arma::uword n) {
    if (stage >= 7 && stage <= 11) return e.key_labels;
    if (stage == 0 && e.dimensions.size() == n) return e.dimensions;
    if (stage == 12 && e.value_dimensions.size() == n) return e.value_dimensions;
    std::vector<std::string> labels;
    for (arma::uword i = 0; i < n; ++i) labels.push_back("d" + std::to_string(i));
    return labels;
}

// One half of the comparison: the compared word's row of `stage` in one sentence, one line per column.
std::vector<std::string> compare_side(const course::Explorer& ex, size_t side, size_t stage, arma::uword head, size_t width,
                                      const arma::rowvec* other) {
    const course::FocusComparison& c = *ex.comparison();
    const course::Experiment& e = c.runs[side];
    const arma::rowvec row = stage_or_earlier(e, ex, stage, head)->row(c.rows[side]);
    const std::vector<std::string> labels = column_labels(e, stage, row.n_elem);
    std::vector<std::string> lines = {fit(std::to_string(side + 1) + ": " + c.sentences[side], width)};
    for (arma::uword j = 0; j < row.n_elem; ++j) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "  %-9s%8.4f", fit(labels[j], 8).c_str(), row(j));
        std::string line = std::isinf(row(j)) ? "  " + fit(labels[j], 9) + "    -inf" : std::string(buffer);
        if (other && other->n_elem == row.n_elem && std::isfinite(row(j) - (*other)(j))) {
            std::snprintf(buffer, sizeof buffer, " (%+.4f)", row(j) - (*other)(j));
            line += buffer;
        }
        lines.push_back(fit(line, width));
    }
    return lines;
}

// Compare mode: the compared word's row of the chosen stage in both sentences, side by side (for W_Q,
// W_K and W_V, which have no token rows, its weights), then how far its outputs moved apart.
void draw_compare(const course::Explorer& ex, const Ui& ui, int top, int height, int width) {
    const course::FocusComparison& c = *ex.comparison();
    const size_t stage = ui.stage >= 1 && ui.stage <= 3 ? kWeightsStage : ui.stage;
    const std::string what = explore_stage_names()[stage] + (stage >= 7 && stage <= 11 && ex.world().heads > 1 ? " (head " +
                             std::to_string(ui.head) + ")" : "");
    const std::string heading = "-- compare '" + c.word + "': its " + what + " row in both sentences ";
    put(top, 0, fit(heading.size() < static_cast<size_t>(width) ? heading + std::string(width - heading.size(), '-') : heading, width), width);
    const int half = width / 2;
    const course::Experiment& e0 = c.runs[0];
    const arma::rowvec first = stage_or_earlier(e0, ex, stage, ui.head)->row(c.rows[0]);
    const std::vector<std::string> left = compare_side(ex, 0, stage, ui.head, half - 1, nullptr);
    const std::vector<std::string> right = compare_side(ex, 1, stage, ui.head, width - half - 1, &first);
    const int rows = std::min(static_cast<int>(std::max(left.size(), right.size())), std::max(1, height - 2));
    for (int i = 0; i < rows; ++i) {
        const bool last = i == rows - 1 && rows < static_cast<int>(std::max(left.size(), right.size()));
        const int hidden = static_cast<int>(std::max(left.size(), right.size())) - rows + 1;
        put(top + 1 + i, 0, last ? fit("  ... " + std::to_string(hidden) + " more (taller terminal)", half - 1)
                                 : (i < static_cast<int>(left.size()) ? left[i] : ""), half - 1);
        put(top + 1 + i, half - 1, "|", 1);
        if (!last && i < static_cast<int>(right.size())) put(top + 1 + i, half, right[i], width - half);
    }
    char summary[160];
    std::snprintf(summary, sizeof summary, "cosine of the outputs %.4f; most moved: %s %+.4f", c.output_cosine,
                  c.moved.empty() ? "-" : c.moved[0].dimension.c_str(), c.moved.empty() ? 0.0 : c.moved[0].change);
    put(top + 1 + rows, 0, fit(summary, width), width);
}

// The most lines one side of the comparison can take: a row per key or per output dimension.
size_t compare_rows(const course::FocusComparison& c) {
    size_t n = 0;
    for (const course::Experiment& e : c.runs) n = std::max({n, e.key_labels.size(), static_cast<size_t>(e.trace.output.n_cols)});
    return n;
}

void draw_help(Ui& ui, int width) {
    std::vector<std::string> lines;
    const size_t key_w = 15;
    for (const auto& [keys, does] : kHelp)
        for (const std::string& l : wrap_to(std::string(keys) + std::string(key_w - std::string(keys).size(), ' ') + does, width, key_w))
            lines.push_back(l);
    const int room = std::max(1, LINES - 4);
    ui.help_top = std::clamp(ui.help_top, 0, std::max(0, static_cast<int>(lines.size()) - room));
    for (int i = 0; i < room && ui.help_top + i < static_cast<int>(lines.size()); ++i)
        put(3 + i, 0, fit(lines[ui.help_top + i], width), width);
    const bool more = ui.help_top + room < static_cast<int>(lines.size());
    put(LINES - 1, 0, fit(more ? "arrows: more help; any other key: back" : "any key: back", width - 1), width - 1);
}

void draw_popup(const Ui& ui, int width) {
    std::vector<std::string> lines;
    for (const std::string& text : ui.popup)
        for (const std::string& l : wrap_to(text, width - 2, 2)) lines.push_back(l);
    const int top = std::max(3, (LINES - static_cast<int>(lines.size()) - 2) / 2);
    for (int y = 3; y < LINES - 1; ++y) put(y, 0, std::string(width, ' '), width);  // only the popup shows
    put(top, 0, std::string(width, '='), width);
    for (size_t i = 0; i < lines.size() && top + 1 + static_cast<int>(i) < LINES - 1; ++i)
        put(top + 1 + static_cast<int>(i), 0, fit(" " + lines[i], width), width);
    put(std::min(LINES - 2, top + 1 + static_cast<int>(lines.size())), 0, std::string(width, '='), width);
    put(LINES - 1, 0, fit("any key: back (the command is printed again when you quit)", width - 1), width - 1);
}

std::string status_line(const Ui& ui, const StageView& v) {
    switch (ui.prompt) {
        case Prompt::number: return "new value: " + ui.input;
        case Prompt::sentence: return "sentence: " + ui.input;
        case Prompt::seed: return "seed (empty = preset weights): " + ui.input;
        case Prompt::temperature: return "temperature T > 0: " + ui.input;
        case Prompt::compare: return "compare with: " + ui.input;
        case Prompt::export_dir: return "export to folder: " + ui.input;
        case Prompt::overwrite: return ui.message + " overwrite? (y/n) ";
        case Prompt::none: break;
    }
    return !ui.message.empty() ? ui.message : change_summary(v);
}

void draw(const course::Explorer& ex, Ui& ui) {
    erase();
    const course::ExploreWorld& w = ex.world();
    const int width = COLS;
    put(0, 0, fit("attn explore   sentence: " + w.sentence, width), width);
    put(1, 0, fit(settings_line(w, width), width), width);
    put(2, 0, fit(stage_strip(ui.stage, width), width), width);
    if (ui.help) return draw_help(ui, width);
    const StageView v = stage_view(ex, ui.stage, ui.head);
    ui.row = std::min<arma::uword>(ui.row, v.values.n_rows - 1);
    ui.col = std::min<arma::uword>(ui.col, v.values.n_cols - 1);
    attron(A_BOLD);
    put(3, 0, fit(v.title + (editable_stage(ui.stage) ? "   (editable)" : ""), width), width);
    attroff(A_BOLD);
    std::vector<std::string> lines;
    if (!ex.comparison())
        for (const std::string& text : cell_arithmetic(ex, ui.stage, ui.head, ui.row, ui.col, ui.unicode, width))
            for (const std::string& l : wrap_to(text, width, 4)) lines.push_back(l);  // (--explain lines wrap themselves)
    const int body = LINES - 4 - 1;  // under the title, above the status line
    const int wanted_below = ex.comparison() ? 3 + static_cast<int>(compare_rows(*ex.comparison()))
                                             : 1 + std::min(static_cast<int>(lines.size()), 3);
    // The matrix gets the lines it needs, leaving at least `wanted_below` (or half) to what is under it.
    const int matrix_h = std::max(2, std::min(static_cast<int>(v.values.n_rows) + 1, body - std::min(wanted_below, body / 2)));
    draw_matrix(v, ui, 4, matrix_h, width);
    const int below = 4 + matrix_h, below_h = LINES - 1 - below;
    if (ex.comparison()) {
        draw_compare(ex, ui, below, below_h, width);
    } else {
        // The arithmetic, scrolled with PgUp/PgDn when it is taller than the room under the matrix.
        const int room = std::max(1, below_h - 1), n = static_cast<int>(lines.size());
        ui.explain_top = std::clamp(ui.explain_top, 0, std::max(0, n - room));
        const bool more = ui.explain_top + room < n;
        const std::string rule = ui.explain_top > 0 || more ? "-- PgUp/PgDn: lines " + std::to_string(ui.explain_top + 1) + "-" +
                                                                  std::to_string(std::min(n, ui.explain_top + room)) + " of " + std::to_string(n) + " "
                                                            : "";
        put(below, 0, fit(rule + std::string(std::max(0, width - static_cast<int>(rule.size())), '-'), width), width);
        for (int i = 0; i < room && ui.explain_top + i < n; ++i) put(below + 1 + i, 0, fit(lines[ui.explain_top + i], width), width);
    }
    if (!ui.popup.empty()) draw_popup(ui, width);
    else put(LINES - 1, 0, fit(status_line(ui, v), width - 1), width - 1);
}

// Saves the edited world as explore/vocab.toml and explore/weights.toml in the workspace; an earlier
// save is moved to the workspace's .backups first. Returns the attn run command that reads them.
std::string save_world(const course::Explorer& ex) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(course::workspace_dir().path) / "explore";
    if (fs::exists(dir)) {
        const fs::path backup = dir.parent_path() / ".backups" / ("explore-" + std::to_string(std::time(nullptr)));
        fs::create_directories(backup.parent_path());
        fs::rename(dir, backup);
    }
    std::string vocab = ex.vocab_toml();
    vocab.insert(vocab.find("\n[example]"), "preset_weights = \"weights.toml\"\n");
    write_files(dir.string(), {{"vocab.toml", vocab}, {"weights.toml", ex.weights_toml()}}, false);
    return ex.run_command((dir / "vocab.toml").string(), (dir / "weights.toml").string());
}

// What is on the screen, through the output seam: the run (or the comparison) as attn run writes it in
// CSV and JSON, and its report as one SVG picture.
std::vector<std::pair<std::string, std::string>> export_files(const course::Explorer& ex, const render::Style& style) {
    if (const auto& c = ex.comparison())
        return {{"explore.csv", render::comparison_csv(*c, {})},
                {"explore.json", render::comparison_json(*c, {}).dump(2) + "\n"},
                {"explore.svg", render::write_report(course::comparison_report(*c, {}, ""), render::Format::svg, style)}};
    return {{"explore.csv", render::experiment_csv(ex.current(), {})},
            {"explore.json", render::experiment_json(ex.current(), {}).dump(2) + "\n"},
            {"explore.svg", render::write_report(course::experiment_report(ex.current(), {}, ""), render::Format::svg, style)}};
}

// Exports into `dir`; when a file is already there, asks first (Prompt::overwrite) unless `force`.
void export_screen(const course::Explorer& ex, Ui& ui, const std::string& dir, bool force) {
    namespace fs = std::filesystem;
    const auto files = export_files(ex, ui.svg_style);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw course::InputError(dir + " is a file; give a folder to export into");
    for (const auto& [name, text] : files)
        if (!force && fs::exists(fs::path(dir) / name, ec)) {
            ui.export_dir = dir;
            ui.prompt = Prompt::overwrite;
            ui.message = (fs::path(dir) / name).string() + " exists;";
            return;
        }
    write_files(dir, files, force);
    ui.message = "exported " + (fs::path(dir) / "explore.{csv,json,svg}").string();
}

double parse_number(const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw course::InputError("'" + text + "' is not a number");
    return value;
}

void finish_prompt(course::Explorer& ex, Ui& ui) {
    const Prompt p = ui.prompt;
    ui.prompt = Prompt::none;
    switch (p) {
        case Prompt::sentence: return ex.set_sentence(ui.input);
        case Prompt::seed: {
            if (ui.input.empty()) return ex.set_seed(std::nullopt);
            if (ui.input.find_first_not_of("0123456789") != std::string::npos || ui.input.size() > 18)
                throw course::InputError("a seed is a whole number from 0 to 10^18");
            return ex.set_seed(std::stoull(ui.input));
        }
        case Prompt::temperature: return ex.set_temperature(parse_number(ui.input));
        case Prompt::compare: return ex.set_compare(ui.input);
        case Prompt::export_dir: return export_screen(ex, ui, ui.input.empty() ? kDefaultExportDir : ui.input, false);
        case Prompt::number: return ex.set_cell(edit_matrix(ui.stage), ui.row, ui.col, parse_number(ui.input));
        default: return;
    }
}

bool prompt_key(course::Explorer& ex, Ui& ui, int key) {
    if (ui.prompt == Prompt::overwrite) {
        ui.prompt = Prompt::none;
        if (key == 'y' || key == 'Y') export_screen(ex, ui, ui.export_dir, true);
        else ui.message = "not exported: nothing was overwritten";
        return true;
    }
    if (key == 27) return ui.prompt = Prompt::none, true;
    if (key == '\n' || key == KEY_ENTER) {
        finish_prompt(ex, ui);
        return true;
    }
    if ((key == KEY_BACKSPACE || key == 127 || key == 8) && !ui.input.empty()) ui.input.pop_back();
    else if (key >= 32 && key < 127) ui.input += static_cast<char>(key);
    return true;
}

void nudge(course::Explorer& ex, const Ui& ui, double delta) {
    if (!editable_stage(ui.stage)) throw course::InputError("only X, W_Q, W_K and W_V are edited; the rest is computed");
    ex.nudge(edit_matrix(ui.stage), ui.row, ui.col, delta);
}

void start_prompt(Ui& ui, Prompt p, std::string input) {
    ui.prompt = p;
    ui.input = std::move(input);
}

// Keys that change the world or the view; false for a key this does not know.
bool world_key(course::Explorer& ex, Ui& ui, int key) {
    const course::ExploreWorld& w = ex.world();
    const arma::uword d_k_now = w.d_k.value_or(w.weights.wq.n_cols / w.heads);
    switch (key) {
        case '+': nudge(ex, ui, 0.1); break;
        case '-': nudge(ex, ui, -0.1); break;
        case ']': nudge(ex, ui, 0.01); break;
        case '[': nudge(ex, ui, -0.01); break;
        case 's': start_prompt(ui, Prompt::sentence, w.sentence); break;
        case 'r': start_prompt(ui, Prompt::seed, ""); break;
        case 't': start_prompt(ui, Prompt::temperature, short_number(w.temperature)); break;
        case 'C': start_prompt(ui, Prompt::compare, w.compare.value_or(ex.default_compare_sentence())); break;
        case 'x': start_prompt(ui, Prompt::export_dir, kDefaultExportDir); break;
        case 'c': ex.set_compare(w.compare ? std::nullopt : std::optional<std::string>(ex.default_compare_sentence())); break;
        case 'm': ex.set_mask(w.mask == "none" ? "causal" : w.mask == "causal" ? "padding" : "none"); break;
        case 'h': ex.set_heads(w.heads + 1), ui.head = 0; break;
        case 'H': if (w.heads > 1) ex.set_heads(w.heads - 1), ui.head = 0; break;
        case 'n': ui.head = (ui.head + 1) % w.heads; break;
        case 'd': ex.set_d_k(d_k_now + 1); break;
        case 'D': ex.set_d_k(std::max<arma::uword>(1, d_k_now - 1)); break;
        case 'u': ui.message = ex.undo() ? "undone" : "nothing to undo"; break;
        case 18: ui.message = ex.redo() ? "redone" : "nothing to redo"; break;
        default: return false;
    }
    return true;
}

void save_key(const course::Explorer& ex, Ui& ui) {
    ui.saved_command = save_world(ex);
    ui.saved_version = ex.version();
    ui.popup = {"Saved to " + (std::filesystem::path(course::workspace_dir().path) / "explore").string() +
                    " (vocab.toml, weights.toml).",
                "", "The same numbers with attn run:", "", ui.saved_command};
}

// One key; false to quit.
bool handle_key(course::Explorer& ex, Ui& ui, int key) {
    ui.message.clear();
    if (!ui.popup.empty()) return ui.popup.clear(), true;
    if (ui.help) {
        if (key == KEY_UP || key == KEY_DOWN) return ui.help_top += key == KEY_DOWN ? 1 : -1, true;
        return ui.help = false, true;
    }
    if (ui.prompt != Prompt::none) return prompt_key(ex, ui, key);
    const size_t n_stages = explore_stage_names().size();
    switch (key) {
        case 'q': return false;
        case '?': ui.help = true, ui.help_top = 0; break;
        case '\t': ui.stage = (ui.stage + 1) % n_stages; break;
        case KEY_BTAB: ui.stage = (ui.stage + n_stages - 1) % n_stages; break;
        case KEY_UP: ui.row -= ui.row > 0, ui.explain_top = 0; break;
        case KEY_DOWN: ++ui.row, ui.explain_top = 0; break;
        case KEY_LEFT: ui.col -= ui.col > 0, ui.explain_top = 0; break;
        case KEY_RIGHT: ++ui.col, ui.explain_top = 0; break;
        case KEY_NPAGE: ui.explain_top += std::max(1, LINES / 3); break;
        case KEY_PPAGE: ui.explain_top = std::max(0, ui.explain_top - std::max(1, LINES / 3)); break;
        case 'w': save_key(ex, ui); break;
        case 27: {  // Alt + / Alt -: the fine nudge
            nodelay(stdscr, TRUE);
            const int next = getch();
            nodelay(stdscr, FALSE);
            if (next == '+' || next == '=') nudge(ex, ui, 0.01);
            if (next == '-') nudge(ex, ui, -0.01);
            break;
        }
        case '\n': case KEY_ENTER:
            if (editable_stage(ui.stage)) start_prompt(ui, Prompt::number, "");
            break;
        default:
            if (world_key(ex, ui, key)) break;
            if (editable_stage(ui.stage) && ((key >= '0' && key <= '9') || key == '.'))
                start_prompt(ui, Prompt::number, std::string(1, static_cast<char>(key)));
    }
    return true;
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// attn run with the shipped files and the options explore started with.
std::string equivalent_command(const ExploreOptions& o, const std::string& focus) {
    std::string cmd = "attn run --vocab " + quoted(o.vocab);
    cmd += o.compare ? " --compare " + quoted(o.sentence) + " " + quoted(*o.compare) + " --word " + quoted(o.word.value_or(focus))
                     : " -s " + quoted(o.sentence);
    if (o.heads > 1) cmd += " --heads " + std::to_string(o.heads);
    if (o.mask != "none") cmd += " --mask " + o.mask;
    if (o.seed) cmd += " --seed " + std::to_string(*o.seed);
    if (o.d_k) cmd += " --d-k " + std::to_string(*o.d_k);
    if (o.temperature != 1.0) cmd += " --temperature " + render::exact_number(o.temperature);
    return cmd;
}

course::Explorer start_explorer(const ExploreOptions& o, const course::DataLayers& data) {
    course::Explorer ex(course::resolve_vocab(o.vocab, data), o.sentence, data);
    if (o.mask != "none") ex.set_mask(o.mask);
    if (o.d_k) ex.set_d_k(o.d_k);
    if (o.seed) ex.set_seed(o.seed);
    if (o.heads > 1) ex.set_heads(o.heads);
    if (!std::isfinite(o.temperature) || o.temperature <= 0)  // named by its flag here, not by its key
        throw course::InputError("--temperature " + math::number_text(o.temperature) +
                                 ": the softmax divides the scores by T, so T must be a positive number such as 0.5 or 2");
    if (o.temperature != 1.0) ex.set_temperature(o.temperature);
    if (o.word) ex.set_compare_word(*o.word);
    if (o.compare) ex.set_compare(*o.compare);
    return ex;
}

void loop(course::Explorer& ex, Ui& ui) {
    for (bool running = true; running;) {
        draw(ex, ui);
        refresh();
        const int key = getch();
        if (key == KEY_RESIZE) continue;
        try {
            running = handle_key(ex, ui, key);
        } catch (const std::exception& e) {
            ui.message = std::string("not applied: ") + e.what();
            ui.prompt = Prompt::none;
        }
    }
}

void run_explore(const ExploreOptions& o, Context& ctx) {
    const course::DataLayers data = course::find_data_layers(ctx.global.data_dir);
    course::Explorer ex = start_explorer(o, data);
    const std::string equivalent = equivalent_command(o, ex.world().compare_word);
    if (!ctx.interactive())
        throw course::InputError("attn explore is full-screen and needs a terminal on stdin and stdout; the same numbers, "
                                 "printed: " + equivalent);
    Ui ui;
    // The narrow ncurses library draws bytes, not UTF-8 characters: the screen stays ASCII (√ → sqrt).
    ui.unicode = false;
    ui.color = ctx.style(4).color;
    ui.svg_style = ctx.style(4);
    ui.svg_style.unicode = !ctx.global.ascii;
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (ui.color && has_colors()) start_color(), use_default_colors(), init_pair(1, COLOR_YELLOW, -1);
    else ui.color = false;
    loop(ex, ui);
    endwin();
    if (ui.saved_command.empty())
        ctx.out = "not saved (press w in attn explore to save the edited world); as started: " + equivalent + "\n";
    else
        ctx.out = std::string(ui.saved_version == ex.version() ? "saved" : "saved before your last changes (not saved since)") +
                  "; the same numbers with attn run:\n" + ui.saved_command + "\n";
}

}  // namespace

void setup_explore(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ExploreOptions>();
    CLI::App* sub = app.add_subcommand("explore", "Full-screen explorer: change any input, watch every stage recompute");
    sub->footer("Keys: Tab stages, arrows cells, Enter/digits type a value, +/- nudge, s sentence, m mask, t temperature,\n"
                "h/H heads, r seed, c compare, C second sentence, u/Ctrl-R undo/redo, w save to the workspace,\n"
                "x export CSV+JSON+SVG, ? help, q quit.\n\n"
                "Examples:\n"
                "  attn explore\n"
                "  attn explore -s \"I love my apple phone\" --mask causal\n"
                "  attn explore --compare \"I love my apple phone\" --temperature 0.5");
    sub->add_option("-s,--sentence", opts->sentence, "The sentence to start with")->capture_default_str();
    sub->add_option("--vocab", opts->vocab, "Vocabulary with preset weights: a TOML file or a name")->capture_default_str();
    sub->add_option("--mask", opts->mask, "none, causal or padding")->check(CLI::IsMember({"none", "causal", "padding"}))->capture_default_str();
    sub->add_option("--heads", opts->heads, "Number of heads")->capture_default_str()->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--seed", opts->seed, "Random weights with this seed instead of the preset");
    sub->add_option("--d-k", opts->d_k, "Query/key size per head (random weights)");
    sub->add_option("--temperature", opts->temperature, "Softmax temperature T > 0, as attn run --temperature")->capture_default_str();
    sub->add_option("--compare", opts->compare, "Start in compare mode with this second sentence");
    sub->add_option("--word", opts->word, "The word compared (default: the vocabulary's focus word)");
    sub->callback([opts, &ctx]() { run_explore(*opts, ctx); });
}

}  // namespace attn::cli
