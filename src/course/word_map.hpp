// attn map: the sentence's vectors (embeddings x, queries q, keys k, values v) on a flat map by PCA, so
// that a learner sees where the projections move each word; q and k share a space, so a line joins each
// word's query to its key.
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "report/report.hpp"

namespace attn::course {

struct MapRequest {
    RunRequest run;                           // sentence, vocabulary and weights, as for `attn run`
    std::vector<std::string> show{"q", "k"};  // kinds among x, q, k, v; all of one width
};

// The kinds --show accepts, in drawing order.
const std::vector<std::string>& map_kinds();

// Runs the projections, projects the chosen rows together onto their two principal axes, and returns
// the picture (a scatter chart), the axes' shares of the variance and a table of every point.
// Throws InputError for an unknown kind or kinds of different widths (they share no space).
report::Report map_report(const MapRequest& request, const std::string& data_dir);

}  // namespace attn::course
