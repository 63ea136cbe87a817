// One encoder block against PyTorch's nn.TransformerEncoderLayer (float64, dropout 0, same weights),
// stage by stage; fixtures from tests/generate_transformer.py.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/transformer.hpp"
#include "inputs/input_error.hpp"
#include "inputs/transformer_weights.hpp"
#include "math/transformer.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
namespace m = attn::math;
namespace c = attn::course;

namespace {

nlohmann::json load_case(const std::string& name) {
    std::ifstream in(attn::test::fixture_path("transformer/" + name + ".json"));
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

struct Case {
    nlohmann::json expected;
    c::EncoderFile file;
    m::EncoderConfig config;
};

Case load(const std::string& name) {
    Case k{load_case(name),
           c::load_encoder_toml(attn::test::fixture_path("transformer/" + name + ".weights.toml")),
           {}};
    k.config.heads = *k.file.heads;
    k.config.activation = *k.file.activation;
    k.config.norm = *k.file.norm;
    k.config.eps = *k.file.eps;
    REQUIRE(k.config.heads == k.expected.at("heads").get<arma::uword>());
    REQUIRE(m::activation_name(k.config.activation) == k.expected.at("activation").get<std::string>());
    REQUIRE(m::norm_name(k.config.norm) == k.expected.at("norm").get<std::string>());
    return k;
}

void check_every_stage(const m::EncoderTrace& t, const nlohmann::json& x) {
    {  // attention
        check_matrices(t.attention.q, attn::test::json_matrix(x.at("q")));
        check_matrices(t.attention.k, attn::test::json_matrix(x.at("k")));
        check_matrices(t.attention.v, attn::test::json_matrix(x.at("v")));
        REQUIRE(t.attention.heads.size() == x.at("head_weights").size());
        for (size_t h = 0; h < t.attention.heads.size(); ++h)
            check_matrices(t.attention.heads[h].weights, attn::test::json_matrix(x.at("head_weights")[h]));
        check_matrices(t.attention_out, attn::test::json_matrix(x.at("attention")));
    }
    {  // residuals, norms and feed-forward
        check_matrices(t.residual1, attn::test::json_matrix(x.at("residual1")));
        check_matrices(t.norm1.output, attn::test::json_matrix(x.at("norm1")));
        check_matrices(t.ffn.hidden, attn::test::json_matrix(x.at("hidden")));
        check_matrices(t.ffn.activated, attn::test::json_matrix(x.at("activated")));
        check_matrices(t.ffn.output, attn::test::json_matrix(x.at("ffn")));
        check_matrices(t.residual2, attn::test::json_matrix(x.at("residual2")));
        check_matrices(t.norm2.output, attn::test::json_matrix(x.at("norm2")));
        check_matrices(t.output, attn::test::json_matrix(x.at("output")));
    }
}

}  // namespace

TEST_CASE("encoder block matches torch stage by stage", "[transformer][fixture]") {
    for (const char* name : {"apple_post_relu", "apple_post_gelu_h3", "apple_pre_relu", "random_h1_gelu"}) {
        INFO("case " << name);
        const Case k = load(name);
        const m::EncoderTrace t =
            m::encoder_block(attn::test::json_matrix(k.expected.at("input")), k.file.weights, k.config);
        check_every_stage(t, k.expected);
    }
}

TEST_CASE("attn's course layer reproduces torch from a sentence, the vocabulary and positions",
          "[transformer][fixture]") {
    const nlohmann::json x = load_case("apple_post_relu");
    c::TransformerRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.weights = attn::test::fixture_path("transformer/apple_post_relu.weights.toml");
    r.positional = true;
    const c::TransformerRun run = c::run_transformer(r);
    check_matrices(run.embeddings, attn::test::json_matrix(x.at("embeddings")));
    check_matrices(run.trace.input, attn::test::json_matrix(x.at("input")));
    check_matrices(run.trace.output, attn::test::json_matrix(x.at("output")));
    REQUIRE(run.d_ff == 12);
    REQUIRE(run.config.heads == 2);
}

TEST_CASE("the shipped data/transformer/encoder.toml is the torch-checked block", "[transformer][fixture]") {
    const c::EncoderFile shipped =
        c::load_encoder_toml(std::string(ATTN_SOURCE_DIR) + "/data/transformer/encoder.toml");
    const Case k = load("apple_post_relu");
    const m::EncoderTrace t =
        m::encoder_block(attn::test::json_matrix(k.expected.at("input")), shipped.weights, k.config);
    check_matrices(t.output, attn::test::json_matrix(k.expected.at("output")));
}

TEST_CASE("without positions the block is permutation-equivariant - with them it is not",
          "[transformer][property]") {
    c::TransformerRequest r;
    r.sentence = "I love my apple phone";
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.permute = "4,2,0,3,1";
    const c::TransformerRun plain = c::run_transformer(r);
    REQUIRE(plain.permutation->tokens == std::vector<std::string>{"phone", "my", "I", "apple", "love"});
    CHECK(plain.permutation->max_abs_difference < 1e-12);
    check_matrices(plain.permutation->trace.output, plain.permutation->expected);
    r.positional = true;
    const c::TransformerRun ordered = c::run_transformer(r);
    CHECK(ordered.permutation->max_abs_difference > 0.05);
}

TEST_CASE("layer norm rows have mean 0 and variance var/(var + eps) before γ and β",
          "[transformer][layer-norm]") {
    const arma::mat x = {{1.0, 2.0, 3.0, 6.0}, {-1.0, -1.0, 1.0, 1.0}};
    const m::LayerNormTrace t =
        m::layer_norm_rows(x, arma::rowvec{1, 1, 1, 1}, arma::rowvec{0, 0, 0, 0}, 1e-5);
    check_matrices(arma::mat(t.mean), arma::mat(arma::vec{3.0, 0.0}));
    check_matrices(arma::mat(t.variance), arma::mat(arma::vec{3.5, 1.0}));
    // Row 2 by hand: (±1 − 0) / √(1 + 1e-5).
    const double s = 1.0 / std::sqrt(1.0 + 1e-5);
    check_matrices(arma::mat(t.output.row(1)), arma::mat{{-s, -s, s, s}});
    const m::LayerNormTrace g =
        m::layer_norm_rows(x, arma::rowvec{2, 2, 2, 2}, arma::rowvec{1, 0, 0, 0}, 1e-5);
    check_matrices(arma::mat(g.output.row(1)), arma::mat{{1 - 2 * s, -2 * s, 2 * s, 2 * s}});
}

TEST_CASE("relu and gelu at known points", "[transformer][feed-forward]") {
    const arma::mat x = {{-1.0, 0.0, 1.0, 2.0}};
    check_matrices(m::relu(x), arma::mat{{0.0, 0.0, 1.0, 2.0}});
    // x·Φ(x) with Φ(1) = 0.841344746068542948..., Φ(2) = 0.977249868051820792...
    check_matrices(m::gelu(x),
                   arma::mat{{-0.15865525393145705, 0.0, 0.84134474606854293, 1.9544997361036416}}, 1e-15);
}

TEST_CASE("encoder weights of the wrong shape are named", "[transformer][errors]") {
    m::EncoderWeights w = c::random_encoder_weights(4, 8, 1);
    const arma::mat x(3, 4, arma::fill::ones);
    m::EncoderConfig config;
    config.heads = 3;
    REQUIRE_THROWS_WITH(m::encoder_block(x, w, config), Catch::Contains("3 heads"));
    config.heads = 2;
    w.ffn.w2 = arma::mat(8, 5, arma::fill::zeros);
    REQUIRE_THROWS_WITH(m::encoder_block(x, w, config), Catch::Contains("W_2 (8, 5)"));
    REQUIRE_THROWS_WITH(
        m::encoder_block(arma::mat(3, 5, arma::fill::ones), c::random_encoder_weights(4, 8, 1), config),
        Catch::Contains("(4, 4)"));
}

TEST_CASE("permutations are parsed and checked", "[transformer][errors]") {
    REQUIRE(c::parse_order("reverse", 3) == std::vector<arma::uword>{2, 1, 0});
    REQUIRE(c::parse_order("1,2,0", 3) == std::vector<arma::uword>{1, 2, 0});
    REQUIRE_THROWS_AS(c::parse_order("1,1,0", 3), c::InputError);
    REQUIRE_THROWS_AS(c::parse_order("0,1", 3), c::InputError);
    REQUIRE_THROWS_WITH(c::parse_order("a,b,c", 3), Catch::Contains("not an index"));
}

TEST_CASE("the decoder sketch masks the future and reads the encoder's output", "[transformer][decoder]") {
    c::TransformerRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.decoder = "she ate a banana pie";
    r.positional = true;
    const c::TransformerRun run = c::run_transformer(r);
    const m::DecoderSketchTrace& d = run.decoder->trace;
    REQUIRE(run.decoder->tokens.size() == 5);
    for (const m::HeadTrace& h : d.masked_self.heads)
        for (arma::uword i = 0; i < 5; ++i)
            for (arma::uword j = i + 1; j < 5; ++j) REQUIRE(h.weights(i, j) == 0.0);
    check_matrices(d.after_self, arma::mat(d.input + d.masked_self.output));
    for (const m::HeadTrace& h : d.cross.heads) {
        REQUIRE(h.weights.n_rows == 5);
        REQUIRE(h.weights.n_cols == 4);
        check_matrices(arma::mat(arma::sum(h.weights, 1)), arma::mat(5, 1, arma::fill::ones));
        REQUIRE(arma::all(arma::vectorise(h.weights) > 0.0));  // no mask: every source word gets some weight
    }
    // Another source sentence changes the cross-attention but not the decoder's own masked self-attention.
    c::TransformerRequest other = r;
    other.sentence = "I love my apple phone";
    const c::TransformerRun run2 = c::run_transformer(other);
    check_matrices(run2.decoder->trace.masked_self.heads[0].weights, d.masked_self.heads[0].weights);
    REQUIRE(run2.decoder->trace.cross.heads[0].weights.n_cols == 5);
    REQUIRE(run2.decoder->trace.cross.k.n_rows == run2.trace.output.n_rows);
    REQUIRE_THROWS_AS(
        [&] {
            c::TransformerRequest bad = r;
            bad.decoder = "she ate a pear";
            c::run_transformer(bad);
        }(),
        c::InputError);
}
