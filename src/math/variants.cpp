#include "math/variants.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

#include "math/attention.hpp"
#include "math/shapes.hpp"

namespace attn::math {

arma::uword rope_dims(const Rope& rope, arma::uword d_k) { return rope.dims == 0 ? d_k : rope.dims; }

std::pair<arma::uword, arma::uword> rope_pair(const Rope& rope, arma::uword d_k, arma::uword i) {
    if (rope.pairs == RopePairs::adjacent) return {2 * i, 2 * i + 1};
    return {i, i + rope_dims(rope, d_k) / 2};
}

arma::mat rope_rotate(const arma::mat& x, const Rope& rope, double first_position) {
    Variant fits;  // the one statement of what RoPE needs, variant_misfit's
    fits.rope = rope;
    const std::string misfit = variant_misfit(fits, x.n_cols);
    if (!misfit.empty()) throw std::invalid_argument(misfit + ": x " + shape_of(x));
    require(rope.base > 0 && std::isfinite(rope.base),
            "the RoPE base must be a positive number, got " + std::to_string(rope.base));
    require(std::isfinite(first_position), "the RoPE position offset must be finite");
    const arma::uword r = rope_dims(rope, x.n_cols);
    const std::vector<double> thetas = rope_thetas(rope, r);
    const double f = rope_attention_factor(rope);  // YaRN's factor on cos and sin, as transformers applies it
    arma::mat out = x;                             // dimensions r..d−1 pass through
    for (arma::uword pair = 0; pair < r / 2; ++pair) {
        const double theta = thetas[pair];
        const auto [first, second] = rope_pair(rope, x.n_cols, pair);
        for (arma::uword row = 0; row < x.n_rows; ++row) {
            const double angle = (first_position + static_cast<double>(row)) * theta;
            const double c = f * std::cos(angle), s = f * std::sin(angle);
            const double a = x(row, first), b = x(row, second);
            out(row, first) = a * c - b * s;
            out(row, second) = a * s + b * c;
        }
    }
    return out;
}

namespace {
// YaRN's dimension (of r) at which a pair turns `rotations` times over the original length.
double yarn_correction_dim(double rotations, double r, double base, double length) {
    return r * std::log(length / (rotations * 2 * M_PI)) / (2 * std::log(base));
}

// transformers' _compute_yarn_parameters with beta_fast 32, beta_slow 1 and truncate: θ_i between the
// interpolated θ_i / factor (long wavelengths) and the extrapolated θ_i (short ones), along a linear ramp.
std::vector<double> yarn_thetas(const Rope& rope, arma::uword r) {
    const double dim = static_cast<double>(r);
    double low = std::floor(yarn_correction_dim(32.0, dim, rope.base, rope.original_length));
    double high = std::ceil(yarn_correction_dim(1.0, dim, rope.base, rope.original_length));
    low = std::max(low, 0.0);
    high = std::min(high, dim - 1);
    if (low == high) high += 0.001;  // transformers' guard against a zero-width ramp
    std::vector<double> thetas;
    for (arma::uword i = 0; i < r / 2; ++i) {
        const double extrapolated = std::pow(rope.base, -2.0 * static_cast<double>(i) / dim);
        const double interpolated = extrapolated / rope.factor;
        const double ramp = std::clamp((static_cast<double>(i) - low) / (high - low), 0.0, 1.0);
        const double keep = 1.0 - ramp;  // inv_freq_extrapolation_factor: 1 for the fast pairs
        thetas.push_back(interpolated * (1.0 - keep) + extrapolated * keep);
    }
    return thetas;
}

// transformers' _compute_llama3_parameters: wavelengths past original / low_freq_factor are divided by
// the factor, those under original / high_freq_factor kept, the ones between smoothed.
std::vector<double> llama3_thetas(const Rope& rope, arma::uword r) {
    const double low_wavelen = rope.original_length / rope.low_freq_factor;
    const double high_wavelen = rope.original_length / rope.high_freq_factor;
    std::vector<double> thetas;
    for (arma::uword i = 0; i < r / 2; ++i) {
        const double theta = std::pow(rope.base, -2.0 * static_cast<double>(i) / static_cast<double>(r));
        const double wavelen = 2 * M_PI / theta;
        double scaled = wavelen > low_wavelen ? theta / rope.factor : theta;
        const double smooth = (rope.original_length / wavelen - rope.low_freq_factor) /
                              (rope.high_freq_factor - rope.low_freq_factor);
        if (!(wavelen < high_wavelen) && !(wavelen > low_wavelen))  // medium: between the two
            scaled = (1 - smooth) * scaled / rope.factor + smooth * scaled;
        thetas.push_back(scaled);
    }
    return thetas;
}
}  // namespace

std::vector<double> rope_thetas(const Rope& rope, arma::uword r) {
    if (rope.scaling == RopeScaling::yarn) return yarn_thetas(rope, r);
    if (rope.scaling == RopeScaling::llama3) return llama3_thetas(rope, r);
    std::vector<double> thetas;
    for (arma::uword i = 0; i < r / 2; ++i) {
        const double theta = std::pow(rope.base, -2.0 * static_cast<double>(i) / static_cast<double>(r));
        thetas.push_back(rope.scaling == RopeScaling::linear ? theta / rope.factor : theta);
    }
    return thetas;
}

double rope_attention_factor(const Rope& rope) {
    if (rope.scaling != RopeScaling::yarn || rope.factor <= 1.0) return 1.0;
    return 0.1 * std::log(rope.factor) + 1.0;
}

const char* rope_scaling_name(RopeScaling scaling) {
    switch (scaling) {
        case RopeScaling::linear:
            return "linear";
        case RopeScaling::yarn:
            return "yarn";
        case RopeScaling::llama3:
            return "llama3";
        default:
            return "none";
    }
}

arma::mat rope_rotate(const arma::mat& x, double base, double first_position) {
    Rope rope;
    rope.base = base;
    return rope_rotate(x, rope, first_position);
}

arma::mat rms_norm_rows(const arma::mat& x, double eps, const arma::rowvec& weight, bool offset) {
    require(eps >= 0 && std::isfinite(eps), "the RMSNorm epsilon must be a finite number >= 0");
    require(weight.is_empty() || weight.n_elem == x.n_cols,
            "an RMSNorm weight of " + std::to_string(weight.n_elem) + " numbers cannot scale rows of " +
                std::to_string(x.n_cols) + " (x " + shape_of(x) + ")");
    arma::rowvec gain(x.n_cols, arma::fill::ones);  // no weight: the plain RMSNorm, with or without offset
    if (!weight.is_empty()) gain = offset ? arma::rowvec(1.0 + weight) : weight;
    const arma::colvec rms = arma::sqrt(arma::mean(arma::square(x), 1) + eps);  // (n, 1)
    arma::mat normed = x.each_col() / rms;
    normed.each_row() %= gain;
    return normed;
}

SinkSoftmax softmax_with_sink(const arma::mat& logits, double sink_logit) {
    require(std::isfinite(sink_logit),
            "a learned sink logit must be a finite number, got " + number_text(sink_logit));
    // The sink is one more column of every row, as gpt-oss concatenates it: the row's max and sum take it.
    const arma::mat with_sink =
        arma::join_rows(logits, arma::mat(logits.n_rows, 1, arma::fill::value(sink_logit)));
    const arma::mat probs = softmax_rows(with_sink);  // (L, S + 1); the sink column is never masked
    SinkSoftmax out;
    out.weights = probs.cols(0, logits.n_cols - 1);
    out.sink_weight = probs.col(logits.n_cols);
    return out;
}

arma::mat sigmoid(const arma::mat& x) {
    arma::mat out = 1.0 / (1.0 + arma::exp(-x));  // exp(−x) = ∞ for x ≪ 0 gives 1/∞ = 0, as σ does
    return out;
}

arma::mat softcap_logits(const arma::mat& scaled, double cap) {
    require(cap > 0 && std::isfinite(cap),
            "the softcap C must be a positive number, got " + number_text(cap));
    arma::mat capped = cap * arma::tanh(scaled / cap);
    return capped;
}

namespace {
bool power_of_two(arma::uword n) { return n > 0 && (n & (n - 1)) == 0; }

std::vector<double> power_of_two_slopes(arma::uword n) {
    std::vector<double> slopes;
    for (arma::uword h = 1; h <= n; ++h)
        slopes.push_back(std::exp2(-8.0 * static_cast<double>(h) / static_cast<double>(n)));
    return slopes;
}
}  // namespace

std::vector<double> alibi_slopes(arma::uword n_heads) {
    require(n_heads >= 1, "ALiBi needs at least one head, got 0");
    if (power_of_two(n_heads)) return power_of_two_slopes(n_heads);
    arma::uword lower = 1;
    while (lower * 2 < n_heads) lower *= 2;
    std::vector<double> slopes = power_of_two_slopes(lower);
    // The reference code recurses on 2P; 2P is a power of two, so its slopes are direct.
    const std::vector<double> twice = power_of_two_slopes(2 * lower);
    for (arma::uword i = 0; slopes.size() < n_heads; i += 2) slopes.push_back(twice[i]);
    return slopes;
}

arma::mat alibi_bias(arma::uword n_queries, arma::uword n_keys, double slope, bool causal) {
    arma::mat bias(n_queries, n_keys);
    for (arma::uword i = 0; i < n_queries; ++i)
        for (arma::uword j = 0; j < n_keys; ++j) {
            const double offset = static_cast<double>(i) - static_cast<double>(j);
            bias(i, j) = -slope * (causal ? offset : std::fabs(offset));
        }
    return bias;
}

arma::mat alibi_bias(const RowPositions& positions, double slope, bool causal) {
    arma::mat bias(positions.queries.size(), positions.keys.size());  // (L, S)
    for (arma::uword i = 0; i < bias.n_rows; ++i)
        for (arma::uword j = 0; j < bias.n_cols; ++j) {
            const double offset =
                static_cast<double>(positions.queries[i]) - static_cast<double>(positions.keys[j]);
            bias(i, j) = -slope * (causal ? offset : std::fabs(offset));
        }
    return bias;
}

arma::umat window_keep(arma::uword n_queries, arma::uword n_keys, arma::uword window, arma::uword sinks) {
    require(window >= 1, "a sliding window must hold at least 1 key (the query's own), got 0");
    arma::umat keep(n_queries, n_keys, arma::fill::zeros);
    for (arma::uword i = 0; i < n_queries; ++i)
        for (arma::uword j = 0; j <= i && j < n_keys; ++j)
            if (j + window > i || j < sinks)
                keep(i, j) = 1;  // j ≥ i − window + 1, without unsigned underflow
    return keep;
}

arma::mat elu_plus_one(const arma::mat& x) {
    arma::mat out = x;
    out.transform([](double value) { return value > 0 ? value + 1.0 : std::exp(value); });
    return out;
}

namespace {
// A[i][j] = φ(q_i)·φ(k_j) normalised over the keys query i sees: what linear attention weighs V with.
arma::mat equivalent_weights(const arma::mat& phi_q, const arma::mat& phi_k, bool causal) {
    arma::mat similarity = phi_q * phi_k.t();  // (L, S)
    if (causal)
        for (arma::uword i = 0; i < similarity.n_rows; ++i)
            for (arma::uword j = i + 1; j < similarity.n_cols; ++j) similarity(i, j) = 0.0;
    const arma::colvec row_sums = arma::sum(similarity, 1);
    arma::mat weights = similarity.each_col() / row_sums;
    return weights;
}
}  // namespace

LinearTrace linear_attention(const arma::mat& q, const arma::mat& k, const arma::mat& v, bool causal) {
    require(q.n_cols == k.n_cols,
            "Q " + shape_of(q) + " and K " + shape_of(k) + " need the same number of columns (d_k)");
    require(k.n_rows == v.n_rows,
            "K " + shape_of(k) + " and V " + shape_of(v) + " need the same number of rows (one per key)");
    LinearTrace t;
    t.phi_q = elu_plus_one(q);
    t.phi_k = elu_plus_one(k);
    if (!causal) {
        t.kv = t.phi_k.t() * v;       // (d_k, S)·(S, d_v): every key's contribution, summed once
        t.z = arma::sum(t.phi_k, 0);  // (1, d_k): the normaliser's keys, summed once
        const arma::mat numerators = t.phi_q * t.kv;          // (L, d_v)
        const arma::colvec denominators = t.phi_q * t.z.t();  // (L, 1)
        t.output = numerators.each_col() / denominators;
    } else {
        // Query i sees keys 0..i: add key i to the running state, then read it. Only this state of
        // fixed size (d_k, d_v) + (1, d_k) is carried from one token to the next.
        arma::mat kv(q.n_cols, v.n_cols, arma::fill::zeros);
        arma::rowvec z(q.n_cols, arma::fill::zeros);
        t.output.set_size(q.n_rows, v.n_cols);
        for (arma::uword i = 0; i < q.n_rows; ++i) {
            if (i < k.n_rows) {
                kv += t.phi_k.row(i).t() * v.row(i);
                z += t.phi_k.row(i);
            }
            t.output.row(i) = (t.phi_q.row(i) * kv) / arma::dot(t.phi_q.row(i), z);
        }
    }
    t.weights = equivalent_weights(t.phi_q, t.phi_k, causal);
    return t;
}

namespace {
// One row per VariantPart, in its order (checked below and in variant_part).
constexpr std::array<VariantPartTraits, static_cast<size_t>(VariantPart::count)> kParts{{
    {VariantPart::rope, "RoPE", "rope", "--rope"},
    {VariantPart::bias, "ALiBi", "alibi", "--alibi"},
    {VariantPart::window, "sliding window", "window", "--window"},
    {VariantPart::temperature, "temperature", "temperature", "--temperature"},
    {VariantPart::linear_kernel, "linear kernel", "kernel", "--kernel linear"},
    {VariantPart::softcap, "softcapping", "softcap", "--softcap"},
    {VariantPart::qk_norm, "QK-norm", "qk_norm", "--qk-norm"},
    {VariantPart::sinks, "learned sinks", "sink_logits", "--sink-logits"},
    {VariantPart::gate, "output gate", "output_gate", "--wg"},
}};
static_assert(kParts.size() == static_cast<size_t>(VariantPart::count), "one row per VariantPart");
}  // namespace

const VariantPartTraits& variant_part(VariantPart part) {
    const VariantPartTraits& row = kParts.at(static_cast<size_t>(part));
    require(row.part == part, "the VariantPart table is out of order");
    return row;
}

std::vector<std::pair<std::string, bool>> variant_switches(const Variant& variant) {
    return {{variant_part(VariantPart::bias).key, variant.alibi},
            {variant_part(VariantPart::gate).key, variant.output_gate.has_value()}};
}

std::vector<std::pair<std::string, std::optional<double>>> variant_numbers(const Variant& variant) {
    return {{variant_part(VariantPart::softcap).key, variant.softcap}};
}

HeadBias head_bias(const std::vector<double>& slopes, arma::uword head, double bias) {
    HeadBias b;
    b.alibi_slope = slopes.at(head);
    b.alibi_distance = b.alibi_slope == 0.0 ? 0.0 : -bias / b.alibi_slope;
    return b;
}

namespace {
void check_flag_values(const VariantFlags& f) {
    if (!(f.rope_base > 0) || !std::isfinite(f.rope_base))
        throw std::invalid_argument("--rope-base must be a positive number, e.g. 10000");
    if (!std::isfinite(f.rope_offset) || std::fabs(f.rope_offset) > 1e9)
        throw std::invalid_argument("--rope-offset must be a position between -1e9 and 1e9");
    if (f.window && *f.window < 1)
        throw std::invalid_argument("--window must be at least 1 (the query's own key)");
    if (!f.window && f.sinks > 0)
        throw std::invalid_argument("--sinks keeps tokens outside a window; add --window W");
    if (f.rope_dims % 2 != 0)
        throw std::invalid_argument("--rope-dims " + std::to_string(f.rope_dims) +
                                    ": RoPE turns dimensions in pairs, so give an even number, e.g. 2");
    if (!(std::isfinite(f.qk_norm_eps) && f.qk_norm_eps > 0))
        throw std::invalid_argument("--qk-norm-eps " + number_text(f.qk_norm_eps) +
                                    ": the epsilon added to the mean square must be a positive finite number "
                                    "(it keeps a row of zeros from dividing by 0), e.g. 1e-6");
    if (f.softcap && !(std::isfinite(*f.softcap) && *f.softcap > 0))
        throw std::invalid_argument("--softcap " + number_text(*f.softcap) +
                                    ": the logits become C*tanh(s/C), so C must be a positive finite number, "
                                    "e.g. 50 (Gemma 2) or 1 (a tight cap)");
    if (!std::isfinite(f.temperature) || f.temperature <= 0)
        throw std::invalid_argument(
            "--temperature " + number_text(f.temperature) +
            ": the softmax divides the scores by T, so T must be a positive finite number, "
            "e.g. 0.5 (sharper weights), 1 (unchanged) or 2 (flatter)");
}

// Linear attention never forms the n × n scores, so nothing that acts on them goes with it.
void check_linear_goes_with(const VariantFlags& f, bool other_masks) {
    if (f.temperature != 1.0)
        throw std::invalid_argument(
            "--kernel linear has no scores to divide by a temperature; drop --temperature or use the "
            "softmax kernel");
    if (other_masks)
        throw std::invalid_argument(
            "--kernel linear takes no mask or --mask causal only: padding and keep-matrices block cells "
            "of the n x n scores, which linear attention never forms");
    if (f.window)
        throw std::invalid_argument(
            "--kernel linear does not combine with --window: a window is a keep-mask "
            "on the n x n scores, which linear attention never forms");
    if (f.softcap)
        throw std::invalid_argument(
            "--kernel linear has no scores to cap; drop --softcap or use the softmax kernel");
    if (f.qk_norm)
        throw std::invalid_argument(
            "--kernel linear does not combine with --qk-norm here; use the softmax kernel");
    if (f.wg)
        throw std::invalid_argument(
            "--kernel linear does not combine with --wg here; use the softmax kernel");
    if (f.sink_logits)
        throw std::invalid_argument(
            "--kernel linear has no softmax for a learned sink to join; drop --sink-logits or use the "
            "softmax kernel");
    if (f.rope || f.alibi)
        throw std::invalid_argument(std::string("--kernel linear does not combine with --rope or ") +
                                    variant_part(VariantPart::bias).flag +
                                    " here; use them with the softmax kernel");
}
}  // namespace

RopePairsChoice::RopePairsChoice(const std::string& name) {
    if (name != "adjacent" && name != "halves")
        throw std::invalid_argument("--rope-pairs " + name + ": choose adjacent or halves");
    pairs = name == "halves" ? RopePairs::halves : RopePairs::adjacent;
}

const char* rope_pairs_name(RopePairs pairs) { return pairs == RopePairs::halves ? "halves" : "adjacent"; }

KernelChoice::KernelChoice(const std::string& name) {
    if (name != "softmax" && name != "linear")
        throw std::invalid_argument("--kernel " + name + ": choose softmax or linear");
    kernel = name == "linear" ? Kernel::linear : Kernel::softmax;
}

namespace {
// The shortest text that reads back as the same double.
std::string shortest(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}
}  // namespace

std::string variant_flags_text(const VariantFlags& f) {
    std::string out;
    if (f.rope) out += " --rope";
    if (f.rope && f.rope_base != VariantFlags{}.rope_base) out += " --rope-base " + shortest(f.rope_base);
    if (f.rope && f.rope_offset != 0.0) out += " --rope-offset " + shortest(f.rope_offset);
    if (f.rope && f.rope_pairs.pairs != RopePairs::adjacent)
        out += std::string(" --rope-pairs ") + rope_pairs_name(f.rope_pairs.pairs);
    if (f.rope && f.rope_dims != 0) out += " --rope-dims " + std::to_string(f.rope_dims);
    if (f.rope && f.rope_scaling) out += " --rope-scaling " + *f.rope_scaling;
    if (f.rope && f.rope_factor) out += " --rope-factor " + shortest(*f.rope_factor);
    if (f.rope && f.rope_original_length)
        out += " --rope-original-length " + shortest(*f.rope_original_length);
    if (f.rope && f.rope_low_freq_factor)
        out += " --rope-low-freq-factor " + shortest(*f.rope_low_freq_factor);
    if (f.rope && f.rope_high_freq_factor)
        out += " --rope-high-freq-factor " + shortest(*f.rope_high_freq_factor);
    if (f.softcap)
        out += std::string(" ") + variant_part(VariantPart::softcap).flag + " " + shortest(*f.softcap);
    if (f.qk_norm) out += std::string(" ") + variant_part(VariantPart::qk_norm).flag;
    if (f.qk_norm && f.qk_norm_eps != VariantFlags{}.qk_norm_eps)
        out += " --qk-norm-eps " + shortest(f.qk_norm_eps);
    if (f.qk_norm && f.qk_norm_offset) out += " --qk-norm-offset";
    if (f.qk_norm && f.q_norm_weight) out += " --q-norm-weight " + *f.q_norm_weight;
    if (f.qk_norm && f.k_norm_weight) out += " --k-norm-weight " + *f.k_norm_weight;
    if (f.sink_logits) out += std::string(" ") + variant_part(VariantPart::sinks).flag + " " + *f.sink_logits;
    if (f.wg) out += std::string(" ") + variant_part(VariantPart::gate).flag + " " + *f.wg;
    if (f.alibi) out += std::string(" ") + variant_part(VariantPart::bias).flag;
    if (f.window) out += " --window " + std::to_string(*f.window);
    if (f.window && f.sinks > 0) out += " --sinks " + std::to_string(f.sinks);
    if (f.kernel.kernel == Kernel::linear) out += " --kernel linear";
    return out;
}

namespace {
// --rope-scaling and the numbers that belong to it, checked together: a number of another scaling, or one
// without --rope-scaling, is refused with the scaling it belongs to.
void rope_scaling_of(const VariantFlags& f, Rope& rope) {
    const std::pair<const char*, const std::optional<double>*> numbers[] = {
        {"--rope-factor", &f.rope_factor},
        {"--rope-original-length", &f.rope_original_length},
        {"--rope-low-freq-factor", &f.rope_low_freq_factor},
        {"--rope-high-freq-factor", &f.rope_high_freq_factor}};
    if (!f.rope_scaling) {
        for (const auto& [flag, value] : numbers)
            if (value->has_value())
                throw std::invalid_argument(
                    std::string(flag) + " sets up RoPE scaling; add --rope-scaling linear, yarn or llama3");
        return;
    }
    const std::string& name = *f.rope_scaling;
    if (name != "linear" && name != "yarn" && name != "llama3")
        throw std::invalid_argument("--rope-scaling " + name + ": choose linear, yarn or llama3");
    rope.scaling = name == "linear" ? RopeScaling::linear
                   : name == "yarn" ? RopeScaling::yarn
                                    : RopeScaling::llama3;
    // Which numbers each scaling takes: the factor always; the original length for yarn and llama3; the
    // two frequency factors for llama3 only.
    const bool takes[4] = {true, rope.scaling != RopeScaling::linear, rope.scaling == RopeScaling::llama3,
                           rope.scaling == RopeScaling::llama3};
    for (int i = 0; i < 4; ++i) {
        const auto& [flag, value] = numbers[i];
        if (value->has_value() && !takes[i])
            throw std::invalid_argument(std::string(flag) + " does not belong to --rope-scaling " + name +
                                        (i == 1
                                             ? ": linear interpolation divides every theta_i by the factor, "
                                               "whatever the original length"
                                             : ": only llama3 takes the low and high frequency factors"));
        if (value->has_value() && !(std::isfinite(**value) && **value > 0))
            throw std::invalid_argument(std::string(flag) + " " + number_text(**value) +
                                        ": give a positive finite number");
    }
    if (!f.rope_factor)
        throw std::invalid_argument(
            "--rope-scaling " + name +
            " needs --rope-factor F: how many times the trained length to reach, e.g. 4");
    rope.factor = *f.rope_factor;
    if (rope.scaling == RopeScaling::linear) return;
    if (!f.rope_original_length)
        throw std::invalid_argument(
            "--rope-scaling " + name +
            " needs --rope-original-length L: the length the model was trained on, e.g. 8192");
    rope.original_length = *f.rope_original_length;
    rope.low_freq_factor = f.rope_low_freq_factor.value_or(1.0);
    rope.high_freq_factor = f.rope_high_freq_factor.value_or(4.0);
    if (rope.scaling == RopeScaling::llama3 && !(rope.high_freq_factor > rope.low_freq_factor))
        throw std::invalid_argument(
            "--rope-high-freq-factor must be larger than --rope-low-freq-factor (Llama 3.1: 4 "
            "and 1): the smoothing divides by their difference");
}
}  // namespace

Variant make_variant(const VariantFlags& flags, bool causal, bool other_masks) {
    check_flag_values(flags);
    if (flags.kernel.kernel == Kernel::linear) check_linear_goes_with(flags, other_masks);
    Variant v;
    v.kernel = flags.kernel.kernel;
    if (flags.rope) {
        v.rope = Rope{flags.rope_base, flags.rope_offset, flags.rope_pairs.pairs, flags.rope_dims};
        rope_scaling_of(flags, *v.rope);
    } else if (flags.rope_scaling || flags.rope_factor || flags.rope_original_length ||
               flags.rope_low_freq_factor || flags.rope_high_freq_factor) {
        throw std::invalid_argument("--rope-scaling and its numbers scale RoPE's theta_i; add --rope");
    }
    v.softcap = flags.softcap;
    if (flags.qk_norm) v.qk_norm = QkNorm{flags.qk_norm_eps, {}, {}, flags.qk_norm_offset};
    v.alibi = flags.alibi;
    if (flags.window) v.window = Window{*flags.window, flags.sinks};
    v.causal = causal;
    v.temperature = flags.temperature;
    return v;
}

std::string variant_misfit(const Variant& variant, arma::uword d_k) {
    const std::string rope =
        std::string(variant_part(VariantPart::rope).name) + " (" + variant_part(VariantPart::rope).flag + ")";
    if (variant.rope && variant.rope->dims == 0 && d_k % 2 != 0)
        return rope + " rotates pairs of dimensions, so d_k must be even; d_k = " + std::to_string(d_k) +
               " per head";
    if (variant.qk_norm)
        for (const auto& [weight, flag] : {std::pair{&variant.qk_norm->q_weight, "--q-norm-weight"},
                                           std::pair{&variant.qk_norm->k_weight, "--k-norm-weight"}})
            if (!weight->is_empty() && weight->n_elem != d_k)
                return std::string(variant_part(VariantPart::qk_norm).name) + " (" + flag + ") has " +
                       std::to_string(weight->n_elem) +
                       " numbers, one per dimension of a head; d_k = " + std::to_string(d_k) + " per head";
    if (variant.rope && variant.rope->dims > d_k)
        return rope + " with --rope-dims " + std::to_string(variant.rope->dims) +
               " turns more dimensions than a head has; d_k = " + std::to_string(d_k) + " per head";
    return "";
}

arma::uword fitting_d_k(const Variant& variant, arma::uword d_k) {
    // A QK-norm weight fits one d_k only: its length.
    if (variant.qk_norm && !variant.qk_norm->q_weight.is_empty()) return variant.qk_norm->q_weight.n_elem;
    if (variant.qk_norm && !variant.qk_norm->k_weight.is_empty()) return variant.qk_norm->k_weight.n_elem;
    for (int tries = 0; tries < 64 && !variant_misfit(variant, d_k).empty(); ++tries) ++d_k;
    return d_k;
}

void require_variant_fits(const Variant& variant, arma::uword d_k) {
    const std::string misfit = variant_misfit(variant, d_k);
    if (!misfit.empty()) throw std::invalid_argument(misfit);
}

namespace {
[[noreturn]] void refuse(const char* command, VariantPart part, const std::string& why) {
    throw std::invalid_argument(std::string(command) + " does not take " + variant_part(part).flag + ": " +
                                why);
}
}  // namespace

void require_path_takes(const Variant& v, AttentionPath path) {
    if (path == AttentionPath::decode) {
        // RoPE's keys are cached rotated; the bias takes each cached key's token position from the cache
        // (RowPositions), so a rolling buffer's order does not matter; linear attention carries a state
        // rather than a cache.
        const char* command = "attn decode";
        if (v.kernel == Kernel::linear)
            refuse(command, VariantPart::linear_kernel,
                   "linear attention decodes with a fixed-size state, not a KV cache; use attn run --kernel "
                   "linear");
        return;
    }
    // RoPE only changes Q and K before the scores, so it streams: the blocks take the rotated ones.
    if (path == AttentionPath::explore) {
        if (v.kernel == Kernel::linear)
            refuse("attn explore", VariantPart::linear_kernel,
                   "its tabs step through the scores, which linear attention never forms; use attn run "
                   "--kernel linear");
        return;
    }
    const char* command = "attn stream";
    if (v.alibi) refuse(command, VariantPart::bias, "the online softmax here adds no bias to the scores");
    if (v.window) refuse(command, VariantPart::window, "the blocks here hold every key; use --causal");
    if (v.temperature != 1.0)
        refuse(command, VariantPart::temperature, "the online softmax here divides by sqrt(d_k) only");
    if (v.softcap) refuse(command, VariantPart::softcap, "the online softmax here divides by sqrt(d_k) only");
    if (v.qk_norm) refuse(command, VariantPart::qk_norm, "the blocks here stream Q and K as projected");
    if (v.sink_logits)
        refuse(command, VariantPart::sinks, "the online softmax here sums the keys' exps only, with no sink");
    if (v.output_gate) refuse(command, VariantPart::gate, "the blocks here start from Q, K and V, without X");
    if (v.rope && v.rope->scaling != RopeScaling::none)
        throw std::invalid_argument(
            std::string(command) +
            " does not take --rope-scaling: the blocks here rotate with the plain theta_i");
    if (v.kernel == Kernel::linear)
        refuse(command, VariantPart::linear_kernel, "linear attention has no softmax to stream");
}

}  // namespace attn::math
