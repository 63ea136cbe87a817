#include "math/train_loop.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "math/gradients.hpp"
#include "math/shapes.hpp"

namespace attn::math {

namespace {

// The examples of one epoch split into batches (one batch when batch_size is 0).
std::vector<std::vector<Example>> epoch_batches(const std::vector<Example>& train, arma::uword batch_size,
                                                std::uint64_t seed) {
    if (batch_size == 0 || batch_size >= train.size()) return {train};
    std::vector<std::vector<Example>> batches;
    const std::vector<arma::uword> order = shuffled_indices(train.size(), seed);
    for (arma::uword start = 0; start < order.size(); start += batch_size) {
        std::vector<Example> batch;
        for (arma::uword i = start; i < std::min<arma::uword>(start + batch_size, order.size()); ++i)
            batch.push_back(train[order[i]]);
        batches.push_back(std::move(batch));
    }
    return batches;
}

}  // namespace

std::vector<arma::uword> shuffled_indices(arma::uword n, std::uint64_t seed) {
    std::vector<arma::uword> order(n);
    std::iota(order.begin(), order.end(), arma::uword(0));
    std::mt19937_64 gen(seed);
    for (arma::uword i = n; i > 1; --i) std::swap(order[i - 1], order[gen() % i]);
    return order;
}

namespace {

// The gradient of a whole epoch taken as one batch, from the forward passes already made over the
// training set (the loss after the previous epoch needed them): the same numbers batch_gradients
// computes, without the forward passes twice.
Gradients full_batch_gradients(const TinyAttention& model, const std::vector<Example>& train,
                               const std::vector<ForwardTrace>& traces) {
    Gradients total = zeros_like(model);
    for (size_t i = 0; i < train.size(); ++i)
        for_each_pair(total, backward(model, train[i], traces[i]),
                      [](auto& sum, const auto& g) { sum += g; });
    const double n = static_cast<double>(train.size());
    for_each_pair(total, total, [n](auto& sum, const auto&) { sum /= n; });
    return total;
}

// The mean loss over `examples` (summed in order, as mean_loss does), keeping each forward pass.
double traced_loss(const TinyAttention& model, const std::vector<Example>& examples,
                   std::vector<ForwardTrace>& traces) {
    traces.clear();
    double total = 0;
    for (const Example& e : examples) {
        traces.push_back(forward(model, e));
        total += traces.back().loss;
    }
    return total / static_cast<double>(examples.size());
}

// One epoch's steps: mini-batches in a seeded order, or the whole set at once from `traces`.
void train_epoch(TinyAttention& model, const std::vector<Example>& train,
                 const std::vector<ForwardTrace>& traces, const TrainSettings& settings, arma::uword epoch,
                 OptimizerState& state) {
    if (settings.batch_size == 0 || settings.batch_size >= train.size()) {
        for (const ForwardTrace& t : traces)
            if (!std::isfinite(t.loss)) return;  // overflowed already: the epoch's loss says so
        optimizer_step(model, full_batch_gradients(model, train, traces), state, settings.optimizer);
        return;
    }
    for (const std::vector<Example>& batch :
         epoch_batches(train, settings.batch_size, settings.seed + epoch)) {
        double batch_loss = 0;
        const Gradients g = batch_gradients(model, batch, batch_loss);
        if (!std::isfinite(batch_loss)) break;  // the epoch loss below is then non-finite too
        optimizer_step(model, g, state, settings.optimizer);
    }
}

void keep_model(TrainResult& result, const TrainSettings& s, arma::uword epoch, const TinyAttention& model) {
    if (s.keep_every_model ||
        std::find(s.snapshot_epochs.begin(), s.snapshot_epochs.end(), epoch) != s.snapshot_epochs.end())
        result.models.emplace_back(epoch, model);
}

}  // namespace

TrainResult train(TinyAttention model, const std::vector<Example>& train, const std::vector<Example>& test,
                  const TrainSettings& settings) {
    require(!train.empty(), "training needs at least one example");
    require(settings.epochs > 0, "training needs at least one epoch");
    TrainResult result;
    OptimizerState state = init_optimizer(model);
    std::vector<ForwardTrace> traces;  // the forward passes of the training set through the current model
    result.losses.push_back(traced_loss(model, train, traces));
    if (!test.empty()) result.test_losses.push_back(mean_loss(model, test));
    keep_model(result, settings, 0, model);
    for (arma::uword epoch = 1; epoch <= settings.epochs; ++epoch) {
        train_epoch(model, train, traces, settings, epoch, state);
        const double loss = traced_loss(model, train, traces);
        result.losses.push_back(loss);
        if (!std::isfinite(loss) || loss > kDivergenceFactor * result.losses[0]) {
            result.diverged_at = epoch;
            break;
        }
        if (!test.empty()) result.test_losses.push_back(mean_loss(model, test));
        keep_model(result, settings, epoch, model);
    }
    result.model = std::move(model);
    return result;
}

std::vector<Snapshot> probe_snapshots(const TrainResult& result, const Example& probe,
                                      const std::vector<arma::uword>& epochs) {
    std::vector<Snapshot> out;
    for (const arma::uword epoch : epochs)
        for (const auto& [kept, model] : result.models)
            if (kept == epoch) out.push_back({epoch, result.losses[epoch], forward(model, probe).weights});
    return out;
}

}  // namespace attn::math
