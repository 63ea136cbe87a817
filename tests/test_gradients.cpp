// The hand-derived backward pass of the tiny attention model: against PyTorch autograd (fixtures) and
// against central finite differences (relative error ≤ 1e-6).
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/gradients.hpp"
#include "math/random.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
namespace m = attn::math;
using nlohmann::json;

namespace {

json reference() {
    std::ifstream in(attn::test::fixture_path("train/reference.json"));
    REQUIRE(in.good());
    return json::parse(in);
}

m::TinyAttention to_model(const json& p) {
    return {attn::test::json_matrix(p["w_q"]), attn::test::json_matrix(p["w_k"]),
            attn::test::json_matrix(p["w_v"]), attn::test::json_matrix(p["readout"]),
            arma::rowvec(attn::test::json_matrix(p["readout_bias"]))};
}

std::vector<m::Example> to_examples(const json& items) {
    std::vector<m::Example> out;
    for (const json& e : items)
        out.push_back({attn::test::json_matrix(e["x"]), e["rows"].get<std::vector<arma::uword>>(),
                       e["targets"].get<std::vector<arma::uword>>()});
    return out;
}

// ‖a − b‖ / max(‖a‖, ‖b‖), the usual gradient-check measure (0 when both are 0).
double relative_error(const arma::mat& a, const arma::mat& b) {
    const double scale = std::max(arma::norm(a, "fro"), arma::norm(b, "fro"));
    return scale == 0 ? 0 : arma::norm(a - b, "fro") / scale;
}

// Central differences (f(θ+h) − f(θ−h)) / 2h of the mean loss for every entry of one parameter.
template <typename M>
arma::mat numeric_gradient(const m::TinyAttention& model, M m::TinyAttention::*param,
                           const std::vector<m::Example>& examples) {
    const double h = 1e-5;
    arma::mat grad(arma::size(model.*param));
    for (arma::uword i = 0; i < grad.n_elem; ++i) {
        m::TinyAttention plus = model, minus = model;
        (plus.*param)(i) += h;
        (minus.*param)(i) -= h;
        grad(i) = (m::mean_loss(plus, examples) - m::mean_loss(minus, examples)) / (2 * h);
    }
    return grad;
}

void check_against_finite_differences(const m::TinyAttention& model,
                                      const std::vector<m::Example>& examples) {
    double loss = 0;
    const m::Gradients g = m::batch_gradients(model, examples, loss);
    CHECK(relative_error(g.wq, numeric_gradient(model, &m::TinyAttention::wq, examples)) <= 1e-6);
    CHECK(relative_error(g.wk, numeric_gradient(model, &m::TinyAttention::wk, examples)) <= 1e-6);
    CHECK(relative_error(g.wv, numeric_gradient(model, &m::TinyAttention::wv, examples)) <= 1e-6);
    CHECK(relative_error(g.w_out, numeric_gradient(model, &m::TinyAttention::w_out, examples)) <= 1e-6);
    CHECK(relative_error(g.b_out, numeric_gradient(model, &m::TinyAttention::b_out, examples)) <= 1e-6);
}

}  // namespace

TEST_CASE("loss, attention and every gradient agree with PyTorch autograd to 1e-12",
          "[train][gradients][torch]") {
    const json ref = reference()["gradients"];
    for (const char* name : {"sense", "copy", "batch"}) {
        INFO("case " << name);
        const json& c = ref[name];
        const m::TinyAttention model = to_model(c["params"]);
        const std::vector<m::Example> examples = to_examples(c["examples"]);
        for (size_t i = 0; i < examples.size(); ++i)
            check_matrices(m::forward(model, examples[i]).weights,
                           attn::test::json_matrix(c["attention"][i]));
        double loss = 0;
        const m::Gradients g = m::batch_gradients(model, examples, loss);
        CHECK(loss == Approx(c["loss"].get<double>()).margin(1e-12).epsilon(0));
        CHECK(m::mean_loss(model, examples) == Approx(c["loss"].get<double>()).margin(1e-12).epsilon(0));
        check_matrices(g.wq, attn::test::json_matrix(c["grads"]["w_q"]));
        check_matrices(g.wk, attn::test::json_matrix(c["grads"]["w_k"]));
        check_matrices(g.wv, attn::test::json_matrix(c["grads"]["w_v"]));
        check_matrices(g.w_out, attn::test::json_matrix(c["grads"]["readout"]));
        check_matrices(g.b_out, attn::test::json_matrix(c["grads"]["readout_bias"]));
    }
}

TEST_CASE("gradients match central finite differences over random models and sentences",
          "[train][gradients][finite]") {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        INFO("seed " << seed);
        const arma::uword d = 2 + seed % 5, d_k = 1 + seed % 4, d_v = 1 + (seed * 3) % 5,
                          classes = 2 + seed % 3;
        m::TinyAttention model = m::init_tiny_attention(d, d_k, d_v, classes, seed);
        model.b_out = m::seeded_uniform(1, classes, 0.5, seed + 50);
        // Larger weights than the initialisation, so the softmax is far from uniform and its
        // gradient is not nearly linear.
        model.wq *= 3.0;
        model.wk *= 3.0;
        std::vector<m::Example> examples;
        for (arma::uword e = 0; e < 1 + seed % 3; ++e) {
            const arma::uword n = 1 + (seed + e) % 5;
            m::Example ex{m::seeded_normal(n, d, seed * 10 + e), {}, {}};
            for (arma::uword r = 0; r < n; r += 1 + e) {
                ex.rows.push_back(r);
                ex.targets.push_back((r + seed) % classes);
            }
            examples.push_back(ex);
        }
        check_against_finite_differences(model, examples);
    }
}

TEST_CASE("softmax backward matches finite differences of a weighted sum of the softmax",
          "[train][gradients][softmax]") {
    const arma::mat logits = m::seeded_normal(3, 4, 7) * 2.0;
    const arma::mat upstream = m::seeded_normal(3, 4, 8);  // ∂L/∂P for L = Σ upstream ⊙ softmax(logits)
    const arma::mat analytic = m::softmax_rows_backward(m::softmax_rows(logits), upstream);
    arma::mat numeric(arma::size(logits));
    const double h = 1e-6;
    for (arma::uword i = 0; i < logits.n_elem; ++i) {
        arma::mat plus = logits, minus = logits;
        plus(i) += h;
        minus(i) -= h;
        numeric(i) =
            (arma::accu(upstream % m::softmax_rows(plus)) - arma::accu(upstream % m::softmax_rows(minus))) /
            (2 * h);
    }
    CHECK(relative_error(analytic, numeric) <= 1e-6);
    // Each row of ∂L/∂S sums to 0: adding a constant to a row of logits does not change its softmax.
    const arma::colvec row_sums = arma::sum(analytic, 1);
    check_matrices(row_sums, arma::colvec(3, arma::fill::zeros), 1e-14);
}

TEST_CASE("W_Q learns only from the queries of read-out tokens", "[train][gradients]") {
    const m::TinyAttention model = m::init_tiny_attention(3, 2, 3, 2, 5);
    const m::Example ex{m::seeded_normal(3, 3, 9), {1}, {0}};
    CHECK(arma::norm(m::backward(model, ex, m::forward(model, ex)).wq, "fro") > 1e-3);
    // Only row 1 is read out, so ∂loss/∂Q is zero outside row 1 and ∂loss/∂W_Q = Xᵀ·∂loss/∂Q = x₁ᵀ·∂loss/∂q₁:
    // with token 1's embedding zeroed, W_Q gets no gradient at all, whatever the other tokens are.
    m::Example silent = ex;
    silent.x.row(1).zeros();
    const m::Gradients g = m::backward(model, silent, m::forward(model, silent));
    check_matrices(g.wq, arma::mat(3, 2, arma::fill::zeros), 0.0);
    CHECK(arma::norm(g.wv, "fro") > 1e-3);  // the other tokens' values still reach the loss
}
