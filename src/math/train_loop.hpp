// The training loop: epochs of (mini-)batch gradient steps, the loss after each epoch, and the model
// after each epoch (so that any probe's attention can be looked at along the way).
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "math/optimizer.hpp"

namespace attn::math {

// A loss this many times the initial one counts as diverged, like NaN or ∞: Adam's steps are bounded
// by the learning rate, so a huge one can wreck the weights without ever overflowing.
constexpr double kDivergenceFactor = 100.0;

struct TrainSettings {
    arma::uword epochs = 100;
    arma::uword batch_size = 0;  // 0 = the whole training set each step (full-batch gradient descent)
    std::uint64_t seed = 42;     // initial weights and the order of examples in mini-batches
    OptimizerSettings optimizer;
    std::vector<arma::uword> snapshot_epochs;  // the models kept for probe_snapshots (0 = before training)
    bool keep_every_model = false;             // keep the model after every epoch, not only those
};

struct Snapshot {
    arma::uword epoch = 0;
    double loss = 0;    // training loss at that epoch
    arma::mat weights;  // (n, n) the probe's attention weights
};

struct TrainResult {
    TinyAttention model;              // the final weights (after a divergence: the overflowed ones)
    std::vector<double> losses;       // losses[e] = training loss after e epochs; losses[0] = before
    std::vector<double> test_losses;  // the same on the held-out examples (empty without any)
    // (epoch, the weights after it) for the snapshot epochs, or for every epoch; epoch 0 = the initial ones
    std::vector<std::pair<arma::uword, TinyAttention>> models;
    std::optional<arma::uword> diverged_at;  // the epoch whose loss was NaN, ±∞ or > kDivergenceFactor × the
                                             // first; training stopped there
};

// Trains `model` on `train` (every example's X must have model.wq.n_rows columns).
// `test` (may be empty) is only evaluated, never trained on.
TrainResult train(TinyAttention model, const std::vector<Example>& train, const std::vector<Example>& test,
                  const TrainSettings& settings);

// The probe's attention weights and the training loss after each epoch of `epochs` whose model
// training kept, in epoch order.
std::vector<Snapshot> probe_snapshots(const TrainResult& result, const Example& probe,
                                      const std::vector<arma::uword>& epochs);

// The indices 0..n−1 in an order fixed by the generator: Fisher–Yates with our own draws, since
// std::shuffle's algorithm differs between standard libraries.
std::vector<arma::uword> shuffled_indices(arma::uword n, std::uint64_t seed);

}  // namespace attn::math
