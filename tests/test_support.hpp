// Helpers shared by the test files: JSON fixtures as matrices, scratch files, and the check that a
// command refused bad input properly.
#pragma once
#include <unistd.h>

#include <armadillo>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace attn::test {

// A JSON array of rows (or one row of numbers) as a matrix; null (a masked cell) becomes −∞.
inline arma::mat json_matrix(const nlohmann::json& rows) {
    if (rows.empty()) return arma::mat();
    const bool one_row = !rows.at(0).is_array();
    const nlohmann::json wrapped = one_row ? nlohmann::json::array({rows}) : rows;
    arma::mat m(wrapped.size(), wrapped.at(0).size());
    for (size_t r = 0; r < wrapped.size(); ++r)
        for (size_t c = 0; c < wrapped[r].size(); ++c)
            m(r, c) = wrapped[r][c].is_null() ? -std::numeric_limits<double>::infinity()
                                              : wrapped[r][c].get<double>();
    return m;
}

// A scratch file holding `text`, removed when the test ends.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text, const std::string& suffix = ".csv") {
        static int counter = 0;
        path = (std::filesystem::temp_directory_path() /
                ("attn-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix))
                   .string();
        std::ofstream(path) << text;
    }
    ~TempFile() { std::remove(path.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

// Bad input: exit 2, nothing on stdout, one "attn: error:" message on stderr containing every needle.
inline void require_input_error(const std::vector<std::string>& args,
                                const std::vector<std::string>& needles) {
    const ProcessResult r = run_attn(args);
    INFO("stderr: " << r.err << "\nstdout: " << r.out);
    REQUIRE(r.exit_code == 2);
    REQUIRE(r.out.empty());
    REQUIRE(r.err.rfind("attn: error: ", 0) == 0);
    for (const std::string& needle : needles) REQUIRE(r.err.find(needle) != std::string::npos);
}

}  // namespace attn::test
