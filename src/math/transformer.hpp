// One Transformer encoder block (Vaswani et al. 2017), every intermediate kept:
//   multi-head self-attention → residual + layer norm → feed-forward → residual + layer norm.
// It matches torch.nn.TransformerEncoderLayer with dropout 0 (norm_first=False is post-norm,
// norm_first=True is pre-norm), given the same weights in attn's (in, out) layout.
#pragma once
#include <armadillo>
#include <vector>

#include "math/attention.hpp"
#include "math/feed_forward.hpp"
#include "math/layer_norm.hpp"

namespace attn::math {

enum class NormPlacement {
    post,  // 2017 paper: x ← LayerNorm(x + sublayer(x)). The output of each sublayer is normalised.
    pre,   // GPT-2 and most models since: x ← x + sublayer(LayerNorm(x)). The residual path is never
           // normalised, which keeps gradients steady through many blocks and trains without warm-up.
};

std::string norm_name(NormPlacement p);  // "post" or "pre"

struct EncoderWeights {
    ProjectionWeights attention;  // W_Q, W_K, W_V (d_model, h·d_k), W_O (h·d_k, d_model), W_O required
    arma::rowvec bq, bk, bv;      // (1, h·d_k) biases of Q, K, V
    arma::rowvec bo;              // (1, d_model) bias of the output projection
    FeedForwardWeights ffn;       // W_1 (d_model, d_ff) ... W_2 (d_ff, d_model)
    arma::rowvec gamma1, beta1;   // (1, d_model) layer norm 1
    arma::rowvec gamma2, beta2;   // (1, d_model) layer norm 2
};

struct EncoderConfig {
    arma::uword heads = 1;
    Activation activation = Activation::relu;
    NormPlacement norm = NormPlacement::post;
    double eps = 1e-5;  // layer norm epsilon, torch's default
};

// Every stage of the block, in the order computed for its NormPlacement:
//   post: attention(input) → residual1 = input + attention → norm1 → ffn(norm1) →
//         residual2 = norm1 + ffn → norm2 = output
//   pre:  norm1 = LN(input) → attention(norm1) → residual1 = input + attention → norm2 = LN(residual1) →
//         ffn(norm2) → residual2 = residual1 + ffn = output
struct EncoderTrace {
    NormPlacement norm = NormPlacement::post;
    arma::mat input;           // (n, d_model) the block's input (embeddings, plus positions if added)
    AttentionTrace attention;  // Q, K, V with biases, each head, concat; attention.output = concat·W_O
    arma::mat attention_out;   // (n, d_model) concat·W_O + b_O
    arma::mat residual1;       // (n, d_model) input + attention_out
    LayerNormTrace norm1;      // post: of residual1; pre: of input
    FeedForwardTrace ffn;      // of norm1 (post) or norm2 (pre)
    arma::mat residual2;       // (n, d_model) post: norm1 + ffn; pre: residual1 + ffn
    LayerNormTrace norm2;      // post: of residual2; pre: of residual1
    arma::mat output;          // (n, d_model) post: norm2.output; pre: residual2
};

// Throws std::invalid_argument naming the first weight whose shape does not fit d_model and the others.
void check_encoder_weights(const EncoderWeights& w, arma::uword d_model, arma::uword heads);

// x·W + b for every row: (n, in)·(in, out) + (1, out).
arma::mat affine(const arma::mat& x, const arma::mat& w, const arma::rowvec& b);

// Multi-head self-attention with biases (torch's nn.MultiheadAttention without masks).
AttentionTrace biased_self_attention(const arma::mat& x, const EncoderWeights& w, arma::uword heads);

// The whole block on x (n_tokens, d_model).
EncoderTrace encoder_block(const arma::mat& x, const EncoderWeights& w, const EncoderConfig& config);

// The decoder's two attention steps, in brief (no layer norms, no feed-forward): masked
// self-attention over the target, a residual, then cross-attention whose queries come from the
// target and whose keys and values come from the encoder's output ("memory").
struct DecoderSketchTrace {
    arma::mat input;             // (T, d_model) target embeddings (plus positions)
    AttentionTrace masked_self;  // causal: target token t sees targets 0..t only
    arma::mat after_self;        // (T, d_model) input + masked_self.output
    AttentionTrace cross;        // weights (T, S): one row per target token, one column per source token
};

// target (T, d_model), memory (S, d_model); both weight sets need W_O (h·d_v, d_model).
DecoderSketchTrace decoder_sketch(const arma::mat& target, const arma::mat& memory,
                                  const ProjectionWeights& self_w, const ProjectionWeights& cross_w,
                                  arma::uword heads);

// Row i of the result is row order[i] of x: the tokens reordered. Throws unless order is a
// permutation of 0..n−1.
arma::mat permute_rows(const arma::mat& x, const std::vector<arma::uword>& order);

}  // namespace attn::math
