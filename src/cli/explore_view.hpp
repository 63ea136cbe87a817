// What attn explore draws, computed without a terminal: the stages the learner steps through, the
// matrix and labels of each, which cells changed with the last edit, and one cell's arithmetic.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/explore.hpp"
#include "math/stage_table.hpp"
#include "report/blocks.hpp"

namespace attn::cli {

// The tabs of the stage strip are math::explore_stages() (math/stage_table.cpp): X, W_Q, W_K, W_V
// (editable), then Q, K, V, scores, scaled, tempered, masked, weights, output. A tab is its index there.
math::Stage explore_stage(size_t index);
size_t explore_index(math::Stage stage);
// The tabs' titles ("W_Q"), in order.
const std::vector<std::string>& explore_stage_names();
bool editable_stage(size_t stage);
course::EditMatrix edit_matrix(size_t stage);

struct StageView {
    std::string title;  // "weights (head 0)"
    arma::mat values;   // (rows, cols)
    std::vector<std::string> row_labels, col_labels;
    std::optional<arma::mat> before;  // the same stage before the last edit, when it had this shape
    report::Shading shading = report::Shading::none;  // as attn run shades the stage it shows
};

StageView stage_view(const course::Explorer& ex, size_t stage, arma::uword head);

// Stage `stage` of one experiment (the explorer's, or a compared sentence's), or when it was skipped
// (tempered with T = 1, masked without a mask) the earlier stage it equals.
std::optional<arma::mat> stage_or_earlier(const course::Experiment& e, const course::Explorer& ex,
                                          size_t stage, arma::uword head);

// Stages whose cell (query, key) is a score or a weight: its arithmetic is attn run --explain's.
bool query_key_stage(size_t stage);

// The arithmetic of cell (row, col) of that stage, as lines of text.
std::vector<std::string> cell_arithmetic(const course::Explorer& ex, size_t stage, arma::uword head,
                                         arma::uword row, arma::uword col, bool unicode, int width);

}  // namespace attn::cli
