// attn workspace: the learner's own copy of the toy data (init, diff, reset). It overlays the shipped
// data: attn reads --data/ATTN_DATA_DIR first, then the workspace, then the shipped files.
#include "course/workspace.hpp"

#include <filesystem>
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/paths.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct WorkspaceOptions {
    std::optional<std::string> path;  // init: where; default the workspace location
    std::optional<std::string> workspace;
    std::optional<std::string> file;  // reset: one file
    render::Format format = render::Format::text;
};

std::string chosen_workspace(const WorkspaceOptions& o) {
    return o.workspace ? *o.workspace : course::workspace_dir().path;
}

void run_init(const WorkspaceOptions& o, Context& ctx) {
    const course::Location standard = course::workspace_dir();
    const std::string target = o.path ? *o.path : standard.path;
    const course::Location shipped = course::find_shipped_dir("data");
    const std::vector<std::string> files = course::init_workspace(target, shipped.path);
    const bool standard_place =
        std::filesystem::weakly_canonical(target) == std::filesystem::weakly_canonical(standard.path);
    emit(ctx, render::Format::text, 4,
         [&] { return course::workspace_init_report(target, files.size(), shipped.path, standard_place); });
}

void run_diff(const WorkspaceOptions& o, Context& ctx) {
    const std::string ws = chosen_workspace(o);
    if (!std::filesystem::is_directory(ws))
        throw course::InputError("no workspace at " + ws + "; create one with 'attn workspace init'");
    const std::string shipped = course::find_shipped_dir("data").path;
    const std::vector<course::FileDiff> diffs = course::diff_workspace(ws, shipped);
    emit(ctx, o.format, 4, [&] { return course::workspace_diff_report(diffs, ws, shipped); });
}

void run_reset_files(const WorkspaceOptions& o, Context& ctx) {
    const std::string ws = chosen_workspace(o);
    const course::ResetResult r = course::reset_workspace(ws, course::find_shipped_dir("data").path, o.file);
    emit(ctx, render::Format::text, 4, [&] { return course::workspace_reset_report(r, ws); });
}

}  // namespace

void setup_workspace(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<WorkspaceOptions>();
    CLI::App* sub = app.add_subcommand(
        "workspace", "Your own copy of the toy data: create it, see what you changed, restore defaults");
    sub->require_subcommand(1);
    sub->footer(
        "attn reads toy data from, first match wins: --data DIR (or ATTN_DATA_DIR), then the workspace, then "
        "the\n"
        "shipped data. A file in the workspace replaces the shipped file of the same name.\n\n"
        "Examples:\n"
        "  attn workspace init                 copy the shipped data to ~/.local/share/attn/workspace\n"
        "  attn workspace diff                 what you changed: words, dimensions, matrix cells\n"
        "  attn workspace reset apple/weights.toml   restore one file (yours goes to .backups/)\n"
        "  attn workspace reset                restore every changed file");
    CLI::App* init =
        sub->add_subcommand("init", "Copy the shipped data into a folder you own (refuses to overwrite)");
    init->add_option("path", opts->path, "Where (default $XDG_DATA_HOME/attn/workspace, or $ATTN_WORKSPACE)");
    init->callback([opts, &ctx] { run_init(*opts, ctx); });
    CLI::App* diff = sub->add_subcommand("diff", "What you changed against the shipped data, file by file");
    diff->add_option("--workspace", opts->workspace, "The workspace folder (default: the one attn reads)");
    add_format_option(diff, opts->format, {render::Format::csv});
    diff->callback([opts, &ctx] { run_diff(*opts, ctx); });
    CLI::App* reset = sub->add_subcommand(
        "reset", "Restore the shipped version of FILE, or of every changed file; yours is backed up");
    reset->add_option("file", opts->file, "A file in the workspace, e.g. apple/weights.toml (default: all)");
    reset->add_option("--workspace", opts->workspace, "The workspace folder (default: the one attn reads)");
    reset->callback([opts, &ctx] { run_reset_files(*opts, ctx); });
}

}  // namespace attn::cli
