// attn check: a course checked for its teacher (course/lesson_check.hpp); exit 1 when a lesson fails.
#include <filesystem>
#include <memory>
#include <set>

#include "cli/app.hpp"
#include "cli/check_text.hpp"
#include "cli/lesson_check.hpp"
#include "cli/lesson_limits.hpp"
#include "cli/quiz_session.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/paths.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

// The message of a failed nested command, without "attn: error: " and the last line break.
std::string reason(const CommandResult& result) {
    std::string message = result.err.empty() ? "exit " + std::to_string(result.code) : result.err;
    if (message.rfind("attn: error: ", 0) == 0) message.erase(0, 13);
    // CLI11's usage errors end with where to find the options: the failure's own line says enough.
    const size_t hint = message.find("\nRun 'attn --help'");
    if (hint != std::string::npos) message.erase(hint);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return message;
}

// Commands a check only parses: they open the course, wait for keys, or write files or progress.
bool only_parse(const CommandResult& parsed, const std::string& command) {
    static const std::set<std::string> course = {"lesson",    "next",    "prev",   "reset",    "list",
                                                 "paths",     "quiz",    "hint",   "solution", "check",
                                                 "workspace", "explore", "export", "help"};
    return course.count(parsed.subcommand) || command.find("--save") != std::string::npos ||
           command.find(" -o ") != std::string::npos || command.find("--output") != std::string::npos;
}

}  // namespace

course::CheckRunners check_runners(Context& ctx, bool run, const std::shared_ptr<CommandParser>& parser) {
    course::CheckRunners runners;
    runners.command = [&ctx, run, parser](const std::string& command) {
        const CommandResult result = run ? run_nested(command, ctx) : parser->parse(command);
        return result.code == 0 ? std::string() : reason(result);
    };
    runners.try_it = [&ctx, run, parser](const std::string& command) {
        const CommandResult parsed = parser->parse(command);
        if (parsed.code != 0) return reason(parsed);
        if (!run || only_parse(parsed, command)) return std::string();
        const CommandResult result = run_nested(command, ctx);
        // A try-it is for the learner's own shell: one beyond a lesson's caps still parsed, which is all
        // a check may do with it.
        if (result.err.find(kLessonRefusal) != std::string::npos) return std::string();
        return result.code == 0 ? std::string() : reason(result);
    };
    if (run) runners.json = json_runner(ctx);  // without: live values and questions are not looked at
    return runners;
}

course::LessonCheck check_one(Context& ctx, const course::LessonEntry& entry, bool run,
                              const std::shared_ptr<CommandParser>& parser, bool strict) {
    const std::string saved = ctx.command_dir;
    ctx.command_dir = std::filesystem::path(entry.path).parent_path().string();
    course::CheckRunners runners = check_runners(ctx, run, parser);
    if (run && strict)
        runners.printed = [&ctx](const std::string& command) {
            const CommandResult result = run_nested(command, ctx);
            return result.code == 0 ? result.out : std::string();
        };
    course::LessonCheck check = course::check_lesson(entry, runners);
    ctx.command_dir = saved;
    return check;
}

namespace {

struct CheckOptions {
    bool json = false;
    bool strict = false;
};

// Which data the live values read, and the learner's files that differ from the shipped ones.
void describe_data(const Context& ctx, course::CourseCheck& check) {
    const course::DataLayers data = ctx.data_layers();
    check.data = data.describe();
    for (const std::string& file : data.files()) {
        const course::DataLayer* origin = data.origin(file);
        if (origin == &data.layers.back()) continue;
        const std::string relation = data.compared_with_shipped(file);
        if (relation != "same as shipped") check.changed.push_back(file + " (" + relation + ")");
    }
}

void run_check(Context& ctx, const CheckOptions& o) {
    const course::Catalog catalog =
        course::load_catalog(course::find_content_dir("lessons", ctx.global.lessons_dir).path);
    course::CourseCheck check;
    check.title = catalog.title;
    check.manifest = catalog.manifest;
    const auto parser = std::make_shared<CommandParser>(ctx);
    describe_data(ctx, check);
    check.strict = o.strict;
    for (const course::LessonEntry& entry : catalog.lessons)
        check.lessons.push_back(check_one(ctx, entry, true, parser, o.strict));
    const std::string glossary = (std::filesystem::path(catalog.dir) / "glossary.toml").string();
    if (std::filesystem::exists(glossary)) course::check_glossary(glossary, catalog, check);
    const render::Style style = ctx.style(4);
    if (o.json) {
        ctx.out = check_json(check).dump(2) + "\n";
    } else {
        const std::string text = check_text(check, style);
        ctx.out = style.unicode ? text : render::ascii_fold(text);
    }
    ctx.result_code = check.passed() ? kOk : 1;  // a verdict, like quiz --answer: 1 = something failed
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* sub = app.add_subcommand(
        "check", "Check a course for its teacher: every lesson parses and every command runs");
    sub->add_flag("--json", o->json, "Print the result as JSON");
    sub->add_flag("--strict", o->strict,
                  "Also fail a literal decimal in prose or hints that equals a number the lesson's own "
                  "commands print (quote it live, or mark it `=const 0.25`)");
    sub->footer(
        "Runs every ```attn block, every try-it command (an 'attn ...'\n"
        "line of a ```sh block), every live value and every question's\n"
        "live answer of every lesson, and checks the course's own\n"
        "glossary.toml. A try-it command that would open the course,\n"
        "wait for keys or write files (lesson, quiz, workspace,\n"
        "explore, export, --save, -o) is only parsed. Each failure is\n"
        "printed as FILE:LINE: what failed. The live values use the\n"
        "learner's data (--data, ATTN_DATA_DIR, the workspace, then\n"
        "the shipped data); the report names it and the changed files.\n"
        "--strict also fails a literal decimal of the prose that\n"
        "equals a number the lesson's own commands print.\n"
        "Paths in a lesson's\n"
        "commands mean files beside the lesson. Progress is untouched.\n"
        "Exit codes: 0 all passed, 1 a lesson or the glossary failed,\n"
        "2 the course could not be read (course.toml, a folder).\n\n"
        "Examples:\n"
        "  attn check                       the shipped course\n"
        "  attn --lessons my-course check   a course of your own\n"
        "  attn check --strict              no data-bound literal numbers\n"
        "  attn check --json");
    sub->callback([o, &ctx] { run_check(ctx, *o); });
}

}  // namespace attn::cli
