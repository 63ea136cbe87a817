#include "cli/mla_options.hpp"

#include <map>
#include <set>

#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

// Options that compose with --mla, by long name.
const std::set<std::string> kComposes{
    "help",   "sentence",    "vocab",  "x",     "labels", "word",       "mla",
    "mask",   "temperature", "window", "sinks", "rope",   "rope-pairs", "rope-offset",
    "format", "precision",   "step",   "heads"};  // checked against the file's heads once it is read
// attn explore --mla: a sentence, the mask and temperature it starts with, RoPE's options; not --format
// and --precision (it draws the screen), nor compare mode.
const std::set<std::string> kExploreComposes{"help", "sentence",    "vocab",       "mla",
                                             "mask", "temperature", "window",      "sinks",
                                             "rope", "rope-pairs",  "rope-offset", "heads"};

std::string why_not(const std::string& name) {
    static const std::map<std::string, std::string> reasons{
        {"kv-heads", "every MLA head reads the one shared latent; the cache table compares GQA for you"},
        {"d-k", "the MLA file sets qk_nope_dim, qk_rope_dim and v_dim"},
        {"weights", "the MLA file holds the layer's matrices"},
        {"seed", "the MLA file holds the layer's matrices"},
        {"wq", "the MLA file holds the query's matrices (q, or q_a and q_b)"},
        {"wk", "MLA's keys come from the latent (kv_a, kv_b in the MLA file)"},
        {"wv", "MLA's values come from the latent (kv_a, kv_b in the MLA file)"},
        {"wo", "the MLA file holds the output matrix (its key o)"},
        {"q", "MLA projects X itself: give --sentence or --x"},
        {"k", "MLA projects X itself: give --sentence or --x"},
        {"v", "MLA projects X itself: give --sentence or --x"},
        {"rope-base", "the MLA file's rope_base sets it"},
        {"rope-dims", "MLA rotates qk_rope_dim dimensions, set in the MLA file"},
        {"show", "attn run --mla and attn decode --mla show every stage; use --format json for one"},
        {"compare", "compare mode follows one word through plain attention; explore one sentence with --mla"},
        {"word", "--word names the word compare mode follows; attn explore --mla has no compare mode"},
    };
    // attn decode's serving options (--block-size, --chunk, ...) run on the per-head KV cache.
    static const std::set<std::string> serving{"block-size", "pool-blocks", "sequences",
                                               "chunk",      "splits",      "verify"};
    if (serving.count(name))
        return "attn decode --mla decodes its own cache of latents; the serving options run on the per-head "
               "KV cache of attn decode without --mla";
    const auto it = reasons.find(name);
    return it != reasons.end() ? it->second : "it is not supported with multi-head latent attention yet";
}

}  // namespace

void check_mla_flags(const math::VariantFlags& flags, const CLI::App& sub) {
    if (!flags.mla) return;
    const std::string command = sub.get_name();
    if (command == "stream")
        throw course::InputError(
            "attn stream runs the online softmax over one query, key and value per head; --mla has no keys "
            "or "
            "values to stream (its heads attend over a shared latent). Use attn run --mla or attn decode "
            "--mla");
    for (const CLI::Option* option : sub.get_options()) {
        if (option->count() == 0 || option->get_lnames().empty()) continue;
        const std::string name = option->get_lnames().front();
        if (!(command == "explore" ? kExploreComposes : kComposes).count(name))
            throw course::InputError("--" + name + " does not go with --mla: " + why_not(name));
    }
}

}  // namespace attn::cli
