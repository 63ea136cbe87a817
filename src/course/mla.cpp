#include "course/mla.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <sstream>

#include "course/word_flag.hpp"
#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/mla_file.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::course {

namespace {

// --labels for --x: space- or comma-separated, one per row; t0, t1, ... without it.
std::vector<std::string> row_labels(const std::optional<std::string>& given, arma::uword n) {
    std::vector<std::string> labels;
    if (!given) {
        for (arma::uword i = 0; i < n; ++i) labels.push_back("t" + std::to_string(i));
        return labels;
    }
    std::string text = *given;
    std::replace(text.begin(), text.end(), ',', ' ');
    std::istringstream in(text);
    for (std::string w; in >> w;) labels.push_back(w);
    if (labels.size() != n)
        throw InputError("--labels names " + std::to_string(labels.size()) + " tokens but the matrix has " +
                         std::to_string(n) + " rows; give exactly one name per row");
    return labels;
}

void load_x(const RunRequest& r, MlaRun& run) {
    arma::mat& x = run.x;
    if ((r.sentence ? 1 : 0) + (r.x_csv ? 1 : 0) != 1)
        throw InputError("--mla takes one input: --sentence \"...\" or --x X.csv");
    if (r.sentence) {
        Vocabulary vocab = load_vocabulary(r.vocab_path);
        add_word_definitions(vocab, r.word_definitions);
        run.tokens = tokenize(*r.sentence);
        run.dimensions = vocab.dimensions;
        x = embed(vocab, run.tokens);  // (n, d_model)
        run.inputs_note = "sentence \"" + *r.sentence + "\" with vocabulary " + vocab.path;
        return;
    }
    x = load_matrix_csv(*r.x_csv);  // (n, d_model)
    run.tokens = row_labels(r.labels, x.n_rows);
    run.inputs_note = "X from " + *r.x_csv;
}

// --mask: none or causal (a window is causal by construction).
bool causal_of(const RunRequest& r) {
    bool causal = r.window.has_value();
    for (const MaskChoice& m : r.masks) {
        if (m.kind == MaskChoice::Kind::causal) causal = true;
        if (m.kind == MaskChoice::Kind::padding || m.kind == MaskChoice::Kind::file)
            throw InputError(
                "--mla takes --mask causal or none; a padding or file mask is not supported yet");
    }
    return causal;
}

// Where a CSV beside the TOML file is read from: through the data layers when the TOML is one of
// them, so that a learner's edited copy in the workspace wins over the shipped one.
std::function<std::string(const std::string&)> csv_locator(const std::string& toml, const DataLayers& data) {
    namespace fs = std::filesystem;
    const auto inside = [](const std::string& file, const std::string& folder) {
        return fs::absolute(file).lexically_normal().lexically_relative(
            fs::absolute(folder).lexically_normal());
    };
    for (const DataLayer& layer : data.layers) {
        const fs::path rel = inside(toml, layer.path);
        if (rel.empty() || *rel.begin() == "..") continue;
        return [&data, inside, folder = layer.path](const std::string& csv) {
            return data.find(inside(csv, folder).string()).value_or(csv);
        };
    }
    return {};
}

}  // namespace

std::string resolve_mla(const std::string& given, const DataLayers& data) {
    std::error_code ec;
    if (std::filesystem::exists(given, ec) && !std::filesystem::is_directory(given, ec)) return given;
    // A name ("mla") is the folder of an mla.toml; a path ending in .toml is the file itself.
    const bool file = given.size() > 5 && given.compare(given.size() - 5, 5, ".toml") == 0;
    if (std::optional<std::string> found = data.find(file ? given : given + "/mla.toml")) return *found;
    throw InputError("--mla " + given + ": no such file, and no " + given + " or " + given +
                     "/mla.toml in the data (" + data.describe() + ")");
}

MlaRun run_mla(const RunRequest& r) {
    MlaRun run;
    run.mla_path = *r.mla;
    run.causal = causal_of(r);
    if (r.window) run.window = math::Window{*r.window, r.sinks};
    if (!(r.temperature > 0) || !std::isfinite(r.temperature))
        throw InputError("--temperature must be a finite number > 0");
    load_x(r, run);
    run.weights = load_mla_toml(run.mla_path, run.x.n_cols, csv_locator(run.mla_path, r.data));
    // --heads is the file's own count or left out: the file's matrices fix the heads.
    if (r.heads != 1 && r.heads != run.weights.shape.heads)
        throw InputError("--heads " + std::to_string(r.heads) + " does not match " + run.mla_path +
                         "'s heads = " + std::to_string(run.weights.shape.heads) +
                         "; drop --heads (the MLA file sets the heads)");
    run.options.pairs = r.rope_pairs.pairs;
    run.options.first_position = r.rope_offset;
    run.options.temperature = r.temperature;
    compute_mla(run);
    return run;
}

void compute_mla(MlaRun& run) {
    const arma::uword n = run.x.n_rows;
    check_score_cells(run.weights.shape.heads, n, n);
    std::optional<arma::umat> keep;  // (n, n)
    if (run.window)
        keep = math::window_keep(n, n, run.window->size, run.window->sinks);
    else if (run.causal)
        keep = math::causal_keep(n, n);
    try {
        run.trace = math::mla_attention(run.x, run.weights, keep, run.options);
    } catch (const std::invalid_argument& e) {
        throw InputError(std::string(e.what()) + " (" + run.mla_path + ")");
    }
}

MlaDecodeRun run_mla_decode(const RunRequest& request) {
    if (!request.masks.empty())
        throw InputError(
            "attn decode is causal by construction (each step sees only the cache); drop --mask");
    RunRequest causal = request;
    causal.masks = {"causal"};
    MlaDecodeRun d;
    d.run = run_mla(causal);
    d.decode = math::mla_decode(d.run.x, d.run.weights, d.run.options, d.run.window);
    d.cache = math::mla_cache_size(d.run.weights.shape);
    d.causal_max_abs_difference = arma::abs(d.decode.output - d.run.trace.output).max();
    return d;
}

}  // namespace attn::course
