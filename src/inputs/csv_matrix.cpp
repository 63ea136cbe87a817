#include "inputs/csv_matrix.hpp"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "inputs/input_error.hpp"
#include "inputs/input_file.hpp"
#include "inputs/limits.hpp"

namespace attn::course {

namespace {

struct LineFields {
    std::vector<std::string> fields;
};

void on_field(void* text, size_t len, void* data) {
    static_cast<LineFields*>(data)->fields.emplace_back(static_cast<const char*>(text), len);
}
void on_record(int, void*) {}

// Splits one CSV line into trimmed fields with libcsv (quotes allowed, spaces around fields ignored).
std::vector<std::string> split_csv_line(const std::string& line, const std::string& where) {
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    LineFields out;
    const size_t used = csv_parse(&parser, line.data(), line.size(), on_field, on_record, &out);
    const bool ok = used == line.size() && csv_fini(&parser, on_field, on_record, &out) == 0;
    const std::string error = ok ? "" : csv_strerror(csv_error(&parser));
    csv_free(&parser);
    if (!ok)
        throw InputError(where + ": this line is not valid CSV (" + error +
                         "); write numbers separated by commas");
    return out.fields;
}

// One cell as a finite double, or an InputError that quotes it.
double parse_cell(const std::string& cell, const std::string& where, size_t column) {
    const std::string col = "column " + std::to_string(column + 1);
    if (cell.empty()) throw InputError(where + ": " + col + " is empty; every cell needs a number");
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size() || (errno == ERANGE && std::isinf(value)))
        throw InputError(where + ": " + col + " is \"" + cell + "\", which is not a number");
    if (!std::isfinite(value))
        throw InputError(where + ": " + col + " is " + cell +
                         "; inputs must be finite numbers (no NaN or Inf)");
    return value;
}

bool is_blank_or_comment(const std::string& line) {
    const size_t first = line.find_first_not_of(" \t\r");
    return first == std::string::npos || line[first] == '#';
}

}  // namespace

arma::mat parse_matrix_csv(const std::string& text, const std::string& source) {
    std::vector<std::vector<double>> rows;
    std::istringstream in(text);
    std::string line;
    long line_no = 0;
    size_t width = 0;
    long first_row_line = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (is_blank_or_comment(line)) continue;
        const std::string where = source + ":" + std::to_string(line_no);
        const std::vector<std::string> fields = split_csv_line(line, where);
        if (fields.size() > kMaxMatrixSide || rows.size() == kMaxMatrixSide)
            throw InputError(where + ": more than " + std::to_string(kMaxMatrixSide) +
                             (rows.size() == kMaxMatrixSide ? " rows" : " columns") +
                             ", more than attn can show; use a smaller matrix");
        std::vector<double> row;
        for (size_t c = 0; c < fields.size(); ++c) row.push_back(parse_cell(fields[c], where, c));
        if (rows.empty()) {
            width = row.size();
            first_row_line = line_no;
        } else if (row.size() != width) {
            throw InputError(where + ": this row has " + std::to_string(row.size()) + " values but line " +
                             std::to_string(first_row_line) + " has " + std::to_string(width) +
                             "; every row needs the same number of columns");
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        throw InputError(source + ": no numbers found; write one row per token, values separated by commas");
    arma::mat m(rows.size(), width);
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t c = 0; c < width; ++c) m(r, c) = rows[r][c];
    return m;
}

arma::mat load_matrix_csv(const std::string& path) {
    return parse_matrix_csv(read_text_file(path, ShellPipes::accepted), path);
}

}  // namespace attn::course
