// attn train: train a tiny attention model on a toy task and watch its attention pattern emerge.
#include <memory>

#include "cli/emit.hpp"
#include "cli/lesson_limits.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/reports.hpp"
#include "course/train_run.hpp"
#include "course/train_save.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

// Counts and seeds are unsigned, so CLI11 alone would read "-3" as 2⁶⁴ − 3.
CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) {
            return text.find_first_not_of("0123456789") == std::string::npos && !text.empty()
                       ? std::string()
                       : "'" + text + "' is not a whole number ≥ 0";
        },
        "WHOLE NUMBER");
}

struct TrainOptions {
    course::TrainRequest request;
    std::string task = "apple-sense";
    std::optional<std::string> save;
    bool force = false;
    int precision = 2;
    render::Format format = render::Format::text;
};

void add_train_options(CLI::App* sub, TrainOptions& o) {
    auto& r = o.request;
    sub->add_option("--task", o.task, "A task in DATA/train (apple-sense, copy) or a task TOML file")
        ->capture_default_str();
    sub->add_option("--optimizer", r.optimizer, "sgd or adam (default: the task's)")
        ->check(CLI::IsMember({"sgd", "adam"}));
    sub->add_option("--lr", r.learning_rate, "Learning rate, > 0 (default: the task's)");
    sub->add_option("--epochs", r.epochs, "Passes over the training set (default: the task's)")
        ->check(whole_number());
    sub->add_option("--d-k", r.d_k, "Columns of W_Q and W_K (default: the task's)")->check(whole_number());
    sub->add_option("--d-v", r.d_v, "Columns of W_V (default: d_model, the vocabulary's dimensions)")
        ->check(whole_number());
    sub->add_option("--batch", r.batch, "Examples per step; 0 = all of them (full-batch gradient descent)")
        ->capture_default_str()
        ->check(whole_number());
    sub->add_option("--seed", r.seed, "Seed for the initial weights and the batch order")
        ->capture_default_str()
        ->check(whole_number());
    sub->add_option("--checkpoints", r.checkpoints, "Heatmaps of the probe between before and after")
        ->capture_default_str()
        ->check(whole_number());
    sub->add_option("--probe", r.probe, "Sentence whose attention is shown (default: the task's)");
    sub->add_option("--save", o.save,
                    "Write the learned W_Q, W_K, W_V to this TOML file (for attn run --weights)");
    sub->add_flag("--force", o.force, "With --save: replace an existing file");
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format, {render::Format::csv});
}

void run_train(TrainOptions o, Context& ctx) {
    const course::DataLayers data = ctx.data_layers();
    if (ctx.in_lesson) o.request.lesson_max_epochs = kLessonMaxTrainEpochs;
    o.request.task_path = course::find_train_task(o.task, data);
    const course::TrainReport report = course::run_training(o.request);
    if (o.save) course::save_text_file(*o.save, course::weights_toml(report), o.force);
    emit(ctx, o.format, o.precision,
         [&] { return course::train_report(report, data.layers.back().path, o.save); });
}

}  // namespace

void setup_train(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<TrainOptions>();
    CLI::App* sub = app.add_subcommand(
        "train", "Train a tiny attention model on a toy task and watch W_Q, W_K, W_V being learned");
    sub->footer(
        "Examples:\n"
        "  attn train                                 learn whether 'apple' is the fruit or the company\n"
        "  attn train --task copy                     learn to copy a sequence: each word finds itself\n"
        "  attn train --optimizer sgd --lr 0.5 --epochs 300 --checkpoints 3\n"
        "  attn train --save learned.toml             then: attn run --weights learned.toml ...\n"
        "  attn train --format json                   the loss curve and final weights, exact\n"
        "Exit code 2 for nonsense settings and for a run that diverges (then try a smaller --lr).");
    add_train_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_train(*opts, ctx); });
}

}  // namespace attn::cli
