// Token × token similarity in its documented CSV and JSON (text: the report writer); and any labelled matrix
// as one CSV block.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/similarity.hpp"
#include "render/style.hpp"

namespace attn::render {

// "# title: ...", "# rows: ...", "# columns: ..." comment lines, then one comma-separated line per row
// with every number exact (numpy.loadtxt reads it as it is).
std::string labelled_matrix_csv(const report::LabelledMatrix& m);

// {"title", "legend", "rows", "columns", "values"}: values as an array of rows, nan/inf as null.
nlohmann::json labelled_matrix_json(const report::LabelledMatrix& m);

// {"space", "measure", "inputs", "weights", "notes", "matrix": labelled_matrix_json}
nlohmann::json similarity_json(const course::Similarity& s);
std::string similarity_csv(const course::Similarity& s);

}  // namespace attn::render
