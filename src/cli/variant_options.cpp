#include "cli/variant_options.hpp"

#include "cli/mla_options.hpp"
#include "course/experiment.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

void add_position_options(CLI::App* sub, math::VariantFlags& f) {
    sub->add_flag("--rope", f.rope,
                  "Rotary positions (RoPE): rotate each head's Q and K by position; needs an even d_k");
    sub->add_option("--rope-base", f.rope_base, "RoPE base: theta_i = base^(-2i/d_k)")->capture_default_str();
    sub->add_option("--rope-offset", f.rope_offset, "RoPE: position of the first token (shift the sentence)")
        ->capture_default_str();
    // Typed as it is parsed (math::RopePairsChoice); CLI11 checks the name first, for its usual message.
    sub->add_option("--rope-pairs", f.rope_pairs,
                    "RoPE: adjacent turns (2i, 2i+1) as Llama and GPT-J; halves turns (i, i+r/2) as "
                    "transformers' rotate_half and GPT-NeoX")
        ->check(CLI::IsMember({"adjacent", "halves"}))
        ->default_str("adjacent");
    sub->add_option("--rope-dims", f.rope_dims,
                    "RoPE: turn only the first R dimensions of each head (partial rotary, GPT-NeoX, Phi); "
                    "R even")
        ->check(CLI::Range(arma::uword(2), course::kMaxRunWindow));
    sub->add_option(
           "--rope-scaling", f.rope_scaling,
           "RoPE past the trained length, theta_i as transformers computes them: linear (position "
           "interpolation), yarn (beta_fast 32, beta_slow 1, attention factor on cos and sin) or llama3")
        ->check(CLI::IsMember({"linear", "yarn", "llama3"}));
    sub->add_option("--rope-factor", f.rope_factor, "RoPE scaling: the factor F (linear, yarn, llama3)");
    sub->add_option("--rope-original-length", f.rope_original_length,
                    "RoPE scaling: the trained length L, the original max positions (yarn, llama3)");
    sub->add_option("--rope-low-freq-factor", f.rope_low_freq_factor,
                    "RoPE scaling: llama3's low_freq_factor "
                    "(default 1)");
    sub->add_option("--rope-high-freq-factor", f.rope_high_freq_factor,
                    "RoPE scaling: llama3's high_freq_factor (default 4)");
    sub->add_flag("--alibi", f.alibi, "ALiBi: add -m_h * distance to the scaled scores, one slope per head");
}

void add_norm_options(CLI::App* sub, math::VariantFlags& f) {
    sub->add_flag("--qk-norm", f.qk_norm,
                  "QK-norm (Qwen3, OLMo 2, Gemma 3): RMSNorm of each head's Q and K rows, before RoPE");
    sub->add_option("--qk-norm-eps", f.qk_norm_eps, "QK-norm: the epsilon added to the mean square")
        ->capture_default_str();
    sub->add_flag("--qk-norm-offset", f.qk_norm_offset,
                  "QK-norm: scale by (1 + w), the zero-centred weights of Gemma 3 and Qwen3-Next");
    sub->add_option("--q-norm-weight", f.q_norm_weight,
                    "QK-norm: CSV of one row of d_k numbers for Q (default ones)");
    sub->add_option("--k-norm-weight", f.k_norm_weight,
                    "QK-norm: CSV of one row of d_k numbers for K (default ones)");
}

void add_window_options(CLI::App* sub, math::VariantFlags& f) {
    sub->add_option("--window", f.window, "Sliding window: query i sees keys i-W+1..i (causal)")
        ->check(CLI::Range(arma::uword(1), course::kMaxRunWindow));
    sub->add_option("--sinks", f.sinks, "With --window: the first S keys stay visible to every later query")
        ->capture_default_str()
        ->check(CLI::Range(arma::uword(0), course::kMaxRunWindow));
}

void add_softmax_options(CLI::App* sub, math::VariantFlags& f) {
    sub->add_option("--temperature", f.temperature,
                    "Softmax temperature T > 0: weights = softmax(scaled / T); "
                    "T < 1 sharpens, T > 1 flattens")
        ->capture_default_str();
    sub->add_option(
        "--softcap", f.softcap,
        "Logit softcapping (Gemma 2): scaled -> C * tanh(scaled / C) before any bias and the mask");
    sub->add_option("--sink-logits", f.sink_logits,
                    "Learned sinks (gpt-oss): CSV of one row of H numbers, one logit per query head; it "
                    "joins each row's softmax as one more column, dropped after it");
    sub->add_option("--wg", f.wg,
                    "Output gate (Qwen3-Next): CSV of W_g, d_model x H*d_v; each head's output is multiplied "
                    "by sigmoid(X*W_g) in its d_v columns, before the concatenation and W_O (d_v, the value "
                    "width, is d_k unless W_V says otherwise)");
    // Typed as it is parsed (math::KernelChoice); CLI11 checks the name first, for its usual message.
    sub->add_option("--kernel", f.kernel, "softmax, or linear (phi = elu + 1; no mask or --mask causal)")
        ->check(CLI::IsMember({"softmax", "linear"}))
        ->default_str("softmax");
}

}  // namespace

void add_variant_options(CLI::App* sub, math::VariantFlags& flags) {
    sub->add_option("--mla", flags.mla,
                    "Multi-head latent attention (DeepSeek-V3) from a TOML file of sizes and CSV matrices, "
                    "e.g. data/mla/mla.toml; RoPE on its rope part");
    add_norm_options(sub, flags);
    add_position_options(sub, flags);
    add_window_options(sub, flags);
    add_softmax_options(sub, flags);
}

void check_variant_flags(const math::VariantFlags& flags, const CLI::App& sub) {
    check_mla_flags(flags, sub);  // --mla implies RoPE, and takes --rope-pairs and --rope-offset
    for (const char* option :
         {"--rope-base", "--rope-offset", "--rope-pairs", "--rope-dims", "--rope-scaling", "--rope-factor",
          "--rope-original-length", "--rope-low-freq-factor", "--rope-high-freq-factor"})
        if (!flags.rope && !flags.mla && sub.count(option))
            throw course::InputError(std::string(option) + " sets up RoPE; add --rope");
    for (const char* option : {"--qk-norm-eps", "--qk-norm-offset", "--q-norm-weight", "--k-norm-weight"})
        if (!flags.qk_norm && sub.count(option))
            throw course::InputError(std::string(option) + " sets up QK-norm; add --qk-norm");
    if (!flags.window && sub.count("--sinks"))
        throw course::InputError("--sinks keeps tokens outside a window; add --window W");
}

std::string variant_examples(const std::string& command) {
    const std::string c = "  " + command;
    return c + " -s \"I ate the apple\" --rope --d-k 4 --show q_rot,k_rot,weights\n" + c +
           " -s \"she ate a banana\" --heads 2 --alibi --mask causal\n" + c +
           " -s \"I ate the apple\" --window 2 --sinks 1 --show weights\n" + c +
           " -s \"I ate the apple\" --temperature 0.5 --show scaled,tempered,weights\n" + c +
           " -s \"I ate the apple\" --softcap 1 --show scaled,capped,weights\n" + c +
           " -s \"I ate the apple\" --rope --rope-pairs halves --d-k 4 --show q_rot\n" + c +
           " -s \"I ate the apple\" --sink-logits sinks.csv --show weights,sink_weight\n" + c +
           " -s \"I ate the apple\" --kernel linear --show phi_q,phi_k,kv,z,weights\n" + c +
           " -s \"I ate the apple\" --mla data/mla/mla.toml   multi-head latent attention\n";
}

}  // namespace attn::cli
