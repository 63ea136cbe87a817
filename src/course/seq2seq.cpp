#include "course/seq2seq.hpp"

#include "course/seq2seq_inputs.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

void check_request(const Seq2SeqRequest& r) {
    if (r.window < 1)
        throw InputError(
            "--window " + std::to_string(r.window) +
            ": the half-width D must be at least 1 (local attention looks at p_t - D .. p_t + D)");
    if (r.window > kMaxWindow)
        throw InputError("--window " + std::to_string(r.window) + ": at most " + std::to_string(kMaxWindow));
    if (r.samples < 1 || r.samples > kMaxSamples)
        throw InputError("--samples " + std::to_string(r.samples) + ": choose 1 to " +
                         std::to_string(kMaxSamples));
    if (r.sizes.empty()) throw InputError("--sizes: give at least one source length, e.g. 10,100,1000");
    for (arma::uword s : r.sizes)
        if (s < 1 || s > 1000000000)
            throw InputError("--sizes " + std::to_string(s) + ": each source length must be 1 to 10^9");
}

// Which flag or file each matrix named in a math error comes from.
std::string flag_hint(const std::string& message, bool toy) {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"W_a", "--wa"}, {"U_a", "--ua"}, {"v_a", "--va"}, {"W_c", "--wc"}, {"W_p", "--wp"}, {"v_p", "--vp"}};
    std::string hint;
    for (const auto& [name, flag] : names)
        if (message.find(name) != std::string::npos)
            hint += (hint.empty() ? "" : ", ") + name + " from " + flag;
    if (!toy)
        hint += std::string(hint.empty() ? "" : ", ") +
                "h_t from the rows of --decoder, h̄_s from the rows of --encoder";
    else if (!hint.empty())
        hint += " or data/seq2seq/weights.toml";
    return hint.empty() ? "" : " (" + hint + ")";
}

HardAttention hard_attention(const Seq2SeqRun& run, const Seq2SeqRequest& r) {
    HardAttention h;
    const arma::mat& soft = run.trace.alignment;  // (T, S)
    h.argmax = math::argmax_positions(soft);
    h.draws = math::sample_positions(soft, r.samples, r.seed);
    h.argmax_share = arma::vec(soft.n_rows);
    for (arma::uword t = 0; t < soft.n_rows; ++t)
        h.argmax_share(t) = static_cast<double>(arma::accu(h.draws.col(t) == h.argmax(t))) /
                            static_cast<double>(h.draws.n_rows);
    const arma::uvec first = h.draws.row(0).t();
    h.alignment = math::one_hot(first, run.encoder.n_rows);
    h.contexts = h.alignment * run.encoder;  // the h̄ of each drawn position
    if (run.config.wc) {
        h.attentional = arma::mat(soft.n_rows, run.config.wc->n_rows);
        for (arma::uword t = 0; t < soft.n_rows; ++t)
            h.attentional->row(t) =
                math::attentional_state(h.contexts.row(t), run.states.row(t), *run.config.wc);
    }
    h.convergence = math::sample_convergence(h.draws, run.encoder, run.trace.contexts,
                                             math::decade_checkpoints(r.samples));
    return h;
}

math::CostDims cost_dims(const Seq2SeqRun& run) {
    math::CostDims d;
    d.d_t = run.queries.n_cols;
    d.d_s = run.encoder.n_cols;
    if (run.config.weights.wa &&
        (run.config.score == math::ScoreKind::concat || run.config.score == math::ScoreKind::additive))
        d.d_a = run.config.weights.wa->n_rows;
    d.d_p = run.config.position ? run.config.position->wp.n_rows : d.d_t;  // without W_p, assume d_p = d_t
    return d;
}

}  // namespace

math::ScoreKind parse_score(const std::string& name) {
    if (name == "dot") return math::ScoreKind::dot;
    if (name == "general") return math::ScoreKind::general;
    if (name == "concat") return math::ScoreKind::concat;
    if (name == "additive") return math::ScoreKind::additive;
    throw InputError("--score " + name + ": choose dot, general, concat or additive");
}

math::AttentionKind parse_attention(const std::string& name) {
    if (name == "global") return math::AttentionKind::global;
    if (name == "local-m") return math::AttentionKind::local_m;
    if (name == "local-p") return math::AttentionKind::local_p;
    if (name == "hard") return math::AttentionKind::hard;
    throw InputError("--attention " + name + ": choose global, local-m, local-p or hard");
}

Seq2SeqRun run_seq2seq(const Seq2SeqRequest& r) {
    check_request(r);
    Seq2SeqRun run;
    run.config.score = parse_score(r.score);
    run.config.attention = parse_attention(r.attention);
    run.config.window = static_cast<arma::uword>(r.window);
    if (r.encoder_csv || r.decoder_csv)
        load_matrix_inputs(r, run);
    else
        load_toy_inputs(r, run);
    apply_weight_flags(r, run);
    try {
        run.trace = math::seq2seq_attention(run.queries, run.states, run.encoder, run.config);
    } catch (const std::invalid_argument& e) {
        throw InputError(std::string(e.what()) + flag_hint(e.what(), run.toy));
    }
    if (run.config.attention == math::AttentionKind::hard) run.hard = hard_attention(run, r);
    run.dims = cost_dims(run);
    run.cost = math::cost_table(run.config.score, run.dims, run.config.window, r.sizes);
    return run;
}

}  // namespace attn::course
