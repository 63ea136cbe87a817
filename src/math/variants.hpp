// The variant seam: what a variant of attention is, how it is spelled and checked, what its parts are
// called, and the stage functions of today's variants. `attend` (math/attention.hpp) composes them;
// each is a pure function that can also be called and tested on its own.
//   position transform of Q and K: rope_rotate            (Su et al., RoFormer, 2021)
//   bias on the scaled scores:     alibi_slopes, alibi_bias (Press et al., ALiBi, 2021)
//   keep-mask:                     window_keep            (Longformer 2020, Mistral 2023, StreamingLLM 2023)
//   kernel:                        softmax (attention.hpp) or linear_attention (Katharopoulos et al. 2020)
#pragma once
#include <armadillo>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace attn::math {

// ---------------------------------------------------------------------------------------------
// The variant seam. A variant is a small set of optional stage functions (below) that `attend`
// (math/attention.hpp) composes, in this order, for every head:
//   0. QK-norm of Q and K               (q_norm, k_norm: RMSNorm of each row)
//   1. position transform of Q and K   (RoPE: q_rot, k_rot; the scores use them)
//   2. scores Q·Kᵀ and scaling by √d_k
//   2b. softcapping                     (capped = C·tanh(scaled / C))
//   3. bias on the scaled scores        (ALiBi: bias, biased = (capped or scaled) + bias)
//   3b. temperature                     (T != 1: tempered = (biased or scaled) / T)
//   4. keep-mask, ANDed with the caller's (a sliding window with sinks: Variant::window)
//   5. kernel: softmax of the (biased, masked) scores, or linear attention (phi_q, phi_k, kv, z),
//      which replaces steps 2–5 and gives an equivalent weights matrix; with learned sinks (gpt-oss)
//      the softmax takes one more column, the head's sink logit, dropped after it (sink_weight)
//   6. output = weights·V
// A variant is spelled once (VariantFlags, filled by the one parse table cli/variant_options.cpp),
// checked once (make_variant, require_variant_fits, require_path_takes) and named once (the
// VariantPart table). Adding the next variant: its stage function, fields and checks here, its step
// in `attend` and its optional stage in HeadTrace (math/attention.*), a row of the Stage table
// (math/stage_table.cpp), its flag in cli/variant_options.cpp, and a lesson. docs/architecture.md
// lists the files.
// ---------------------------------------------------------------------------------------------

enum class Kernel {
    softmax,  // weights = softmax(scores): sharp, O(n²·d)
    linear,  // weights ∝ φ(q)·φ(k), φ = elu + 1: O(n·d²), never forms the n×n matrix to get the output
};

// Which dimensions RoPE turns together. Both conventions are in use and give different numbers for the
// same weights; they are equal up to a fixed permutation of each head's dimensions.
enum class RopePairs {
    adjacent,  // (2i, 2i+1): RoFormer, Meta's Llama, GPT-J, DeepSeek's checkpoints
    halves,    // (i, i + r/2): transformers' rotate_half, GPT-NeoX
};

// Long-context RoPE scaling, as transformers' modeling_rope_utils computes θ_i for each rope_type.
enum class RopeScaling {
    none,    // θ_i = base^(−2i/r)
    linear,  // position interpolation (Chen et al. 2023): θ_i / factor
    yarn,    // YaRN (Peng et al. 2023): a ramp between θ_i and θ_i / factor, beta_fast 32, beta_slow 1, and
             // the attention factor 0.1·ln(factor) + 1 on cos and sin
    llama3,  // Llama 3.1: θ_i / factor for long wavelengths, θ_i for short ones, smoothed between
};

// Rotary position embedding: token r of the sequence sits at position offset + r.
struct Rope {
    double base = 10000.0;
    double offset = 0.0;  // starting position; shifting every position leaves RoPE's weights unchanged
    RopePairs pairs = RopePairs::adjacent;
    arma::uword dims = 0;  // partial rotary: only the first `dims` dimensions turn (GPT-NeoX, Phi); 0 = all
    RopeScaling scaling = RopeScaling::none;
    double factor = 1.0;            // linear, yarn, llama3: how many times the trained length to reach
    double original_length = 0.0;   // yarn, llama3: original_max_position_embeddings
    double low_freq_factor = 1.0;   // llama3
    double high_freq_factor = 4.0;  // llama3
};

// θ_i of the r/2 pairs of a head whose first r dimensions turn, as transformers' inv_freq for the rope's
// scaling: _compute_default_rope_parameters, _compute_linear_scaling_rope_parameters,
// _compute_yarn_parameters (beta_fast 32, beta_slow 1, truncate) or _compute_llama3_parameters.
std::vector<double> rope_thetas(const Rope& rope, arma::uword r);
// The attention factor on cos and sin (transformers' attention_scaling): YaRN's 0.1·ln(factor) + 1 (1 for
// factor ≤ 1); 1 for the other scalings.
double rope_attention_factor(const Rope& rope);
const char* rope_scaling_name(RopeScaling scaling);

// QK-norm (Qwen3, OLMo 2, Gemma 3): RMSNorm over each head's query and key rows, before RoPE, so that
// the scores' size no longer grows with the projections' and the logits cannot run away.
struct QkNorm {
    double eps = 1e-6;
    arma::rowvec q_weight, k_weight;  // (1, d_k) each, one per dimension of a head; empty = ones
    bool offset = false;  // zero-centred weights: scale by (1 + w), as Gemma 3 and Qwen3-Next store them
};

// RMSNorm of each row of x (n, d): x / sqrt(mean(x²) + eps) · g, g = weight (1 + weight with `offset`;
// ones, or with `offset` 1 + 0, when weight is empty). Throws when weight does not have d numbers.
arma::mat rms_norm_rows(const arma::mat& x, double eps, const arma::rowvec& weight, bool offset);

// A sliding window of `size` keys ending at the query, plus the first `sinks` keys.
struct Window {
    arma::uword size = 1;
    arma::uword sinks = 0;
};

// The variant of a multi-head attention call. The default is the 2017 Transformer's attention.
struct Variant {
    std::optional<QkNorm> qk_norm;  // RMSNorm of each head's Q and K rows, before RoPE
    std::optional<Rope> rope;       // position transform of each head's Q and K
    bool alibi = false;             // ALiBi bias, one slope per head (alibi_slopes)
    std::optional<Window> window;   // keep-mask ANDed with the caller's keep; causal by construction
    bool causal = false;            // the caller's keep includes the causal mask: ALiBi uses −m·(i − j),
                                    // linear attention uses prefix sums. A window implies it.
    Kernel kernel = Kernel::softmax;
    // Grouped-query attention: key/value heads shared by the query heads (must divide them); 0 = one
    // per query head (multi-head), 1 = multi-query.
    arma::uword kv_heads = 0;
    // Softmax temperature T > 0: weights = softmax(logits / T). T < 1 sharpens the weights toward the
    // largest score, T > 1 flattens them toward uniform; T = 1 is the 2017 Transformer (no stage added).
    double temperature = 1.0;
    // Logit softcapping (Gemma 2): after the 1/√d_k scaling, s → C·tanh(s/C), before any bias and the
    // mask, so that no logit goes past ±C. C > 0; absent = no cap.
    std::optional<double> softcap;
    // Learned attention sinks (gpt-oss): one logit per query head, (1, H). Each row's softmax takes it as
    // one more column, which is dropped after the softmax: the visible weights then sum to less than 1.
    std::optional<arma::rowvec> sink_logits;
    // Output gate (Qwen3-Next, "Gated Attention"): W_g (d_model, H·d_v). Head h's output is multiplied
    // elementwise by σ(X·W_g) in its d_v columns, before the concatenation and W_O.
    std::optional<arma::mat> output_gate;
};

// Absolute positions of the rows of Q and of K, for callers whose rows are not tokens 0..L−1 and 0..S−1:
// a decode step (one query at position t), a chunk of queries, a rolling or paged cache whose rows are
// not in token order. ALiBi's bias then uses these positions, so no caller shifts it by hand.
struct RowPositions {
    std::vector<arma::uword> queries;  // (L) the position of the token of each query row
    std::vector<arma::uword> keys;     // (S) the position of the token of each key row
};

// The same for one head, with the head's own ALiBi slope resolved.
struct HeadVariant {
    std::optional<QkNorm> qk_norm;
    std::optional<Rope> rope;
    std::optional<double> alibi_slope;
    bool causal = false;
    Kernel kernel = Kernel::softmax;
    double temperature = 1.0;               // see Variant::temperature
    std::optional<double> softcap;          // see Variant::softcap
    std::optional<double> sink_logit;       // this head's learned sink logit (Variant::sink_logits[h])
    std::optional<RowPositions> positions;  // absent: row i of Q is token i, row j of K token j
};

// The softmax of each row of `logits` (L, S) with one more column, the learned sink logit, as gpt-oss
// computes it: softmax([logits | sink]) row by row, the sink's column then dropped. No scaling, cap, bias
// or temperature touches the sink logit: it is learned as it enters the softmax. A row whose keys are all
// masked gives its whole weight to the sink.
struct SinkSoftmax {
    arma::mat weights;      // (L, S)  each row sums to 1 − sink_weight
    arma::mat sink_weight;  // (L, 1)  the weight each row gives the sink
};
SinkSoftmax softmax_with_sink(const arma::mat& logits, double sink_logit);

// σ(x) = 1 / (1 + e^(−x)) elementwise: the output gate's factor, between 0 and 1. (L, d) → (L, d).
arma::mat sigmoid(const arma::mat& x);

// C·tanh(s/C) elementwise: close to s where |s| ≪ C, never past ±C. (L, S) → (L, S).
arma::mat softcap_logits(const arma::mat& scaled, double cap);

// Rotary position embedding of x (n, d), row r at position `first_position` + r (callers pass
// rope.offset, plus the cache position when decoding). Of the first r = rope.dims dimensions (all d when
// 0; r even), pair i = 0..r/2−1 is (a, b) = (2i, 2i+1) for adjacent pairs or (i, i + r/2) for halves;
// with θ_i = rope_thetas(rope, r)[i] (base^(−2i/r) unscaled), angle a = m·θ_i for a row at position m and
// the attention factor f (rope_attention_factor; 1 unless YaRN),
//   x'[a] = f·(x[a]·cos a − x[b]·sin a),   x'[b] = f·(x[a]·sin a + x[b]·cos a),
// and dimensions r..d−1 pass through. A rotation keeps lengths, and rotating q by m·θ and k by n·θ leaves
// q·k depending only on n − m.
arma::mat rope_rotate(const arma::mat& x, const Rope& rope, double first_position);
// Adjacent pairs over every dimension, the paper's RoPE: rope_rotate(x, Rope{base}, first_position).
arma::mat rope_rotate(const arma::mat& x, double base, double first_position);
// The dimensions pair `i` of RoPE turns, for heads of d_k columns: (2i, 2i+1) or (i, i + r/2).
std::pair<arma::uword, arma::uword> rope_pair(const Rope& rope, arma::uword d_k, arma::uword i);
// How many dimensions RoPE turns in a head of d_k columns: rope.dims, or d_k when 0.
arma::uword rope_dims(const Rope& rope, arma::uword d_k);

// ALiBi's slope m_h for each of `n_heads` heads, head 0 first. For a power of two H: 2^(−8h/H),
// h = 1..H. Otherwise the reference implementation's rule: the slopes for the nearest lower power of
// two P, then every other slope for 2P, until there are H.
std::vector<double> alibi_slopes(arma::uword n_heads);

// The bias (L, S) added to the scaled scores: −slope·(i − j) when causal (future keys are masked
// anyway), else −slope·|i − j|. The penalty grows with distance and needs no table of positions, so
// it is defined for any length.
arma::mat alibi_bias(arma::uword n_queries, arma::uword n_keys, double slope, bool causal);
// The same with the rows' absolute positions: −slope·(i − j) (or |i − j|) with i = positions.queries[r]
// and j = positions.keys[c]. (L, S).
arma::mat alibi_bias(const RowPositions& positions, double slope, bool causal);

// Sliding window with attention sinks: query i may attend to keys max(0, i − window + 1)..i and to
// keys 0..sinks−1 that are not after it (j ≤ i). Causal by construction. window ≥ 1.
arma::umat window_keep(arma::uword n_queries, arma::uword n_keys, arma::uword window, arma::uword sinks);

// φ(x) = elu(x) + 1 elementwise: x + 1 for x > 0, exp(x) otherwise. Always positive, so the
// similarities φ(q)·φ(k) are positive and can be normalised like softmax's exps.
arma::mat elu_plus_one(const arma::mat& x);

// Linear attention of one head (Katharopoulos et al. 2020), every intermediate kept.
struct LinearTrace {
    arma::mat phi_q;    // (L, d_k)  φ(Q)
    arma::mat phi_k;    // (S, d_k)  φ(K)
    arma::mat kv;       // (d_k, d_v)  φ(K)ᵀ·V; non-causal only (causal keeps one prefix sum per query)
    arma::mat z;        // (1, d_k)  column sums of φ(K); non-causal only
    arma::mat weights;  // (L, S)  the equivalent A[i][j] = φ(q_i)·φ(k_j) / Σ_j φ(q_i)·φ(k_j)
    arma::mat output;   // (L, d_v)  φ(q_i)·kv / (φ(q_i)·z), computed without forming A; equals A·V
};

// Non-causal: one kv and z for every query, O(n·d_k·d_v). Causal: kv and z are prefix sums over keys
// j ≤ i, updated one key at a time, which is an RNN with a (d_k, d_v) state at decode time.
LinearTrace linear_attention(const arma::mat& q, const arma::mat& k, const arma::mat& v, bool causal);

// ---------------------------------------------------------------------------------------------
// The parts of a variant, one row each in variant_part's table, as learners see them: reports,
// messages and JSON take a part's name from here rather than spelling it.
enum class VariantPart {
    rope,
    bias,
    window,
    temperature,
    linear_kernel,
    softcap,
    qk_norm,
    sinks,
    gate,
    count
};

struct VariantPartTraits {
    VariantPart part;
    const char* name;  // in reports and messages: "RoPE"
    const char* key;   // its key in --format json's "variant" object
    const char* flag;  // what the learner types to ask for it
};

const VariantPartTraits& variant_part(VariantPart part);

// The parts that are only on or off, by JSON key, for writers that list them without naming each.
std::vector<std::pair<std::string, bool>> variant_switches(const Variant& variant);
// The parts that are one number or absent (the softcap C), by JSON key, likewise.
std::vector<std::pair<std::string, std::optional<double>>> variant_numbers(const Variant& variant);

// One head's bias in the explanation of one weight: the head's slope m_h and the distance the bias
// was computed from, −bias / m_h. Explanations read them through slope() and distance().
struct HeadBias {
    double alibi_slope = 0;
    double alibi_distance = 0;
    double slope() const { return alibi_slope; }
    double distance() const { return alibi_distance; }
};
// Head `head`'s bias for a weight whose bias is `bias`, from the run's per-head slopes.
HeadBias head_bias(const std::vector<double>& slopes, arma::uword head, double bias);

// The kernel as asked for, typed where its name is parsed: "softmax" or "linear".
struct KernelChoice {
    Kernel kernel = Kernel::softmax;
    KernelChoice() = default;
    KernelChoice(Kernel k) : kernel(k) {}                                // NOLINT: implicit, a typed value
    KernelChoice(const std::string& name);                               // NOLINT: throws for another name
    KernelChoice(const char* name) : KernelChoice(std::string(name)) {}  // NOLINT
};

// A variant as the learner asks for it, before its parts are checked together. attn run, decode,
// stream and explore all take it, filled by the one parse table (cli/variant_options.cpp).
// --rope-pairs, typed where its name is parsed: "adjacent" or "halves".
struct RopePairsChoice {
    RopePairs pairs = RopePairs::adjacent;
    RopePairsChoice() = default;
    RopePairsChoice(RopePairs p) : pairs(p) {}                                 // NOLINT: a typed value
    RopePairsChoice(const std::string& name);                                  // NOLINT: throws for another
    RopePairsChoice(const char* name) : RopePairsChoice(std::string(name)) {}  // NOLINT
};
const char* rope_pairs_name(RopePairs pairs);

struct VariantFlags {
    bool rope = false;
    double rope_base = 10000.0;
    double rope_offset = 0.0;  // position of the first token
    RopePairsChoice rope_pairs;
    arma::uword rope_dims = 0;  // 0 = every dimension of a head
    // --rope-scaling linear|yarn|llama3 and its numbers; each is checked against the scaling it belongs to.
    std::optional<std::string> rope_scaling;
    std::optional<double> rope_factor, rope_original_length, rope_low_freq_factor, rope_high_freq_factor;
    std::optional<double> softcap;
    bool qk_norm = false;
    double qk_norm_eps = 1e-6;
    bool qk_norm_offset = false;
    // --q-norm-weight and --k-norm-weight: CSV files of one row of d_k numbers, read by the caller
    // (course::variant_of) into the variant, since math reads no files.
    std::optional<std::string> q_norm_weight, k_norm_weight;
    // --sink-logits: a CSV file of one row of H numbers, one learned sink logit per query head (gpt-oss),
    // read by the caller (course::variant_of).
    std::optional<std::string> sink_logits;
    // --wg: a CSV file of W_g (d_model rows, H·d_v columns), the output gate, read by the caller.
    std::optional<std::string> wg;
    bool alibi = false;
    std::optional<arma::uword> window;  // sliding window of this many keys
    arma::uword sinks = 0;              // with window: the first keys every query keeps
    KernelChoice kernel;
    double temperature = 1.0;  // softmax(logits / T); T > 0 and finite
    // --mla FILE.toml: multi-head latent attention replaces the projections (math/mla.hpp, course/mla.hpp).
    std::optional<std::string> mla;
};

// The flags that ask for `flags` again, temperature aside (its owner writes it): " --rope --window 2".
// attn explore writes them into the attn run command that computes the same numbers.
std::string variant_flags_text(const VariantFlags& flags);

// The one check of the parts' values and of which go together (linear with RoPE, a window of 0, ...).
// `causal`: the caller's mask includes the causal one. `other_masks`: it includes a padding or file
// mask, which linear attention cannot take. Throws std::invalid_argument naming the flags.
Variant make_variant(const VariantFlags& flags, bool causal, bool other_masks);

// "" when `variant` fits heads of d_k query/key columns, else why not, naming the part and the shape:
// "RoPE (--rope) rotates pairs of dimensions, so d_k must be even; d_k = 3 per head".
std::string variant_misfit(const Variant& variant, arma::uword d_k);
// The smallest d_k ≥ `d_k` that fits `variant` (d_k + 1 for RoPE with an odd d_k).
arma::uword fitting_d_k(const Variant& variant, arma::uword d_k);
// Throws std::invalid_argument with variant_misfit's message.
void require_variant_fits(const Variant& variant, arma::uword d_k);

// The ways of computing attention other than the traced core, and the parts each can apply.
enum class AttentionPath {
    decode,     // one token at a time from a KV cache: every softmax variant; the bias without a window
    streaming,  // the online softmax, block by block: RoPE and the causal mask
    explore,    // attn explore's stages (scores ... weights): every softmax variant, not the linear kernel
};
// The one refusal of a part a path cannot apply: throws std::invalid_argument naming its flag and why.
void require_path_takes(const Variant& variant, AttentionPath path);

}  // namespace attn::math
