#include "inputs/weights_file.hpp"

#include "inputs/toml_read.hpp"

namespace attn::course {

math::ProjectionWeights load_weights_toml(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    math::ProjectionWeights w;
    w.wq = toml_matrix(toml_required(root, path, "w_q", "W_Q, one row per embedding dimension"), path, "w_q");
    w.wk = toml_matrix(toml_required(root, path, "w_k", "W_K, one row per embedding dimension"), path, "w_k");
    w.wv = toml_matrix(toml_required(root, path, "w_v", "W_V, one row per embedding dimension"), path, "w_v");
    if (const toml::node* wo = root.get("w_o")) w.wo = toml_matrix(*wo, path, "w_o");
    return w;
}

std::vector<std::string> load_qk_column_names(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    const toml::node* names = root.get("qk_columns");
    return names ? toml_strings(*names, path, "qk_columns") : std::vector<std::string>{};
}

}  // namespace attn::course
