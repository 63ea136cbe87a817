// The JSON and text blocks of attn decode's serving options (--block-size, --sequences, --chunk,
// --splits, --verify), added to decode's report by add_decode_data and decode_report.
#pragma once
#include <string>

#include "course/decode.hpp"
#include "report/report.hpp"

namespace attn::course {

// PATH: {"positions", "key_positions", "mask", and per head (under "heads.h" with several) "q", "scores",
// "weights", "output" (numbers with one_row, else matrices), "output"}.
void add_rows_attention(report::Report& report, const std::string& path, const math::RowsAttention& a,
                        bool one_row);
// Every serving part's JSON: the pool and sequences, chunks, splits, verify.
void add_serve_data(report::Report& report, const DecodeReport& r);
void add_split_data(report::Report& report, const DecodeReport& r);
void add_verify_data(report::Report& report, const DecodeReport& r);

// The text blocks --show picks for them: pool, chunks, splits (per step t), verify.
void serve_blocks(report::Report& report, const DecodeReport& r, const DecodeView& view);
void split_blocks(report::Report& report, const DecodeReport& r, arma::uword t, const DecodeView& view);

}  // namespace attn::course
