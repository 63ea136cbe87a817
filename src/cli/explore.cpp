// attn explore: a full-screen explorer. Change a sentence, any cell of X, W_Q, W_K or W_V, the mask,
// the heads or the seed, and every later stage is recomputed at once with the changed cells marked.
// The model lives in course/explore; this file draws it with ncurses and turns keys into edits.
#include <ncurses.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/explore_view.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "inputs/input_error.hpp"
#include "course/paths.hpp"
#include "render/export.hpp"

namespace attn::cli {

namespace {

struct ExploreOptions {
    std::string vocab = "apple";
    std::string sentence = "I ate the apple";
    std::string mask = "none";
    arma::uword heads = 1;
    std::optional<std::uint64_t> seed;
    std::optional<arma::uword> d_k;
};

enum class Prompt { none, number, sentence, seed };

struct Ui {
    size_t stage = 10;  // weights first: what attention is about
    arma::uword head = 0, row = 0, col = 0;
    Prompt prompt = Prompt::none;
    std::string input;
    std::string message;
    bool help = false, unicode = true, color = false;
};

const char* kHelp[] = {
    "Tab / Shift-Tab   next / previous stage      arrows  move the cursor",
    "Enter or 0-9 .    type a number into a cell of X, W_Q, W_K or W_V",
    "+ / -             nudge the cell by 0.1;  ] / [ (or Alt + / -) by 0.01",
    "s                 edit the sentence          m  mask: none, causal, padding",
    "h / H             more / fewer heads         r  random weights: seed (empty = preset)",
    "d / D             d_k up / down (random weights)",
    "u / Ctrl-R        undo / redo                w  save to the workspace (explore/)",
    "x                 export this world as JSON and CSV to the current folder",
    "?                 this help                  q  quit (prints the attn run command)",
};

void put(int y, int x, const std::string& text, int width) {
    if (y < 0 || y >= LINES || width <= 0) return;
    mvaddnstr(y, x, text.c_str(), width);
}

std::string fit(const std::string& text, size_t width) {
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

std::string cell_text(double v, int width) {
    if (std::isinf(v)) return fit(v < 0 ? "-inf" : "inf", width);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%*.3f", width - 1, v);
    return fit(buffer, width);
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

void draw(const course::Explorer& ex, Ui& ui) {
    erase();
    const course::ExploreWorld& w = ex.world();
    const int width = COLS;
    put(0, 0, fit("attn explore   sentence: " + w.sentence, width), width);
    const std::string settings = "mask " + w.mask + "   heads " + std::to_string(w.heads) + "   weights " +
                                 (w.seed ? "random, seed " + std::to_string(*w.seed) : std::string("preset")) +
                                 (w.d_k ? "   d_k " + std::to_string(*w.d_k) : "") + "   ? help  q quit";
    put(1, 0, fit(settings, width), width);
    std::string strip;
    const auto& names = explore_stage_names();
    for (size_t s = 0; s < names.size(); ++s) strip += (s == ui.stage ? "[" + names[s] + "]" : " " + names[s] + " ") + (s == 3 ? "|" : "");
    put(2, 0, fit(strip, width), width);
    if (ui.help) {
        for (size_t i = 0; i < sizeof kHelp / sizeof *kHelp; ++i) put(4 + static_cast<int>(i), 0, kHelp[i], width);
        put(LINES - 1, 0, "press any key", width);
        return;
    }
    const StageView v = stage_view(ex, ui.stage, ui.head);
    ui.row = std::min<arma::uword>(ui.row, v.values.n_rows - 1);
    ui.col = std::min<arma::uword>(ui.col, v.values.n_cols - 1);
    attron(A_BOLD);
    put(3, 0, fit(v.title + (editable_stage(ui.stage) ? "   (editable)" : ""), width), width);
    attroff(A_BOLD);
    const std::vector<std::string> lines = cell_arithmetic(ex, ui.stage, ui.head, ui.row, ui.col, ui.unicode);
    // The matrix gets the lines it needs (at least 3 go to the arithmetic), the arithmetic the rest.
    const int matrix_h = std::max(2, std::min(static_cast<int>(v.values.n_rows) + 1, LINES - 4 - 2 - 3));
    const int explain_h = std::min(static_cast<int>(lines.size()), std::max(0, LINES - 4 - matrix_h - 2));
    draw_matrix(v, ui, 4, matrix_h, width);
    const int ey = 4 + matrix_h;
    put(ey, 0, std::string(width, '-'), width);
    for (int i = 0; i < explain_h; ++i) put(ey + 1 + i, 0, lines[i], width);
    std::string status = ui.prompt == Prompt::number     ? "new value: " + ui.input
                         : ui.prompt == Prompt::sentence ? "sentence: " + ui.input
                         : ui.prompt == Prompt::seed     ? "seed (empty = preset weights): " + ui.input
                         : !ui.message.empty()           ? ui.message
                                                         : change_summary(v);
    put(LINES - 1, 0, fit(status, width - 1), width - 1);
}

// Saves the edited world as explore/vocab.toml and explore/weights.toml in the workspace; an earlier
// save is moved to the workspace's .backups first.
std::string save_world(const course::Explorer& ex) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(course::workspace_dir().path) / "explore";
    if (fs::exists(dir)) {
        const fs::path backup = dir.parent_path() / ".backups" / ("explore-" + std::to_string(std::time(nullptr)));
        fs::create_directories(backup.parent_path());
        fs::rename(dir, backup);
    }
    fs::create_directories(dir);
    std::string vocab = ex.vocab_toml();
    vocab.insert(vocab.find("\n[example]"), "preset_weights = \"weights.toml\"\n");
    std::ofstream(dir / "vocab.toml") << vocab;
    std::ofstream(dir / "weights.toml") << ex.weights_toml();
    return ex.run_command((dir / "vocab.toml").string(), (dir / "weights.toml").string());
}

std::string export_world(const course::Explorer& ex) {
    const std::string stem = "attn-explore-" + std::to_string(std::time(nullptr));
    std::ofstream(stem + ".json") << render::experiment_json(ex.current(), {}).dump(2) << "\n";
    std::ofstream(stem + ".csv") << render::experiment_csv(ex.current(), {});
    return "exported " + stem + ".json and " + stem + ".csv";
}

void finish_prompt(course::Explorer& ex, Ui& ui) {
    const Prompt p = ui.prompt;
    ui.prompt = Prompt::none;
    if (p == Prompt::sentence) return ex.set_sentence(ui.input);
    if (p == Prompt::seed) return ex.set_seed(ui.input.empty() ? std::nullopt : std::optional<std::uint64_t>(std::stoull(ui.input)));
    size_t used = 0;
    const double value = std::stod(ui.input, &used);
    if (used != ui.input.size()) throw course::InputError("'" + ui.input + "' is not a number");
    ex.set_cell(edit_matrix(ui.stage), ui.row, ui.col, value);
}

bool prompt_key(course::Explorer& ex, Ui& ui, int key) {
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

// One key; false to quit.
bool handle_key(course::Explorer& ex, Ui& ui, int key) {
    ui.message.clear();
    if (ui.help) return ui.help = false, true;
    if (ui.prompt != Prompt::none) return prompt_key(ex, ui, key);
    const size_t n_stages = explore_stage_names().size();
    switch (key) {
        case 'q': return false;
        case '?': ui.help = true; break;
        case '\t': ui.stage = (ui.stage + 1) % n_stages; break;
        case KEY_BTAB: ui.stage = (ui.stage + n_stages - 1) % n_stages; break;
        case KEY_UP: ui.row -= ui.row > 0; break;
        case KEY_DOWN: ++ui.row; break;
        case KEY_LEFT: ui.col -= ui.col > 0; break;
        case KEY_RIGHT: ++ui.col; break;
        case '+': nudge(ex, ui, 0.1); break;
        case '-': nudge(ex, ui, -0.1); break;
        case ']': nudge(ex, ui, 0.01); break;
        case '[': nudge(ex, ui, -0.01); break;
        case 27: {  // Alt + / Alt -: the fine nudge
            nodelay(stdscr, TRUE);
            const int next = getch();
            nodelay(stdscr, FALSE);
            if (next == '+' || next == '=') nudge(ex, ui, 0.01);
            if (next == '-') nudge(ex, ui, -0.01);
            break;
        }
        case 's': ui.prompt = Prompt::sentence, ui.input = ex.world().sentence; break;
        case 'r': ui.prompt = Prompt::seed, ui.input.clear(); break;
        case 'm': ex.set_mask(ex.world().mask == "none" ? "causal" : ex.world().mask == "causal" ? "padding" : "none"); break;
        case 'h': ex.set_heads(ex.world().heads + 1), ui.head = 0; break;
        case 'H': if (ex.world().heads > 1) ex.set_heads(ex.world().heads - 1), ui.head = 0; break;
        case 'n': ui.head = (ui.head + 1) % ex.world().heads; break;
        case 'd': ex.set_d_k(ex.world().d_k.value_or(ex.world().weights.wq.n_cols / ex.world().heads) + 1); break;
        case 'D': ex.set_d_k(std::max<arma::uword>(1, ex.world().d_k.value_or(ex.world().weights.wq.n_cols / ex.world().heads) - 1)); break;
        case 'u': ui.message = ex.undo() ? "undone" : "nothing to undo"; break;
        case 18: ui.message = ex.redo() ? "redone" : "nothing to redo"; break;
        case 'w': ui.message = "saved; run: " + save_world(ex); break;
        case 'x': ui.message = export_world(ex); break;
        case '\n': case KEY_ENTER:
            if (editable_stage(ui.stage)) ui.prompt = Prompt::number, ui.input.clear();
            break;
        default:
            if (editable_stage(ui.stage) && ((key >= '0' && key <= '9') || key == '.'))
                ui.prompt = Prompt::number, ui.input = std::string(1, static_cast<char>(key));
    }
    return true;
}

void run_explore(const ExploreOptions& o, Context& ctx) {
    const course::DataLayers data = course::find_data_layers(ctx.global.data_dir);
    course::Explorer ex(course::resolve_vocab(o.vocab, data), o.sentence, data);
    if (o.mask != "none") ex.set_mask(o.mask);
    if (o.d_k) ex.set_d_k(o.d_k);
    if (o.seed) ex.set_seed(o.seed);
    if (o.heads > 1) ex.set_heads(o.heads);
    const std::string equivalent = "attn run --vocab " + o.vocab + " -s \"" + o.sentence + "\"" +
                                   (o.heads > 1 ? " --heads " + std::to_string(o.heads) : "") + (o.mask != "none" ? " --mask " + o.mask : "") +
                                   (o.seed ? " --seed " + std::to_string(*o.seed) : "") + (o.d_k ? " --d-k " + std::to_string(*o.d_k) : "");
    if (!ctx.interactive())
        throw course::InputError("attn explore is full-screen and needs a terminal on stdin and stdout; the same numbers, "
                                 "printed: " + equivalent);
    Ui ui;
    // The narrow ncurses library draws bytes, not UTF-8 characters: the screen stays ASCII (√ → sqrt).
    ui.unicode = false;
    ui.color = ctx.style(4).color;
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (ui.color && has_colors()) start_color(), use_default_colors(), init_pair(1, COLOR_YELLOW, -1);
    else ui.color = false;
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
    endwin();
    ctx.out = "the world you left, as files: press w to save it; with the shipped files: " + equivalent + "\n";
}

}  // namespace

void setup_explore(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ExploreOptions>();
    CLI::App* sub = app.add_subcommand("explore", "Full-screen explorer: change any input, watch every stage recompute");
    sub->footer("Keys: Tab stages, arrows cells, Enter/digits type a value, +/- nudge, s sentence, m mask, h/H heads,\n"
                "r seed, u/Ctrl-R undo/redo, w save to the workspace, x export JSON+CSV, ? help, q quit.\n\n"
                "Examples:\n"
                "  attn explore\n"
                "  attn explore -s \"I love my apple phone\" --mask causal");
    sub->add_option("-s,--sentence", opts->sentence, "The sentence to start with")->capture_default_str();
    sub->add_option("--vocab", opts->vocab, "Vocabulary with preset weights: a TOML file or a name")->capture_default_str();
    sub->add_option("--mask", opts->mask, "none, causal or padding")->check(CLI::IsMember({"none", "causal", "padding"}))->capture_default_str();
    sub->add_option("--heads", opts->heads, "Number of heads")->capture_default_str()->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--seed", opts->seed, "Random weights with this seed instead of the preset");
    sub->add_option("--d-k", opts->d_k, "Query/key size per head (random weights)");
    sub->callback([opts, &ctx]() { run_explore(*opts, ctx); });
}

}  // namespace attn::cli
