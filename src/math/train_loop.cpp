#include "math/train_loop.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

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

bool wants_snapshot(const TrainSettings& s, arma::uword epoch) {
    return std::find(s.snapshot_epochs.begin(), s.snapshot_epochs.end(), epoch) != s.snapshot_epochs.end();
}

}  // namespace

std::vector<arma::uword> shuffled_indices(arma::uword n, std::uint64_t seed) {
    std::vector<arma::uword> order(n);
    std::iota(order.begin(), order.end(), arma::uword(0));
    std::mt19937_64 gen(seed);
    for (arma::uword i = n; i > 1; --i) std::swap(order[i - 1], order[gen() % i]);
    return order;
}

TrainResult train(TinyAttention model, const std::vector<Example>& train, const std::vector<Example>& test,
                  const Example& probe, const TrainSettings& settings) {
    require(!train.empty(), "training needs at least one example");
    require(settings.epochs > 0, "training needs at least one epoch");
    TrainResult result;
    OptimizerState state = init_optimizer(model);
    result.losses.push_back(mean_loss(model, train));
    if (!test.empty()) result.test_losses.push_back(mean_loss(model, test));
    if (wants_snapshot(settings, 0)) result.snapshots.push_back({0, result.losses[0], forward(model, probe).weights});
    for (arma::uword epoch = 1; epoch <= settings.epochs; ++epoch) {
        for (const std::vector<Example>& batch : epoch_batches(train, settings.batch_size, settings.seed + epoch)) {
            double batch_loss = 0;
            const Gradients g = batch_gradients(model, batch, batch_loss);
            if (!std::isfinite(batch_loss)) break;  // the epoch loss below is then non-finite too
            optimizer_step(model, g, state, settings.optimizer);
        }
        const double loss = mean_loss(model, train);
        result.losses.push_back(loss);
        if (!std::isfinite(loss) || loss > kDivergenceFactor * result.losses[0]) {
            result.diverged_at = epoch;
            break;
        }
        if (!test.empty()) result.test_losses.push_back(mean_loss(model, test));
        if (wants_snapshot(settings, epoch)) result.snapshots.push_back({epoch, loss, forward(model, probe).weights});
    }
    result.model = std::move(model);
    return result;
}

}  // namespace attn::math
