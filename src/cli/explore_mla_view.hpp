// What attn explore --mla draws, computed without a terminal: multi-head latent attention's stages as
// tabs (the inputs the learner edits, the latent and the shared rope key, each head's naive and absorbed
// path, the check that both agree, the cache per token), each as a StageView, and one cell's arithmetic.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/explore_view.hpp"
#include "course/explore_mla.hpp"

namespace attn::cli {

enum class MlaTab {
    // Edited: X and the MLA file's matrices.
    x,
    w_q,
    w_q_a,
    q_a_norm,
    w_q_b,
    w_kv_a,
    kv_a_norm,
    w_kv_b,
    w_o,
    // Computed, shared by the heads: X·W_kv_a, the latent c_kv, the rotated rope key, the queries.
    kv_a,
    latent,
    k_rope,
    q_a,
    q,
    // Per head, naive: keys and values up-projected from the latent, then attention.
    q_nope,
    q_rope,
    k_nope,
    v,
    scores,
    scaled,
    weights,
    head_output,
    concat,
    output,
    // Per head, absorbed: W_UK folded into the query, W_UV into the output; then the check and the cache.
    q_absorbed,
    absorbed_scores,
    absorbed_weights,
    latent_output,
    absorbed_head_output,
    absorbed_output,
    check,
    cache
};

// The tabs of this layer, in order (W_q, or W_q_a, q_a_norm, W_q_b and the q_a stage).
std::vector<MlaTab> mla_tabs(const course::MlaExplorer& ex);
// Where `tab` is in mla_tabs (0 when this layer has no such tab).
size_t mla_tab_index(const course::MlaExplorer& ex, MlaTab tab);
// The tab's short title on the stage strip ("c_kv").
std::string mla_tab_name(MlaTab tab);
// The matrix a tab edits, or nullopt for a computed tab.
std::optional<course::MlaMatrix> mla_edit_matrix(MlaTab tab);
// Tabs that show one head (n switches it).
bool mla_head_tab(MlaTab tab);
// Tabs whose cell (query, key) is a score or a weight.
bool mla_query_key_tab(MlaTab tab);

StageView mla_stage_view(const course::MlaExplorer& ex, MlaTab tab, arma::uword head);

// What cell (row, col) of that tab is and how it is computed, as lines of ASCII text; for a score, weight
// or output, the naive and the absorbed number side by side.
std::vector<std::string> mla_cell_arithmetic(const course::MlaExplorer& ex, MlaTab tab, arma::uword head,
                                             arma::uword row, arma::uword col);

// The verdict of the check: "naive and absorbed agree to 1e-12 (largest difference 2.2e-16)".
std::string mla_check_text(const course::MlaRun& r);

}  // namespace attn::cli
