// Multi-head latent attention (MLA, DeepSeek-V2 2024 and V3): keys and values are not projected from
// the token but up-projected from a small latent c_kv that every head shares, and only c_kv and one
// rotated key k_rope (shared by all heads) need to be cached. Computed two ways:
//   naive     as transformers' DeepseekV3Attention: up-project K and V per head, then attend;
//   absorbed  as DeepSeek's own inference code: W_UK folded into the query, W_UV into the output, so
//             each head attends over the latent itself and K and V are never formed.
// Both give the same numbers up to rounding; mla_attention checks it.
#pragma once
#include <armadillo>
#include <optional>
#include <string>
#include <vector>

#include "math/variants.hpp"

namespace attn::math {

// The sizes of an MLA layer (DeepSeek-V3's config names).
struct MlaShape {
    arma::uword heads = 1;
    arma::uword q_lora_rank = 0;  // 0: the query is X·W_q, no compression
    arma::uword kv_lora_rank = 1;
    arma::uword qk_nope_dim = 1;  // per head: the part of q and k without positions
    arma::uword qk_rope_dim = 2;  // per head: the rotated part (one key shared by all heads); even
    arma::uword v_dim = 1;        // per head
    double rope_base = 10000.0;
    double eps = 1e-6;  // the RMSNorms' epsilon
    arma::uword qk_head_dim() const { return qk_nope_dim + qk_rope_dim; }
};

// The matrices, as attn multiplies them (X·W: transformers' nn.Linear weight transposed).
struct MlaWeights {
    MlaShape shape;
    arma::mat q;             // (d_model, H·(nope + rope))  when q_lora_rank = 0
    arma::mat q_a;           // (d_model, q_lora_rank)      when q_lora_rank > 0
    arma::rowvec q_a_norm;   // (1, q_lora_rank)            the query latent's RMSNorm weights
    arma::mat q_b;           // (q_lora_rank, H·(nope + rope))
    arma::mat kv_a;          // (d_model, kv_lora_rank + rope): the latent, then the shared rope key
    arma::rowvec kv_a_norm;  // (1, kv_lora_rank)
    arma::mat kv_b;          // (kv_lora_rank, H·(nope + v)): head h's k_nope then v columns
    arma::mat o;             // (H·v, d_model)
};

// "" when the matrices have the shapes `w.shape` and `d_model` give, else the first that does not, named
// by its key with the shape it has and the one it needs.
std::string mla_misfit(const MlaWeights& w, arma::uword d_model);

// Head h's W_UK (kv_lora_rank, nope) and W_UV (kv_lora_rank, v): its column blocks of kv_b.
arma::mat mla_w_uk(const MlaWeights& w, arma::uword head);
arma::mat mla_w_uv(const MlaWeights& w, arma::uword head);

// What composes with MLA: the rope part's pairing and first position, the temperature, a keep-mask.
struct MlaOptions {
    RopePairs pairs = RopePairs::adjacent;  // DeepSeek's checkpoints pair adjacent dimensions
    double first_position = 0;              // position of row 0
    double temperature = 1.0;
};

// 1/√(nope + rope): the softmax scale of MLA.
double mla_scale(const MlaShape& s);

struct MlaHeadTrace {
    arma::mat q_nope;            // (n, nope)
    arma::mat q_rope;            // (n, rope)  rotated
    arma::mat k_nope;            // (n, nope)  latent·W_UK
    arma::mat v;                 // (n, v)     latent·W_UV
    arma::mat scores;            // (n, n)  q_nope·k_nopeᵀ + q_rope·k_ropeᵀ, before scaling
    arma::mat scaled;            // (n, n)  scores / √(nope + rope) / T
    arma::mat weights;           // (n, n)  softmax of scaled, masked
    arma::mat output;            // (n, v)  weights·V
    arma::mat q_absorbed;        // (n, kv_lora)  q_nope·W_UKᵀ: the query in latent space
    arma::mat absorbed_scores;   // (n, n)  q_absorbed·latentᵀ + q_rope·k_ropeᵀ
    arma::mat absorbed_weights;  // (n, n)
    arma::mat latent_output;     // (n, kv_lora)  absorbed_weights·latent
    arma::mat absorbed_output;   // (n, v)  latent_output·W_UV
};

struct MlaTrace {
    std::optional<arma::mat> q_a;  // (n, q_lora_rank)  X·W_q_a, RMS-normed (q_lora_rank > 0)
    arma::mat q;                   // (n, H·(nope + rope))  before RoPE
    arma::mat kv_a;                // (n, kv_lora + rope)  X·W_kv_a
    arma::mat latent;              // (n, kv_lora)  RMSNorm of kv_a's first columns: c_kv, what is cached
    arma::mat k_rope;              // (n, rope)  kv_a's last columns, rotated: the key every head shares
    std::vector<MlaHeadTrace> heads;
    arma::mat concat;           // (n, H·v)  heads' outputs side by side
    arma::mat output;           // (n, d_model)  naive: concat·W_o
    arma::mat absorbed_output;  // (n, d_model)  absorbed
    double scale = 1;
    double max_abs_difference = 0;  // largest |naive − absorbed| over scores, weights and outputs
};

// X (n, d_model) through the layer both ways; keep (n, n) is the mask (1 = may attend), if any. Throws
// std::invalid_argument with mla_misfit's message when the shapes do not fit.
MlaTrace mla_attention(const arma::mat& x, const MlaWeights& w, const std::optional<arma::umat>& keep,
                       const MlaOptions& options);

// How many numbers a token leaves in the cache, per layer.
struct MlaCacheSize {
    arma::uword mla = 0;  // kv_lora + rope: the latent and the shared rope key
    arma::uword mha = 0;  // H·(nope + rope) keys + H·v values, the same heads without the latent
    std::vector<std::pair<arma::uword, arma::uword>> gqa;  // (g, g·(nope + rope + v)) per g dividing H, g < H
};
MlaCacheSize mla_cache_size(const MlaShape& s);

// One query head at one decode step, absorbed: the cache holds no keys or values to read.
struct MlaDecodeHead {
    arma::mat q_nope;         // (1, nope)
    arma::mat q_rope;         // (1, rope)  rotated at the token's position
    arma::mat q_absorbed;     // (1, kv_lora)
    arma::mat scores;         // (1, r)  over the cached rows
    arma::mat weights;        // (1, r)
    arma::mat latent_output;  // (1, kv_lora)
    arma::mat output;         // (1, v)
};

struct MlaDecodeStep {
    arma::uword t = 0;
    arma::mat latent;                       // (1, kv_lora)  the new token's c_kv, appended
    arma::mat k_rope;                       // (1, rope)  its rotated rope key, appended
    std::vector<arma::uword> cache_tokens;  // (r) the tokens the query sees, in cache order
    arma::mat latent_cache;                 // (r, kv_lora)
    arma::mat k_rope_cache;                 // (r, rope)
    std::vector<MlaDecodeHead> heads;
    arma::mat output;  // (1, d_model)
};

struct MlaDecodeTrace {
    std::vector<MlaDecodeStep> steps;
    arma::mat output;  // (n, d_model)  one row per step
};

// Decodes X token by token: step t appends token t's latent and rope key and attends, absorbed, from its
// queries to the cached rows (with a window only the rows window_keep leaves visible).
MlaDecodeTrace mla_decode(const arma::mat& x, const MlaWeights& w, const MlaOptions& options,
                          const std::optional<Window>& window = std::nullopt);

}  // namespace attn::math
