#include "cli/lesson_limits.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "course/bench.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

[[noreturn]] void refuse(const std::string& what, const std::string& command) {
    throw course::InputError(std::string(kLessonRefusal) + what +
                             "; a lesson's commands may not. Run it yourself, outside the lesson: attn " +
                             command);
}

// The values given for `name`, or `fallback` when the option was not given.
template <typename T>
T given_or(const CLI::App& sub, const std::string& name, const T& fallback) {
    const CLI::Option* option = sub.get_option_no_throw(name);
    return option && option->count() > 0 ? option->as<T>() : fallback;
}

void cap_bench(const CLI::App& sub) {
    const course::BenchRequest defaults;
    const auto sizes = given_or<std::vector<long>>(sub, "--sizes", defaults.sizes);
    const auto methods = given_or<std::vector<std::string>>(sub, "--methods", defaults.methods);
    const long d = given_or<long>(sub, "--d", defaults.d);
    const int repeats = given_or<int>(sub, "--repeats", defaults.repeats);
    const std::string bench = "bench ...";
    for (long n : sizes)
        if (n > kLessonMaxBenchTokens)
            refuse("bench --sizes " + std::to_string(n) + " is more than the " +
                       std::to_string(kLessonMaxBenchTokens) + " tokens a lesson may time",
                   bench);
    if (repeats > kLessonMaxBenchRepeats)
        refuse("bench --repeats " + std::to_string(repeats) + " is more than the " +
                   std::to_string(kLessonMaxBenchRepeats) + " a lesson may ask for",
               bench);
    if (d > kLessonMaxBenchDim)
        refuse("bench --d " + std::to_string(d) + " is more than the " + std::to_string(kLessonMaxBenchDim) +
                   " a lesson may ask for",
               bench);
    double work = 0;
    for (long n : sizes) work += double(n) * double(n) * double(d) * (repeats + 1) * double(methods.size());
    if (work > kLessonMaxBenchWork)
        refuse("this benchmark (sizes x sizes x d x runs x methods = " + std::to_string(work) +
                   ") is more work than a lesson may ask for (" + std::to_string(kLessonMaxBenchWork) +
                   "); time fewer or smaller sizes",
               bench);
}

// After every option is read and checked, before the subcommand runs.
void refuse_options(const CLI::App& root) {
    const std::vector<CLI::App*> chosen = root.get_subcommands();
    if (chosen.empty()) return;  // the course-command check says why
    const CLI::App& sub = *chosen.front();
    const std::string name = sub.get_name();
    if (name == "train" && sub.get_option("--save")->count() > 0)
        refuse("train --save writes a file", "train ... --save FILE");
    if (name == "bench") cap_bench(sub);
}

}  // namespace

void refuse_in_lesson(CLI::App& root) {
    // As soon as the subcommand's name is read: whatever follows it (a live value's --format json that
    // it has no use for) is not looked at.
    for (const char* refused : kLessonRefusedCommands) {
        const std::string name = refused;
        root.get_subcommand(name)->preparse_callback([name](size_t) {
            refuse("attn " + name + (name == "explore" ? " takes over the terminal" : " writes files"),
                   name + " ...");
        });
    }
    root.parse_complete_callback([&root] { refuse_options(root); });
}

}  // namespace attn::cli
