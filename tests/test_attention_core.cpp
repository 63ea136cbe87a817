// Every copy of softmax(Q·Kᵀ/√d_k)·V against the one traced core, math::attend, in double to 1e-12.
// Training's forward pass, the KV-cache decode and the fused kernel compute the same attention in their
// own way (plain loops, one query at a time, SIMD tiles) for speed; these tests tie each to attend.
// Full, local, streaming, its trace and decode_attention have theirs beside their other tests
// (test_streaming_attention, test_local_attention, test_streaming_trace, test_bench).
#include <string>
#include <vector>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "inputs/train_task.hpp"
#include "math/attention.hpp"
#include "math/decode.hpp"
#include "math/fused_attention_kernel.hpp"
#include "math/random.hpp"
#include "math/train_loop.hpp"
#include "math/train_model.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

namespace {

// The toy data training ships with: the apple-sense task's training sentences.
std::vector<m::Example> toy_examples() {
    const auto task =
        attn::course::load_train_task(std::string(ATTN_SOURCE_DIR) + "/data/train/apple-sense.toml");
    std::vector<m::Example> out;
    for (const auto& s : task.train) out.push_back(s.example);
    return out;
}

// Training's forward pass and attend on the same X·W_Q, X·W_K, X·W_V: every stage equal.
void check_forward_is_attend(const m::TinyAttention& model, const m::Example& e) {
    const m::ForwardTrace f = m::forward(model, e);
    const arma::mat q = e.x * model.wq, k = e.x * model.wk, v = e.x * model.wv;  // (n, d_k), (n, d_v)
    const m::HeadTrace core = m::attend(q, k, v, std::nullopt);
    check_matrices(f.q, core.q);
    check_matrices(f.k, core.k);
    check_matrices(f.v, core.v);
    check_matrices(f.scaled, core.scaled);
    check_matrices(f.weights, core.weights);
    check_matrices(f.output, core.output);
}

}  // namespace

TEST_CASE("training's forward pass equals attend() on the toy data, before and after training",
          "[train][core]") {
    const std::vector<m::Example> examples = toy_examples();
    REQUIRE(examples.size() > 10);
    const arma::uword d = examples[0].x.n_cols;
    m::TrainSettings settings;
    settings.epochs = 30;
    const m::TinyAttention initial = m::init_tiny_attention(d, 3, d, 2, settings.seed);
    const m::TinyAttention trained = m::train(initial, examples, examples, settings).model;
    // Trained weights are sharper than the near-uniform initial ones: both must agree.
    CHECK(arma::norm(trained.wq - initial.wq, "fro") > 0.1);
    for (const m::TinyAttention* model : {&initial, &trained})
        for (const m::Example& e : examples) check_forward_is_attend(*model, e);
}

TEST_CASE("each decode step's head is attend() of its query on the cached rows", "[decode][core]") {
    const arma::mat x = m::seeded_projection(7, 6, 5);  // (n_tokens, d_model)
    const m::ProjectionWeights w{m::seeded_projection(6, 4, 6), m::seeded_projection(6, 2, 7),
                                 m::seeded_projection(6, 2, 8), m::seeded_projection(4, 6, 9)};
    for (const std::optional<m::Window> window :
         {std::optional<m::Window>(), std::optional(m::Window{3, 1})}) {
        INFO("window " << (window ? window->size : 0));
        const m::DecodeTrace d = m::decode(x, w, 2, 1, window);  // 2 query heads share 1 kv head
        for (const m::DecodeStep& s : d.steps)
            for (const m::DecodeHeadStep& h : s.heads) {
                const m::HeadTrace core = m::attend(h.q, h.k_cache, h.v_cache, std::nullopt);
                check_matrices(h.scores, core.scores);
                check_matrices(h.weights, core.weights);
                check_matrices(h.output, core.output);
            }
        // Stacked, the steps are the core's causal (windowed) self-attention.
        m::Variant variant;
        variant.kv_heads = 1;
        variant.causal = true;
        variant.window = window;
        const m::AttentionTrace causal = m::self_attention(x, w, 2, m::causal_keep(7, 7), variant);
        check_matrices(d.output, causal.output);
    }
}

TEST_CASE("decode with RoPE, ALiBi and a temperature: the cached steps equal the core's causal run",
          "[decode][core][rope]") {
    const arma::mat x = m::seeded_projection(6, 4, 11);  // (n_tokens, d_model)
    const m::ProjectionWeights w{m::seeded_projection(4, 8, 12), m::seeded_projection(4, 8, 13),
                                 m::seeded_projection(4, 6, 14), m::seeded_projection(6, 4, 15)};
    m::Variant variant;
    variant.rope = m::Rope{100.0, 2.0};
    variant.temperature = 0.5;
    variant.causal = true;
    const m::DecodeTrace d = m::decode(x, w, 2, 2, std::nullopt, variant);
    const m::AttentionTrace causal = m::self_attention(x, w, 2, m::causal_keep(6, 6), variant);
    check_matrices(d.output, causal.output);
    // The last step's cache holds every key, rotated as the core rotates K.
    check_matrices(d.steps.back().k_cache, *causal.k_rot);
    REQUIRE_NOTHROW(m::require_path_takes(variant, m::AttentionPath::decode));
    // The bias too: attend's −m·(0 − j) on the one query row is −m·(t − j) shifted by a constant.
    variant.alibi = true;
    const m::DecodeTrace biased = m::decode(x, w, 2, 2, std::nullopt, variant);
    check_matrices(biased.output, m::self_attention(x, w, 2, m::causal_keep(6, 6), variant).output);
    // With a window the rolling buffer's rows are not in token order; the bias takes each row's token
    // position from the cache, so it is still the causal run's.
    variant.window = m::Window{2, 1};
    REQUIRE_NOTHROW(m::require_path_takes(variant, m::AttentionPath::decode));
    const m::DecodeTrace rolled = m::decode(x, w, 2, 2, variant.window, variant);
    check_matrices(rolled.output, m::self_attention(x, w, 2, m::causal_keep(6, 6), variant).output);
}

TEST_CASE("the fused kernel equals attend() with and without the causal mask", "[fused][core]") {
    const arma::mat q = m::seeded_projection(70, 13, 1), k = m::seeded_projection(70, 13, 2);
    const arma::mat v = m::seeded_projection(70, 9, 3);  // (n, d_v)
    for (const bool causal : {false, true}) {
        INFO("causal " << causal);
        arma::mat fused;
        m::fused_attention(q, k, v, m::FusedMask{causal, 0}, 1, fused);
        const std::optional<arma::umat> keep =
            causal ? std::optional<arma::umat>(m::causal_keep(70, 70)) : std::nullopt;
        check_matrices(fused, m::attend(q, k, v, keep).output);
    }
}
