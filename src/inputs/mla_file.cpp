#include "inputs/mla_file.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/toml_read.hpp"

namespace attn::course {

namespace {

const std::vector<std::string> kSizeKeys{"heads",       "q_lora_rank", "kv_lora_rank",
                                         "qk_nope_dim", "qk_rope_dim", "v_dim"};
const std::vector<std::string> kFileKeys{"q", "q_a", "q_a_norm", "q_b", "kv_a", "kv_a_norm", "kv_b", "o"};

arma::uword size_at(const toml::table& t, const std::string& path, const std::string& key) {
    const toml::node& node = toml_required(t, path, key, "a whole number; see data/mla/mla.toml");
    const std::optional<int64_t> v = node.is_integer() ? node.value<int64_t>() : std::nullopt;
    if (!v || *v < 0 || *v > static_cast<int64_t>(kMaxMatrixSide))
        throw InputError(
            at_location(path, line_of(node),
                        key + " must be a whole number from 0 to " + std::to_string(kMaxMatrixSide)));
    return static_cast<arma::uword>(*v);
}

double number_at(const toml::table& t, const std::string& path, const std::string& key) {
    const toml::node& node = toml_required(t, path, key, "a number; see data/mla/mla.toml");
    const std::optional<double> v = node.value<double>();
    if (!v) throw InputError(at_location(path, line_of(node), key + " must be a number"));
    return *v;
}

// The CSV a key names, relative to the TOML file's folder.
std::string csv_at(const toml::table& t, const std::string& path, const std::string& key) {
    const std::string name = toml_string(t, path, key);
    const std::filesystem::path p(name);
    return p.is_absolute() ? name : (std::filesystem::path(path).parent_path() / p).string();
}

// The RMSNorm's weights: one row, or one column (a number a line) read as that row.
arma::rowvec row_of(const arma::mat& m, const std::string& file, const std::string& key) {
    if (m.n_rows == 1) return m.row(0);
    if (m.n_cols == 1) return m.col(0).t();
    throw InputError(file + " (" + key + ") is " + std::to_string(m.n_rows) + " x " +
                     std::to_string(m.n_cols) + "; it needs one row of weights");
}

void check_keys(const toml::table& t, const std::string& path, bool compressed) {
    for (const auto& [k, node] : t) {
        const std::string key(k.str());
        const bool known = std::count(kSizeKeys.begin(), kSizeKeys.end(), key) ||
                           std::count(kFileKeys.begin(), kFileKeys.end(), key) || key == "rope_base" ||
                           key == "eps";
        if (!known)
            throw InputError(at_location(path, line_of(node),
                                         "unknown key '" + key + "'; an MLA file has " +
                                             "heads, q_lora_rank, kv_lora_rank, qk_nope_dim, "
                                             "qk_rope_dim, v_dim, rope_base, eps and the CSV "
                                             "keys q (or q_a, q_a_norm, q_b), kv_a, kv_a_norm, "
                                             "kv_b, o"));
        const bool other_query =
            compressed ? key == "q" : (key == "q_a" || key == "q_a_norm" || key == "q_b");
        if (other_query)
            throw InputError(
                at_location(path, line_of(node),
                            key + " does not go with q_lora_rank = " +
                                (compressed ? "N > 0 (give q_a, q_a_norm and q_b)"
                                            : "0 (give q, d_model x H·(qk_nope_dim + qk_rope_dim))")));
    }
}

math::MlaShape shape_of(const toml::table& t, const std::string& path) {
    math::MlaShape s;
    s.heads = size_at(t, path, "heads");
    // Without q_lora_rank, a file that gives q has no query compression.
    s.q_lora_rank = !t.contains("q_lora_rank") && t.contains("q") ? 0 : size_at(t, path, "q_lora_rank");
    s.kv_lora_rank = size_at(t, path, "kv_lora_rank");
    s.qk_nope_dim = size_at(t, path, "qk_nope_dim");
    s.qk_rope_dim = size_at(t, path, "qk_rope_dim");
    s.v_dim = size_at(t, path, "v_dim");
    s.rope_base = number_at(t, path, "rope_base");
    s.eps = number_at(t, path, "eps");
    return s;
}

}  // namespace

math::MlaWeights load_mla_toml(const std::string& path, arma::uword d_model,
                               const std::function<std::string(const std::string&)>& locate) {
    const toml::table t = parse_toml_file(path);
    math::MlaWeights w;
    w.shape = shape_of(t, path);
    const bool compressed = w.shape.q_lora_rank > 0;
    check_keys(t, path, compressed);
    std::map<std::string, std::string> files;
    for (const std::string& key : kFileKeys) {
        const bool wanted = compressed ? key != "q" : (key != "q_a" && key != "q_a_norm" && key != "q_b");
        if (wanted) files[key] = locate ? locate(csv_at(t, path, key)) : csv_at(t, path, key);
    }
    if (compressed) {
        w.q_a = load_matrix_csv(files["q_a"]);
        w.q_a_norm = row_of(load_matrix_csv(files["q_a_norm"]), files["q_a_norm"], "q_a_norm");
        w.q_b = load_matrix_csv(files["q_b"]);
    } else {
        w.q = load_matrix_csv(files["q"]);
    }
    w.kv_a = load_matrix_csv(files["kv_a"]);
    w.kv_a_norm = row_of(load_matrix_csv(files["kv_a_norm"]), files["kv_a_norm"], "kv_a_norm");
    w.kv_b = load_matrix_csv(files["kv_b"]);
    w.o = load_matrix_csv(files["o"]);
    const std::string why = math::mla_misfit(w, d_model);
    if (why.empty()) return w;
    // The message starts with the key whose matrix does not fit, or names sizes of the TOML itself.
    const std::string key = why.substr(0, why.find(' '));
    const toml::node* node = t.get(key);
    if (files.count(key) && node)
        throw InputError(at_location(path, line_of(*node),
                                     files[key] + " (" + why + " for d_model " + std::to_string(d_model) +
                                         " and the sizes in " + path + "); fix the CSV or the sizes"));
    throw InputError(path + ": " + why);
}

}  // namespace attn::course
