// SGD and Adam steps against torch.optim (fixtures), and Adam's first step by hand.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/optimizer.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
namespace m = attn::math;
using nlohmann::json;

namespace {

m::TinyAttention to_model(const json& p) {
    return {attn::test::json_matrix(p["w_q"]), attn::test::json_matrix(p["w_k"]),
            attn::test::json_matrix(p["w_v"]), attn::test::json_matrix(p["readout"]),
            arma::rowvec(attn::test::json_matrix(p["readout_bias"]))};
}

void check_models(const m::TinyAttention& a, const m::TinyAttention& b, double tolerance) {
    check_matrices(a.wq, b.wq, tolerance);
    check_matrices(a.wk, b.wk, tolerance);
    check_matrices(a.wv, b.wv, tolerance);
    check_matrices(a.w_out, b.w_out, tolerance);
    check_matrices(a.b_out, b.b_out, tolerance);
}

void check_steps_against_torch(const std::string& kind, m::OptimizerKind opt) {
    std::ifstream in(attn::test::fixture_path("train/reference.json"));
    REQUIRE(in.good());
    const json c = json::parse(in)["optimizers"][kind];
    m::TinyAttention model = to_model(c["params"]);
    m::OptimizerState state = m::init_optimizer(model);
    m::OptimizerSettings settings;
    settings.kind = opt;
    settings.learning_rate = c["lr"].get<double>();
    for (size_t step = 0; step < c["grads"].size(); ++step) {
        INFO(kind << " step " << step + 1);
        m::optimizer_step(model, to_model(c["grads"][step]), state, settings);
        check_models(model, to_model(c["after"][step]), 1e-12);
    }
}

// A 1 × 1 matrix (arma::mat{{v}} is ambiguous between its two list constructors).
arma::mat scalar(double v) { return arma::mat(1, 1, arma::fill::value(v)); }

}  // namespace

TEST_CASE("three SGD steps equal torch.optim.SGD's", "[train][optimizer][torch]") {
    check_steps_against_torch("sgd", m::OptimizerKind::sgd);
}

TEST_CASE("three Adam steps equal torch.optim.Adam's", "[train][optimizer][torch]") {
    check_steps_against_torch("adam", m::OptimizerKind::adam);
}

TEST_CASE("Adam's first step moves every weight by about lr against the sign of its gradient",
          "[train][optimizer][hand]") {
    // Step 1: m̂ = g and v̂ = g², so the step is lr·g / (|g| + ε): the gradient's size does not matter.
    m::TinyAttention model{arma::mat{{1.0, 2.0}}, arma::mat{{0.0, 0.0}}, scalar(0.0), arma::mat{{0.0, 0.0}},
                           arma::rowvec{0.0, 0.0}};
    m::TinyAttention grad = m::zeros_like(model);
    grad.wq = {{1000.0, -0.001}};
    m::OptimizerState state = m::init_optimizer(model);
    m::OptimizerSettings settings;
    settings.learning_rate = 0.1;
    m::optimizer_step(model, grad, state, settings);
    check_matrices(model.wq,
                   arma::mat{{1.0 - 0.1 * 1000.0 / (1000.0 + 1e-8), 2.0 + 0.1 * 0.001 / (0.001 + 1e-8)}},
                   1e-15);
    check_matrices(model.wk, arma::mat{{0.0, 0.0}}, 0.0);  // zero gradient, zero step
    CHECK(state.step == 1);
}

TEST_CASE("SGD steps by lr times the gradient", "[train][optimizer][hand]") {
    m::TinyAttention model{scalar(1.0), scalar(1.0), scalar(1.0), arma::mat{{1.0, 1.0}},
                           arma::rowvec{0.5, -0.5}};
    m::TinyAttention grad = m::zeros_like(model);
    grad.b_out = {2.0, -4.0};
    m::OptimizerState state = m::init_optimizer(model);
    m::OptimizerSettings settings;
    settings.kind = m::OptimizerKind::sgd;
    settings.learning_rate = 0.25;
    m::optimizer_step(model, grad, state, settings);
    check_matrices(model.b_out, arma::rowvec{0.0, 0.5}, 0.0);
}
