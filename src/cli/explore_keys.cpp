// attn explore's keys: each turns into an edit of the explored world, a prompt, a save to the
// workspace or an export of the screen.
#include <ncurses.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "cli/curses_screen.hpp"
#include "cli/explore_screen.hpp"
#include "cli/explore_view.hpp"
#include "cli/export_files.hpp"
#include "course/data_blocks.hpp"
#include "course/paths.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"
#include "render/report_writers.hpp"

namespace attn::cli::explore {

namespace {

// Saves the edited world as explore/vocab.toml and explore/weights.toml in the workspace; an earlier
// save is moved to the workspace's .backups first. Returns the attn run command that reads them.
std::string save_world(const course::Explorer& ex) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(course::workspace_dir().path) / "explore";
    if (fs::exists(dir)) {
        const fs::path backup =
            dir.parent_path() / ".backups" / ("explore-" + std::to_string(std::time(nullptr)));
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
std::vector<std::pair<std::string, std::string>> export_files(const course::Explorer& ex,
                                                              const render::Style& style) {
    report::Report report;
    if (const auto& c = ex.comparison()) {
        report = course::comparison_report(*c, {}, "");
        course::add_comparison_data(report, *c, {});
    } else {
        report = course::experiment_report(ex.current(), {}, "");
        course::add_experiment_data(report, ex.current(), {}, false);
    }
    return {{"explore.csv", render::write_report(report, render::Format::csv, style)},
            {"explore.json", render::write_report(report, render::Format::json, style)},
            {"explore.svg", render::write_report(report, render::Format::svg, style)}};
}

// Exports into `dir`; when a file is already there, asks first (Prompt::overwrite) unless `force`.
void export_screen(const course::Explorer& ex, Ui& ui, const std::string& dir, bool force) {
    namespace fs = std::filesystem;
    const auto files = export_files(ex, ui.svg_style);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw course::InputError(dir + " is a file; give a folder to export into");
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

void finish_prompt(course::Explorer& ex, Ui& ui) {
    const Prompt p = ui.prompt;
    ui.prompt = Prompt::none;
    switch (p) {
        case Prompt::sentence:
            return ex.set_sentence(ui.input);
        case Prompt::seed: {
            if (ui.input.empty()) return ex.set_seed(std::nullopt);
            if (ui.input.find_first_not_of("0123456789") != std::string::npos || ui.input.size() > 18)
                throw course::InputError("a seed is a whole number from 0 to 10^18");
            return ex.set_seed(std::stoull(ui.input));
        }
        case Prompt::temperature:
            return ex.set_temperature(parse_number(ui.input));
        case Prompt::compare:
            return ex.set_compare(ui.input);
        case Prompt::export_dir:
            return export_screen(ex, ui, ui.input.empty() ? kDefaultExportDir : ui.input, false);
        case Prompt::number:
            return ex.set_cell(edit_matrix(ui.stage), ui.row, ui.col, parse_number(ui.input));
        default:
            return;
    }
}

bool prompt_key(course::Explorer& ex, Ui& ui, int key) {
    if (ui.prompt == Prompt::overwrite) {
        ui.prompt = Prompt::none;
        if (key == 'y' || key == 'Y')
            export_screen(ex, ui, ui.export_dir, true);
        else
            ui.message = "not exported: nothing was overwritten";
        return true;
    }
    if (prompt_text_key(ui, key)) finish_prompt(ex, ui);
    return true;
}

void nudge(course::Explorer& ex, const Ui& ui, double delta) {
    if (!editable_stage(ui.stage))
        throw course::InputError("only X, W_Q, W_K and W_V are edited; the rest is computed");
    ex.nudge(edit_matrix(ui.stage), ui.row, ui.col, delta);
}

// The head count after `now` in `counts` (ascending), wrapping round; the one before it when !up.
arma::uword next_head_count(const std::vector<arma::uword>& counts, arma::uword now, bool up) {
    if (counts.empty()) return now;
    if (up) {
        const auto above = std::upper_bound(counts.begin(), counts.end(), now);
        return above == counts.end() ? counts.front() : *above;
    }
    const auto below = std::lower_bound(counts.begin(), counts.end(), now);
    return below == counts.begin() ? counts.back() : *(below - 1);
}

// Keys that change the world or the view; false for a key this does not know.
bool world_key(course::Explorer& ex, Ui& ui, int key) {
    const course::ExploreWorld& w = ex.world();
    const arma::uword d_k_now = w.d_k.value_or(w.weights.wq.n_cols / w.heads);
    switch (key) {
        case 's':
            start_prompt(ui, Prompt::sentence, w.sentence);
            break;
        case 'r':
            start_prompt(ui, Prompt::seed, "");
            break;
        case 't':
            start_prompt(ui, Prompt::temperature, short_number(w.temperature));
            break;
        case 'C':
            start_prompt(ui, Prompt::compare, w.compare.value_or(ex.default_compare_sentence()));
            break;
        case 'x':
            start_prompt(ui, Prompt::export_dir, kDefaultExportDir);
            break;
        case 'c':
            ex.set_compare(w.compare ? std::nullopt
                                     : std::optional<std::string>(ex.default_compare_sentence()));
            break;
        case 'm':
            ex.set_mask(w.mask == "none" ? "causal" : w.mask == "causal" ? "padding" : "none");
            break;
        case 'h':
        case 'H':
            ex.set_heads(next_head_count(ex.head_counts(), w.heads, key == 'h')), ui.head = 0;
            break;
        case 'n':
            ui.head = (ui.head + 1) % w.heads;
            break;
        case 'd':
            ex.set_d_k(d_k_now + 1);
            break;
        case 'D':
            ex.set_d_k(std::max<arma::uword>(1, d_k_now - 1));
            break;
        default:
            return false;
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

}  // namespace

// One key; false to quit.
bool handle_key(course::Explorer& ex, Ui& ui, int key) {
    const KeyUse use = view_key(ui, key, explore_stage_names().size());
    if (use != KeyUse::unused) return use == KeyUse::used;
    if (ui.prompt != Prompt::none) return prompt_key(ex, ui, key);
    if (const double delta = nudge_of(key)) return nudge(ex, ui, delta), true;
    if (key == 'w') return save_key(ex, ui), true;
    if (history_key(ex, ui, key) || world_key(ex, ui, key)) return true;
    number_key(ui, key, editable_stage(ui.stage));
    return true;
}

}  // namespace attn::cli::explore
