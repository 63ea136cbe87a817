// The text of attn decode's serving options: the paged pool step by step, each chunk's mask and weights,
// each step's split-K parts and their merge, and the draft verification with its work both ways.
#include <fmt/format.h>

#include <algorithm>

#include "course/decode_serve.hpp"
#include "course/labels.hpp"

namespace attn::course {

namespace {

bool shown(const DecodeView& view, const std::string& block) {
    return view.show.empty() || std::find(view.show.begin(), view.show.end(), block) != view.show.end();
}

std::string span_text(arma::uword first, arma::uword count) {
    return count == 1 ? std::to_string(first) : fmt::format("{}..{}", first, first + count - 1);
}

// "token 6" or "tokens 3..5".
std::string tokens_span(arma::uword first, arma::uword count) {
    return (count == 1 ? "token " : "tokens ") + span_text(first, count);
}

std::vector<std::string> tokens_at(const std::vector<std::string>& tokens,
                                   const std::vector<arma::uword>& at) {
    std::vector<std::string> out;
    for (const arma::uword p : at) out.push_back(tokens[p]);
    return out;
}

// The keep matrix as a table: one row per query, "x" where it may see the key, "." where masked (text
// cells both, so that they align alike).
report::Table mask_table(const std::string& title, const math::RowsAttention& a,
                         const std::vector<std::string>& tokens) {
    report::Table table{title, {"query"}, {}};
    for (const arma::uword p : a.key_positions) table.header.push_back(tokens[p]);
    for (arma::uword i = 0; i < a.keep.n_rows; ++i) {
        std::vector<std::variant<double, std::string>> row{tokens[a.query_positions[i]]};
        for (arma::uword j = 0; j < a.keep.n_cols; ++j) row.emplace_back(a.keep(i, j) ? "x" : ".");
        table.rows.push_back(std::move(row));
    }
    return table;
}

// Each head's weights over the gathered keys (blocked cells drawn as blocked), then the output rows.
void rows_blocks(report::Report& report, const std::string& name, const math::RowsAttention& a,
                 const std::vector<std::string>& tokens) {
    const std::vector<std::string> queries = tokens_at(tokens, a.query_positions);
    const std::vector<std::string> keys = tokens_at(tokens, a.key_positions);
    for (size_t h = 0; h < a.heads.size(); ++h) {
        const std::string prefix = a.heads.size() > 1 ? fmt::format("head {}: ", h) : "";
        report::LabelledMatrix m{prefix + "weights",
                                 "rows = new queries, columns = keys; masked cells blocked",
                                 a.heads[h].weights,
                                 queries,
                                 keys,
                                 report::Shading::unit,
                                 a.keep};
        report.matrix(fmt::format("{}.head{}.weights", name, h), std::move(m));
    }
    report.matrix(name + ".output",
                  {"output", a.heads.size() > 1 ? "heads side by side, times W_O" : "weights·V", a.output,
                   queries, numbered_labels("d", a.output.n_cols), report::Shading::none});
}

// The server's steps in the order it ran them: which sequence, its tokens, their slots, its table.
report::Table pool_table(const DecodeReport& r) {
    const math::PagedTrace& p = *r.paged;
    report::Table table{"the server's steps, round-robin (slot = block:offset)",
                        {"seq", "t", "token", "slot", "block table", "free"},
                        {}};
    for (const math::PagedStep& s : p.steps) {
        const std::vector<std::string>& tokens = r.sequences[s.sequence].tokens;
        std::vector<std::string> slots;
        for (const math::Slot& slot : s.slots) slots.push_back(fmt::format("{}:{}", slot.block, slot.offset));
        const std::string token = s.slots.size() == 1 ? tokens[s.first] : tokens[s.first] + "..";
        table.rows.push_back({std::to_string(s.sequence), span_text(s.first, s.slots.size()), token,
                              fmt::format("{}", fmt::join(slots, " ")),
                              fmt::format("{}", fmt::join(s.block_table, " ")),
                              s.free.empty() ? std::string("-") : fmt::format("{}", fmt::join(s.free, " "))});
    }
    return table;
}

// Each block of the pool at the end: its owner and the tokens it holds.
report::Table blocks_table(const DecodeReport& r) {
    const math::PagedTrace& p = *r.paged;
    report::Table table{"the pool at the end", {"block", "sequence", "tokens held"}, {}};
    for (arma::uword b = 0; b < p.pool.owner.size(); ++b) {
        if (!p.pool.owner[b]) {
            table.rows.push_back({std::to_string(b), std::string("free"), std::string("")});
            continue;
        }
        const arma::uword i = *p.pool.owner[b];
        const std::vector<arma::uword>& tab = p.sequences[i].block_table;
        const arma::uword k = std::find(tab.begin(), tab.end(), b) - tab.begin();  // its place in the table
        std::vector<std::string> held;
        for (arma::uword pos = k * p.block_size;
             pos < std::min((k + 1) * p.block_size, p.sequences[i].length); ++pos)
            held.push_back(r.sequences[i].tokens[pos]);
        table.rows.push_back({std::to_string(b), std::to_string(i), fmt::format("{}", fmt::join(held, " "))});
    }
    return table;
}

void pool_blocks(report::Report& report, const DecodeReport& r) {
    const math::PagedTrace& p = *r.paged;
    report.heading(fmt::format("paged KV cache: {} block{} of {} row{}", p.pool_blocks,
                               p.pool_blocks == 1 ? "" : "s", p.block_size, p.block_size == 1 ? "" : "s"),
                   2);
    report.paragraph(fmt::format(
        "Keys and values live in a pool of blocks of B = {} rows. Each sequence has a block table, its "
        "blocks "
        "in order; token p goes to slot (table[p / B], p mod B), and a sequence takes the lowest free block "
        "when its last one is full. Attention reads its rows through the table, in token order{}.",
        p.block_size,
        r.sequences.size() > 1 ? "; the sequences take turns, so their blocks interleave" : ""));
    report.table("pool", pool_table(r));
    report.table("pool.blocks", blocks_table(r));
    std::vector<std::pair<std::string, report::Value>> items;
    for (size_t i = 0; i < r.sequences.size(); ++i) {
        const bool equal = r.sequences[i].max_abs_difference <= kDecodeTolerance;
        items.push_back({fmt::format("sequence {}", i),
                         fmt::format("'{}': {} attn run --mask causal (max |difference| {:.3g})",
                                     fmt::join(r.sequences[i].tokens, " "), equal ? "equals" : "DIFFERS FROM",
                                     r.sequences[i].max_abs_difference)});
    }
    report.facts("pool.check", report::Facts{"", std::move(items)});
}

void chunk_blocks(report::Report& report, const DecodeReport& r) {
    const std::vector<std::string>& tokens = r.tokens;
    report.heading(fmt::format("chunked prefill: {} queries at a time", *r.serve.chunk), 2);
    report.paragraph(
        "Each chunk's queries attend to the cached keys (every token before the chunk) and to the chunk's "
        "own "
        "keys under the causal mask (x: visible, .: masked): all x over the cache, triangular over the "
        "chunk" +
        std::string(r.window ? ", and the window blocks keys that are too far back." : "."));
    const auto one = [&](size_t c, arma::uword first, const math::RowsAttention& a) {
        const std::string name = fmt::format("chunk{}", c);
        const arma::uword rows = a.query_positions.size();
        report.table(name + ".mask",
                     mask_table(fmt::format("chunk {}: {}, over {} cached keys", c, tokens_span(first, rows),
                                            a.key_positions.size() - rows),
                                a, tokens));
        rows_blocks(report, name, a, tokens);
    };
    if (r.prefill)
        for (size_t c = 0; c < r.prefill->chunks.size(); ++c)
            one(c, r.prefill->chunks[c].first, r.prefill->chunks[c].attention);
    const bool equal = r.chunk_max_abs_difference <= kDecodeTolerance;
    if (r.prefill)
        report.facts(
            "chunks.check",
            report::Facts{"",
                          {{"check", fmt::format("the chunks' outputs stacked {} attn run --mask causal "
                                                 "(max |difference| {:.3g}, tolerance {:g})",
                                                 equal ? "equal" : "DIFFER FROM", r.chunk_max_abs_difference,
                                                 kDecodeTolerance)}}});
}

void verify_blocks(report::Report& report, const DecodeReport& r) {
    const math::DraftVerification& v = *r.verify;
    report.heading(fmt::format("draft verification: the last {} tokens in one pass", v.drafted), 2);
    report.paragraph(fmt::format(
        "Tokens 0..{} are decoded step by step. A draft model proposes the last {}; the model checks them in "
        "one chunk of {} queries over the cache, causal within the chunk, and gets the outputs {} single "
        "steps would give: one read of the cache instead of {}.",
        v.prefix - 1, v.drafted, v.drafted, v.drafted, v.drafted));
    report.table("verify.mask", mask_table("the chunk's mask", v.verify.attention, r.tokens));
    const std::vector<std::string> drafted(r.tokens.begin() + v.prefix, r.tokens.end());
    const std::vector<std::string> cols = numbered_labels("d", v.verify_output.n_cols);
    report.matrix("verify.one_pass",
                  {"one pass", "the chunk's outputs", v.verify_output, drafted, cols, report::Shading::none});
    report.matrix("verify.steps", {"step by step", "one decode step each", v.steps_output, drafted, cols,
                                   report::Shading::none});
    report::Table work{"the work of checking the draft", {"way", "passes", "rows read", "multiply-adds"}, {}};
    for (const auto& [way, w] :
         {std::pair{"one pass", &v.one_pass}, std::pair{"step by step", &v.step_by_step}})
        work.rows.push_back({std::string(way), fmt::format("{}", w->passes), fmt::format("{}", w->rows_read),
                             fmt::format("{}", w->multiply_adds)});
    report.table("verify.work", std::move(work));
    const bool equal = v.max_abs_difference <= kDecodeTolerance;
    report.facts(
        "verify.check",
        report::Facts{"",
                      {{"check", fmt::format("the one pass {} the {} steps (max |difference| {:.3g}, "
                                             "tolerance {:g}); the same multiply-adds, {} pass over "
                                             "the cache instead of {}",
                                             equal ? "equals" : "DIFFERS FROM", v.drafted,
                                             v.max_abs_difference, kDecodeTolerance, 1, v.drafted)}}});
}

}  // namespace

void serve_blocks(report::Report& report, const DecodeReport& r, const DecodeView& view) {
    if (r.paged && shown(view, "pool")) pool_blocks(report, r);
    if (r.prefill && shown(view, "chunks")) chunk_blocks(report, r);
    if (r.paged && r.paged->chunk > 1 && shown(view, "chunks"))
        for (size_t c = 0; c < r.paged->steps.size(); ++c) {
            const math::PagedStep& s = r.paged->steps[c];
            const std::vector<std::string>& tokens = r.sequences[s.sequence].tokens;
            const std::string name = fmt::format("seq{}.chunk{}", s.sequence, c);
            report.table(name + ".mask", mask_table(fmt::format("sequence {}: {}", s.sequence,
                                                                tokens_span(s.first, s.slots.size())),
                                                    s.attention, tokens));
            rows_blocks(report, name, s.attention, tokens);
        }
    if (r.verify && shown(view, "verify")) verify_blocks(report, r);
}

void split_blocks(report::Report& report, const DecodeReport& r, arma::uword t, const DecodeView& view) {
    if (r.splits.empty() || !shown(view, "splits")) return;
    const math::SplitStep& s = r.splits[t];
    for (size_t h = 0; h < s.heads.size(); ++h) {
        const math::SplitHead& sh = s.heads[h];
        const arma::uword d_v = sh.output.n_cols;
        arma::mat m(sh.parts.size() + 1, 2 + d_v);  // (parts + 1, 2 + d_v): max, sum, output
        std::vector<std::string> rows;
        for (size_t p = 0; p < sh.parts.size(); ++p) {
            const math::SplitPart& part = sh.parts[p];
            m(p, 0) = part.max;
            m(p, 1) = part.sum;
            m.submat(p, 2, p, 1 + d_v) = part.partial_output;
            rows.push_back("rows " + span_text(part.first, part.positions.size()));
        }
        m(sh.parts.size(), 0) = sh.max;
        m(sh.parts.size(), 1) = sh.sum;
        m.submat(sh.parts.size(), 2, sh.parts.size(), 1 + d_v) = sh.output;
        rows.push_back("merged");
        std::vector<std::string> cols{"max", "sum"};
        for (const std::string& d : numbered_labels("o", d_v)) cols.push_back(d);
        const std::string prefix = s.heads.size() > 1 ? fmt::format("head {}: ", h) : "";
        report.matrix(fmt::format("step{}.head{}.splits", t, h),
                      {prefix + "split-K",
                       "each part of the cache rows: its max m, sum of exp(logit - m), output unnormalised; "
                       "merged: rescaled by exp(m - M), divided by the sum",
                       m, rows, cols, report::Shading::none});
    }
}

}  // namespace attn::course
