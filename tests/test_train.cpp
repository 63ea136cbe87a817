// attn train end to end: the loop, the shipped tasks, hyper-parameter checks, divergence, saving.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/train_run.hpp"
#include "course/train_save.hpp"
#include "inputs/input_error.hpp"
#include "inputs/train_task.hpp"
#include "inputs/weights_file.hpp"
#include "math/gradients.hpp"
#include "math/train_loop.hpp"
#include "run_binary.hpp"

using attn::test::check_matrices;
namespace c = attn::course;
namespace fs = std::filesystem;

namespace {

c::TrainRequest request_for(const std::string& task) {
    c::TrainRequest r;
    r.task_path = std::string(ATTN_SOURCE_DIR) + "/data/train/" + task + ".toml";
    return r;
}

std::string temp_path(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("attn-train-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return (dir / name).string();
}

}  // namespace

TEST_CASE("snapshots fall before training, at evenly spaced checkpoints and at the end", "[train][loop]") {
    CHECK(c::snapshot_epochs(100, 1) == std::vector<arma::uword>{0, 50, 100});
    CHECK(c::snapshot_epochs(100, 3) == std::vector<arma::uword>{0, 25, 50, 75, 100});
    CHECK(c::snapshot_epochs(10, 0) == std::vector<arma::uword>{0, 10});
    CHECK(c::snapshot_epochs(3, 2) == std::vector<arma::uword>{0, 1, 2, 3});
}

namespace {

std::vector<attn::math::Example> task_examples(const std::vector<c::TaskSentence>& sentences) {
    std::vector<attn::math::Example> out;
    for (const auto& s : sentences) out.push_back(s.example);
    return out;
}

}  // namespace

TEST_CASE("the same seed trains to the same bits, another seed to other weights", "[train][loop]") {
    // math::train itself, twice (run_training would answer the second time from its memory).
    namespace m = attn::math;
    const auto task = c::load_train_task(request_for("apple-sense").task_path);
    const auto train = task_examples(task.train), test = task_examples(task.test);
    m::TrainSettings settings;
    settings.epochs = 20;
    settings.batch_size = 8;  // mini-batches: the order of examples depends on the seed too
    const m::TinyAttention initial =
        m::init_tiny_attention(train[0].x.n_cols, 3, train[0].x.n_cols, 2, settings.seed);
    const m::TrainResult first = m::train(initial, train, test, settings),
                         second = m::train(initial, train, test, settings);
    check_matrices(first.model.wq, second.model.wq, 0.0);
    check_matrices(first.model.w_out, second.model.w_out, 0.0);
    CHECK(first.losses == second.losses);
    c::TrainRequest r = request_for("apple-sense");
    r.epochs = 20;
    r.batch = 8;
    const c::TrainReport a = c::run_training(r);
    r.seed = 7;
    const c::TrainReport other = c::run_training(r);
    CHECK(arma::norm(other.result.model.wq - a.result.model.wq, "fro") > 0.1);
}

TEST_CASE("full-batch training reuses the loss pass's forward passes and gives the same bits",
          "[train][loop]") {
    // The loop as it was: a gradient pass (forward and backward) and then a separate loss pass per epoch.
    namespace m = attn::math;
    const auto task = c::load_train_task(request_for("apple-sense").task_path);
    const auto train = task_examples(task.train), test = task_examples(task.test);
    m::TrainSettings settings;
    settings.epochs = 30;
    const m::TinyAttention initial =
        m::init_tiny_attention(train[0].x.n_cols, 3, train[0].x.n_cols, 2, settings.seed);
    m::TinyAttention model = initial;
    m::OptimizerState state = m::init_optimizer(model);
    std::vector<double> losses{m::mean_loss(model, train)};
    for (arma::uword epoch = 1; epoch <= settings.epochs; ++epoch) {
        double loss = 0;
        const m::Gradients g = m::batch_gradients(model, train, loss);
        CHECK(loss == losses.back());  // the gradient pass's loss is the previous epoch's, to the bit
        m::optimizer_step(model, g, state, settings.optimizer);
        losses.push_back(m::mean_loss(model, train));
    }
    settings.keep_every_model = true;
    const m::TrainResult result = m::train(initial, train, test, settings);
    CHECK(result.losses == losses);
    check_matrices(result.model.wq, model.wq, 0.0);
    check_matrices(result.model.wv, model.wv, 0.0);
    check_matrices(result.model.b_out, model.b_out, 0.0);
    REQUIRE(result.models.size() == settings.epochs + 1);
    CHECK(result.models.back().first == settings.epochs);
    check_matrices(result.models.back().second.w_out, model.w_out, 0.0);
    check_matrices(result.models.front().second.wk, initial.wk, 0.0);
    // Without every model, only the snapshot epochs' are kept.
    settings.keep_every_model = false;
    settings.snapshot_epochs = {0, 15, 30};
    const m::TrainResult few = m::train(initial, train, test, settings);
    REQUIRE(few.models.size() == 3);
    CHECK(few.models[1].first == 15);
    check_matrices(few.models[1].second.wq, result.models[15].second.wq, 0.0);
}

TEST_CASE("a training is remembered - another probe and other checkpoints see the same models",
          "[train][loop]") {
    c::TrainRequest r = request_for("apple-sense");
    r.epochs = 40;
    const c::TrainReport first = c::run_training(r);
    r.probe = "I love my apple phone";
    r.checkpoints = 3;
    const c::TrainReport again = c::run_training(r);
    CHECK(again.result.losses == first.result.losses);
    REQUIRE(again.snapshots.size() == 5);  // 0, 10, 20, 30, 40
    // Each snapshot is the new probe through the model of its epoch, as a fresh training gives it.
    namespace m = attn::math;
    const auto task = c::load_train_task(r.task_path);
    m::TrainSettings settings = again.plan.settings;
    const m::TinyAttention initial = m::init_tiny_attention(
        task.vocab.dimensions.size(), again.plan.d_k, again.plan.d_v, task.classes.size(), settings.seed);
    const m::TrainResult fresh =
        m::train(initial, task_examples(task.train), task_examples(task.test), settings);
    const auto expected = m::probe_snapshots(fresh, again.probe.example, {0, 10, 20, 30, 40});
    for (size_t k = 0; k < expected.size(); ++k) {
        CHECK(again.snapshots[k].epoch == expected[k].epoch);
        check_matrices(again.snapshots[k].weights, expected[k].weights, 0.0);
    }
    // Another learning rate (the task's is 0.02) is another training.
    r.learning_rate = 0.03;
    CHECK(c::run_training(r).result.losses != first.result.losses);
}

TEST_CASE("the apple task: attention learns to look at the food words, every sentence classified",
          "[train][task]") {
    const c::TrainReport r = c::run_training(request_for("apple-sense"));
    REQUIRE(r.result.losses.size() == r.plan.settings.epochs + 1);
    CHECK(r.result.losses.front() > 0.5);  // about ln 2: a coin toss before training
    CHECK(r.result.losses.back() < 0.01);
    CHECK(r.train_accuracy.correct == r.train_accuracy.total);
    CHECK(r.test_accuracy.correct == r.test_accuracy.total);
    REQUIRE(r.probe.tokens == std::vector<std::string>{"I", "eat", "a", "tasty", "apple"});
    // Before: "apple" spreads its attention almost evenly. After: most of it on "eat" and "tasty".
    REQUIRE(r.heatmaps.size() == 3);
    const arma::mat& before = r.heatmaps.front().values;
    const arma::mat& after = r.heatmaps.back().values;
    CHECK(before.row(4).max() < 0.3);
    CHECK(after(4, 1) + after(4, 3) > 0.9);
    CHECK(r.probe_predictions.at(0).predicted == "fruit");
}

TEST_CASE("the copy task: every word learns to attend to itself", "[train][task]") {
    const c::TrainReport r = c::run_training(request_for("copy"));
    CHECK(r.test_accuracy.correct == r.test_accuracy.total);
    const arma::mat& after = r.heatmaps.back().values;  // "owl cat bee dog fox": five different words
    CHECK(arma::min(after.diag()) > 0.8);
    CHECK(arma::max(r.heatmaps.front().values.diag()) < 0.3);
}

TEST_CASE("nonsense hyper-parameters are refused with the flag and the allowed range", "[train][errors]") {
    const c::TrainTask task = c::load_train_task(request_for("apple-sense").task_path);
    c::TrainRequest r = request_for("apple-sense");
    r.learning_rate = -0.1;
    CHECK_THROWS_WITH(c::plan_training(r, task), Catch::Contains("--lr -0.1") && Catch::Contains("positive"));
    r.learning_rate = std::nan("");
    CHECK_THROWS_AS(c::plan_training(r, task), c::InputError);
    r = request_for("apple-sense");
    r.epochs = 0;
    CHECK_THROWS_WITH(c::plan_training(r, task),
                      Catch::Contains("--epochs 0") && Catch::Contains("use 1 to 100000"));
    r = request_for("apple-sense");
    r.d_k = 0;
    CHECK_THROWS_WITH(c::plan_training(r, task), Catch::Contains("--d-k 0"));
    r = request_for("apple-sense");
    r.batch = 36;
    CHECK_THROWS_WITH(c::plan_training(r, task),
                      Catch::Contains("--batch 36") && Catch::Contains("35 training examples"));
    r = request_for("apple-sense");
    r.epochs = 3;
    r.checkpoints = 3;
    CHECK_THROWS_WITH(c::plan_training(r, task),
                      Catch::Contains("--checkpoints 3") && Catch::Contains("use 0 to 2"));
}

TEST_CASE("a diverging run stops, names the epoch and suggests a smaller learning rate", "[train][errors]") {
    c::TrainRequest r = request_for("apple-sense");
    r.optimizer = "sgd";
    r.learning_rate = 1e6;
    CHECK_THROWS_WITH(c::run_training(r), Catch::Contains("diverged at epoch") &&
                                              Catch::Contains("smaller learning rate") &&
                                              Catch::Contains("--lr 1e+05"));
}

TEST_CASE("a task file with an unknown word or a missing focus word names the file and line",
          "[train][errors]") {
    const std::string path = temp_path("bad-task.toml");
    const std::string head =
        "kind = \"sense\"\nvocab = \"" + std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml\"\n" +
        "focus = \"apple\"\nclasses = [\"fruit\", \"company\"]\nprobe = \"I ate the apple\"\n";
    std::ofstream(path)
        << head << "train = [\n  [\"I ate the apple\", \"fruit\"],\n  [\"I ate the pear\", \"fruit\"],\n]\n";
    CHECK_THROWS_WITH(c::load_train_task(path), Catch::Contains(path + ":8") && Catch::Contains("'pear'"));
    std::ofstream(path) << head << "train = [\n  [\"I ate the banana\", \"fruit\"],\n]\n";
    CHECK_THROWS_WITH(c::load_train_task(path),
                      Catch::Contains(path + ":7") && Catch::Contains("has no 'apple'"));
    std::ofstream(path) << head << "train = [\n  [\"I ate the apple\", \"pear\"],\n]\n";
    CHECK_THROWS_WITH(c::load_train_task(path),
                      Catch::Contains(path + ":7") && Catch::Contains("fruit, company"));
}

TEST_CASE("saved weights read back through attn run's loader bit for bit", "[train][save]") {
    c::TrainRequest r = request_for("apple-sense");
    r.epochs = 5;
    const c::TrainReport report = c::run_training(r);
    const std::string path = temp_path("learned.toml");
    fs::remove(path);
    c::save_text_file(path, attn::course::weights_toml(report), false);
    const attn::math::ProjectionWeights w = c::load_weights_toml(path);
    check_matrices(w.wq, report.result.model.wq, 0.0);
    check_matrices(w.wk, report.result.model.wk, 0.0);
    check_matrices(w.wv, report.result.model.wv, 0.0);
    CHECK_FALSE(w.wo.has_value());  // the readout must not be mistaken for an output projection
    CHECK_THROWS_WITH(c::save_text_file(path, "x", false),
                      Catch::Contains("already exists") && Catch::Contains("--force"));
    c::save_text_file(path, "x = 1\n", true);
    std::ifstream in(path);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "x = 1\n");
}

TEST_CASE("attn train on the command line: text, JSON, errors with exit 2 and empty stdout", "[train][cli]") {
    const auto text = attn::test::run_attn({"--ascii", "train", "--epochs", "30"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("before training (epoch 0)") &&
                             Catch::Contains("after training (epoch 30)") &&
                             Catch::Contains("accuracy on the held-out set"));
    const auto json = attn::test::run_attn({"train", "--task", "copy", "--epochs", "5", "--format", "json"});
    REQUIRE(json.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(json.out);
    CHECK(doc["loss"].size() == 6);
    CHECK(doc["weights"]["w_q"].size() == 6);
    CHECK(doc["probe"]["snapshots"].size() == 3);
    const std::vector<std::vector<std::string>> bad = {{"train", "--lr", "-1"},
                                                       {"train", "--epochs", "0"},
                                                       {"train", "--task", "nope"},
                                                       {"train", "--optimizer", "sgd", "--lr", "1e9"},
                                                       {"train", "--probe", "I ate the pear"}};
    for (const std::vector<std::string>& args : bad) {
        const auto result = attn::test::run_attn(args);
        INFO(args[1] << " " << args[2] << ": " << result.err);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK_THAT(result.err, Catch::StartsWith("attn: error: "));
    }
}

TEST_CASE("attn train --save never replaces a file without --force", "[train][cli][save]") {
    const std::string path = temp_path("cli-learned.toml");
    std::ofstream(path) << "# mine\n";
    const auto refused = attn::test::run_attn({"train", "--epochs", "3", "--save", path});
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains("already exists"));
    std::ifstream kept(path);
    CHECK(std::string(std::istreambuf_iterator<char>(kept), {}) == "# mine\n");
    const auto replaced = attn::test::run_attn({"train", "--epochs", "3", "--save", path, "--force"});
    CHECK(replaced.exit_code == 0);
    const auto run =
        attn::test::run_attn({"run", "--vocab", "apple", "--weights", path, "--sentence", "I ate the apple"});
    CHECK(run.exit_code == 0);
}
