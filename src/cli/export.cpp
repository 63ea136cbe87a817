// attn export: writes every block of a command's report (or a whole lesson) into a folder, one file per
// block and format, or one HTML page. Pictures to keep, for notes, slides and papers.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "cli/app.hpp"
#include "cli/emit.hpp"
#include "cli/export_files.hpp"
#include "cli/quiz_session.hpp"
#include "cli/subcommands.hpp"
#include "course/catalog.hpp"
#include "course/data_layers.hpp"
#include "course/live_value.hpp"
#include "course/paths.hpp"
#include "course/quiz.hpp"
#include "course/quiz_report.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {
namespace {

using render::Format;

struct ExportOptions {
    std::string dir;
    std::vector<Format> formats;
    bool force = false;
};

void add_formats(ExportOptions& o, const std::string& list) {
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, comma - start);
        const auto found = render::format_names().find(name);
        if (found == render::format_names().end())
            throw course::InputError("--format " + name + ": choose from " +
                                     render::format_choices(render::formats_except({})) +
                                     " (comma-separated)");
        o.formats.push_back(found->second);
        start = comma + 1;
    }
}

// Takes export's own options out of the command line wherever they are: `attn export run -s "..." -o out`.
std::vector<std::string> take_export_options(std::vector<std::string> args, ExportOptions& o) {
    std::vector<std::string> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const std::string& flag) {
            if (i + 1 >= args.size()) throw course::InputError(flag + " needs a value");
            return args[++i];
        };
        if (a == "-o" || a == "--output")
            o.dir = value(a);
        else if (a.rfind("--output=", 0) == 0)
            o.dir = a.substr(9);
        else if (a == "--force")
            o.force = true;
        else if (a == "--format")
            add_formats(o, value(a));
        else if (a.rfind("--format=", 0) == 0)
            add_formats(o, a.substr(9));
        else
            rest.push_back(a);
    }
    return rest;
}

// The report of one attn command line (a list of arguments, or a lesson's line), run inside this process.
template <typename Command>
report::Report capture_report(const Command& command, Context& ctx) {
    report::Report report;
    const CommandResult result = run_captured(command, ctx, &report);
    // Its message already says "attn: error: ..."; the outer handler adds that again.
    std::string why = result.err;
    if (why.rfind("attn: error: ", 0) == 0) why.erase(0, 13);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    if (result.code == kInputError) throw course::InputError(why);
    if (result.code == kOutputError) throw course::WriteError(why);
    if (result.code != kOk) throw std::runtime_error(why);
    if (report.blocks.empty() && !result.out.empty()) report.paragraph("```\n" + result.out + "```");
    return report;
}

// A step's questions on the page, without their answers (as `attn quiz N --list` shows them), and where
// to answer them: a page cannot check an answer, the terminal can.
void add_questions(report::Report& report, const course::Step& step, size_t lesson,
                   course::LiveEvaluator& live, Context& ctx) {
    for (const course::Question& q : step.questions) {
        std::optional<course::HandTask> task;
        if (q.kind == course::QuestionKind::hand)
            task = course::expected_answer(q, live, json_runner(ctx)).hand;
        const std::string answer = q.kind == course::QuestionKind::hand ? "'ENTRY ENTRY ...'"
                                   : q.choices.empty()                  ? "VALUE"
                                                                        : "LETTER";
        const std::string where =
            q.kind == course::QuestionKind::edit
                ? fmt::format("check it: `attn quiz {} --question {} --check`", lesson, q.id)
                : fmt::format("answer it: `attn quiz {} --question {} --answer {}`", lesson, q.id, answer);
        report.paragraph("**Question.** " + course::question_markdown(q, task ? &*task : nullptr) +
                         "\n\nIn a terminal, " + where);
    }
}

report::Report lesson_report(const std::string& which, Context& ctx) {
    const course::Catalog catalog =
        course::load_catalog(course::find_content_dir("lessons", ctx.global.lessons_dir).path);
    const size_t index = course::find_lesson(catalog, which);
    const course::Lesson lesson = course::load_lesson(catalog.lessons[index]);
    ctx.command_dir =
        std::filesystem::path(lesson.path).parent_path().string();  // its paths: files beside it
    course::LiveEvaluator live(json_runner(ctx), lesson.path);
    // Paths show relative to the top data layer (the learner's workspace, when there is one): a page to
    // share names apple/vocab.toml, not /home/NAME/.local/share/attn/workspace/apple/vocab.toml.
    report::Report report{"Lesson " + std::to_string(index + 1) + ": " + lesson.title,
                          ctx.data_layers().layers.front().path,
                          {}};
    for (size_t s = 0; s < lesson.steps.size(); ++s) {
        const course::Step& step = lesson.steps[s];
        if (!step.title.empty()) report.heading(step.title);
        for (size_t b = 0; b < step.blocks.size(); ++b) {
            const course::Block& block = step.blocks[b];
            if (block.kind == course::Block::Kind::prose) {
                // The prose quotes live numbers (`=COMMAND | PATH`): the page shows their values, as the
                // player does.
                report.paragraph(course::substitute_live_values(block.text, block.line, live));
                continue;
            }
            report.paragraph("```\n$ attn " + block.text + "\n```");
            try {
                report::Report part = capture_report(block.text, ctx);
                const std::string prefix = "step" + std::to_string(s + 1) + "-" + std::to_string(b + 1) + "-";
                // A lesson page is a view: the commands' data blocks (their JSON layouts) stay out.
                for (auto& named : part.blocks)
                    if (!named.data()) report.blocks.push_back({prefix + named.name, std::move(named.block)});
            } catch (const std::exception& e) {
                throw course::InputError(course::at_location(
                    lesson.path, block.line, std::string("this lesson's command failed: ") + e.what()));
            }
        }
        add_questions(report, step, index + 1, live, ctx);
    }
    return report;
}

bool holds(Format f, const report::ReportBlock& b) {
    const bool picture =
        std::holds_alternative<report::LabelledMatrix>(b) || std::holds_alternative<report::Chart>(b);
    if (f == Format::svg) return picture;
    if (f == Format::csv) return picture || std::holds_alternative<report::Table>(b);
    return !std::holds_alternative<report::Heading>(b) && !std::holds_alternative<report::Note>(b);
}

// (file name, contents) for every block and format; HTML is one page for the whole report.
std::vector<std::pair<std::string, std::string>> export_files(const report::Report& report,
                                                              const std::vector<Format>& formats,
                                                              const std::string& page_name,
                                                              const render::Style& style, bool lesson) {
    std::vector<std::pair<std::string, std::string>> files;
    std::set<std::string> taken;
    auto add = [&](std::string name, const char* ext, std::string text) {
        name = safe_file_name(name);
        std::string unique = name;
        for (int k = 2; taken.count(unique + "." + ext); ++k) unique = name + "-" + std::to_string(k);
        taken.insert(unique + "." + ext);
        files.emplace_back(unique + "." + ext, std::move(text));
    };
    for (Format f : formats) {
        if (f == Format::html) {
            add(page_name, "html", render::report_html(render::without_data(report), style));
            continue;
        }
        if (f == Format::md &&
            lesson) {  // a lesson is one page in Markdown too: its prose (tables and all) kept
            add(page_name, "md", render::report_markdown(render::without_data(report), style));
            continue;
        }
        for (const auto& block : report.blocks) {
            if (block.data() || !holds(f, block.block)) continue;  // a data block is part of a whole document
            const report::Report one{report.title, report.data_dir, {block}};
            add(block.name, render::format_extension(f), render::write_report(one, f, style));
        }
    }
    return files;
}

void run_export(const ExportOptions& given, const std::vector<std::string>& args, Context& ctx) {
    ExportOptions o = given;
    const std::vector<std::string> command = take_export_options(args, o);
    if (command.empty())
        throw course::InputError(
            "export needs a command, e.g. attn export run -s \"I ate the apple\" -o figures");
    if (o.dir.empty()) throw course::InputError("export needs -o DIR, the folder to write into");
    const std::string& name = command[0];
    for (const char* refused : {"export", "list", "next", "prev", "reset", "paths"})
        if (name == refused)
            throw course::InputError(
                "attn " + name +
                " has no report to export; export run, seq2seq, "
                "transformer, train, bench, cache, vocab, similarity, scaling, softmax or lesson N");
    const bool lesson = name == "lesson";
    if (lesson && command.size() != 2)
        throw course::InputError(
            "export lesson takes one lesson number or name, e.g. attn export lesson 3 -o out");
    if (o.formats.empty())
        o.formats = lesson ? std::vector<Format>{Format::html}
                           : std::vector<Format>{Format::svg, Format::csv, Format::json};
    const report::Report report = lesson ? lesson_report(command[1], ctx) : capture_report(command, ctx);
    const std::string page = lesson ? "lesson-" + command[1] : name;
    render::Style style = ctx.style(4);
    style.color = false;  // files never hold terminal colour codes
    const auto files = export_files(report, o.formats, page, style, lesson);
    write_files(o.dir, files, o.force);
    for (const auto& file : files) ctx.out += (std::filesystem::path(o.dir) / file.first).string() + "\n";
}

}  // namespace

void setup_export(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand(
        "export", "Write a command's matrices and charts, or a whole lesson, to files (SVG, HTML, CSV, ...)");
    sub->footer(
        "Examples:\n"
        "  attn export run -s \"I ate the apple\" -o figures          SVG heatmaps, CSV and JSON per stage\n"
        "  attn export run -s \"I ate the apple\" --mask causal --format svg -o figures\n"
        "  attn export lesson 3 --format html -o site                one page: prose, heatmaps, tables\n"
        "  attn export bench --sizes 256,512,1024 --format svg -o figures   the log-log time chart\n"
        "  attn export train --format svg,md -o figures --force\n"
        "Files are written atomically, only inside DIR, and never over an existing file without --force.\n"
        "The list of files written goes to stdout.");
    sub->add_option("-o,--output", opts->dir, "Folder to write into (created if missing)");
    const std::vector<render::Format> all = render::formats_except({});
    sub->add_option(
           "--format", opts->formats,
           "Comma-separated: " + render::format_help(all) + " (default svg,csv,json; html for a lesson)")
        ->delimiter(',')
        ->transform(format_reader(all))
        ->type_name("FORMAT:" + render::format_choices(all));
    sub->add_flag("--force", opts->force, "Replace files that already exist");
    // Everything from the command name on belongs to that command (and to -o/--force/--format), and
    // must not fall through to attn itself.
    sub->prefix_command();
    sub->fallthrough(false);
    sub->callback([opts, sub, &ctx]() { run_export(*opts, sub->remaining(), ctx); });
}

}  // namespace attn::cli
