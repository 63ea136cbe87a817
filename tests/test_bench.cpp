// attn bench: the request checks, the log-log fit, the JSON/CSV schema and the command end to end.
// Nothing here depends on how fast the machine is: times are only checked to be positive.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/bench.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"
#include "math/attention.hpp"
#include "math/bench_fit.hpp"
#include "math/decode_attention.hpp"
#include "render/progress_bar.hpp"
#include "render/report_writers.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
namespace c = attn::course;
namespace r = attn::render;

namespace {

constexpr std::size_t kPlenty = std::size_t(1) << 40;

c::BenchReport sample_report() {
    c::BenchReport report;
    report.request.sizes = {100, 200};
    report.request.methods = {"full", "local"};
    report.blas = "OpenBLAS 0.3.21 (core Haswell)";
    report.blas_threads = 2;
    report.rows = {{"full", 100, 64, "double", 0.25, 80000, 9000000, 0.2, 0.3, 1.5},
                   {"local", 100, 64, "double", 0.125, 4096, 8000000, 0.1, 0.12, 1.3},
                   {"full", 200, 64, "double", 1.0, 320000, 9500000, 0.8, 1.1, 1.25},
                   {"local", 200, 64, "double", 0.25, 4096, 8100000, 0.2, 0.2, 1.0}};
    report.exponents = {{"full", 2.0}, {"local", 1.0}};
    return report;
}

}  // namespace

TEST_CASE("the log-log slope of c·n^p is p", "[bench][fit]") {
    const std::vector<double> n{256, 512, 1024, 4096};
    std::vector<double> square, line;
    for (double x : n) {
        square.push_back(3e-9 * x * x);
        line.push_back(5e-7 * x);
    }
    CHECK(std::fabs(attn::math::loglog_slope(n, square) - 2.0) <= 1e-12);
    CHECK(std::fabs(attn::math::loglog_slope(n, line) - 1.0) <= 1e-12);
    CHECK_THROWS_WITH(attn::math::loglog_slope({5, 5}, {1, 2}), Catch::Contains("two different x"));
    CHECK_THROWS_WITH(attn::math::loglog_slope({1, 2}, {1, 0}), Catch::Contains("positive"));
}

TEST_CASE("nonsense requests are refused naming the flag", "[bench][errors]") {
    c::BenchRequest request;
    request.sizes = {256, 0};
    CHECK_THROWS_WITH(c::check_bench_request(request, kPlenty), Catch::Contains("--sizes 0"));
    request.sizes = {256};
    request.window = 0;
    CHECK_THROWS_WITH(c::check_bench_request(request, kPlenty), Catch::Contains("--window 0"));
    request.window = 16;
    request.d = 0;
    CHECK_THROWS_WITH(c::check_bench_request(request, kPlenty), Catch::Contains("--d 0"));
    request.d = 64;
    request.methods = {"fast"};
    CHECK_THROWS_AS(c::check_bench_request(request, kPlenty), c::InputError);
}

TEST_CASE("full attention that would not fit in memory is refused with the bytes and a hint",
          "[bench][errors]") {
    c::BenchRequest request;
    request.sizes = {1024, 65536};
    request.methods = {"streaming", "full"};
    // 65536² doubles = 32 GiB, plus Q, K, V and the output (4 · 65536 · 64 · 8 bytes = 128 MiB).
    CHECK(c::bench_memory_needed("full", 65536, 64, "double") ==
          (std::size_t(65536) * 65536 + 4 * 65536 * 64) * 8);
    CHECK_THROWS_WITH(c::check_bench_request(request, std::size_t(16) << 30),
                      Catch::Contains("needs 32.1 GiB") && Catch::Contains("16.0 GiB") &&
                          Catch::Contains("--methods streaming"));
    request.methods = {"streaming"};
    CHECK_NOTHROW(c::check_bench_request(request, std::size_t(16) << 30));
}

TEST_CASE("bytes are written in binary units", "[bench]") {
    CHECK(c::format_bytes(512) == "512 B");
    CHECK(c::format_bytes(1536) == "1.5 KiB");
    CHECK(c::format_bytes(std::size_t(8) << 30) == "8.0 GiB");
}

TEST_CASE("bench JSON has results and exponents with the documented keys", "[bench][json]") {
    const nlohmann::json doc = nlohmann::json::parse(r::report_json(c::bench_report(sample_report())));
    REQUIRE(doc["results"].size() == 4);
    const auto& first = doc["results"][0];
    CHECK(first["method"] == "full");
    CHECK(first["n"] == 100);
    CHECK(first["d"] == 64);
    CHECK(first["precision"] == "double");
    CHECK(first["median_seconds"] == 0.25);
    CHECK(first["working_bytes"] == 80000);
    CHECK(first["peak_rss_bytes"] == 9000000);
    CHECK(doc["exponents"]["full"] == 2.0);
    CHECK(doc["exponents"]["local"] == 1.0);
    CHECK(doc["blas"]["threads"] == 2);
}

TEST_CASE("bench CSV has one header and one line per result", "[bench][csv]") {
    const std::string csv = r::report_csv(c::bench_report(sample_report()));
    CHECK(
        csv.rfind(
            "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes,min_seconds,cpu_seconds,spread,"
            "bytes_read,gb_per_second\nfull,100,64,double,0.25,80000,9000000,0.2,0.3,1.5,0,0\n",
            0) == 0);
    CHECK(csv.find("# exponent,local,1\n") != std::string::npos);
}

TEST_CASE("bench text shows the table, the exponents and an ASCII chart", "[bench][text]") {
    r::Style style;
    style.unicode = false;
    const std::string text = r::report_text(c::bench_report(sample_report()), style);
    INFO(text);
    CHECK(text.find("full    100  250.00 ms  200.00 ms  300.00 ms   1.50x   78.1 KiB") != std::string::npos);
    CHECK(text.find("time grows as n^2.00") != std::string::npos);
    CHECK(text.find("time grows as n^1.00") != std::string::npos);
    CHECK(text.find("legend:  * full  o local") != std::string::npos);
    for (unsigned char ch : text) REQUIRE(ch < 128);
}

TEST_CASE("the progress bar fills in proportion and fits the width", "[bench][progress]") {
    CHECK(r::progress_bar(5, 10, "full n = 4096", 60, false) == "[##########..........] 5/10 full n = 4096");
    CHECK(r::progress_bar(0, 4, "a very long label that cannot fit", 40, false).size() <= 40);
}

TEST_CASE("attn bench --format json runs small sizes and reports every method", "[bench][cli]") {
    const auto result =
        run_attn({"bench", "--sizes", "32,64", "--d", "8", "--repeats", "3", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());  // no progress bar when stderr is not a terminal
    const auto doc = nlohmann::json::parse(result.out);
    REQUIRE(doc["results"].size() == 6);
    for (const auto& row : doc["results"]) {
        CHECK(row["median_seconds"].get<double>() > 0.0);
        CHECK(row["peak_rss_bytes"].get<double>() > 0.0);
    }
    CHECK(doc["results"][0]["working_bytes"] == 32 * 32 * 8);  // full at n = 32: the 32 × 32 weights
    // A slope for every method, unless the runs spread too widely to fit one (then it says why).
    CHECK(doc["exponents"].size() + doc["unfitted"].size() == 3);
    for (const auto& row : doc["results"]) {
        CHECK(row["min_seconds"].get<double>() <= row["median_seconds"].get<double>());
        CHECK(row["spread"].get<double>() >= 1.0);
    }
    // The count of operations is exact and an integer: 4·n²·d for full, 4·n·min(n, W)·d for local.
    CHECK(doc["results"][0]["operations"].is_number_integer());
    CHECK(doc["results"][0]["operations"] == 4 * 32 * 32 * 8);
    CHECK(doc["results"][4]["operations"] == 4 * 64 * 64 * 8);  // local, W = 128 > n: every key
    // Slopes for every method whatever the spread; the operations' is exactly 2 for full and streaming.
    REQUIRE(doc["slopes"].size() == 3);
    CHECK(std::fabs(doc["slopes"]["full"]["operations"].get<double>() - 2.0) <= 1e-12);
    CHECK(std::fabs(doc["slopes"]["streaming"]["operations"].get<double>() - 2.0) <= 1e-12);
    CHECK(doc["slopes"]["local"]["cpu"].get<double>() > 0.0);
    // Streaming at the largest n on 1, 2 and all threads, when the bench has more than one.
    if (doc["blas"]["threads"].get<int>() > 1) {
        REQUIRE(doc["scaling"].size() >= 2);
        CHECK(doc["scaling"][0]["threads"] == 1);
        CHECK(doc["scaling"][0]["speedup"] == 1.0);
        for (const auto& s : doc["scaling"])
            CHECK(std::fabs(s["efficiency"].get<double>() -
                            s["speedup"].get<double>() / s["threads"].get<double>()) <= 1e-12);
    } else {
        CHECK(doc["scaling"].empty());
    }
    // The FMA peak is measured in the run, and each method's share of it is its GFLOP/s over the peak
    // at the run's threads.
    const double peak = doc["fma_peak"]["gflop_per_second"].get<double>();
    CHECK(doc["fma_peak"]["gflop_per_second_one_core"].get<double>() > 0.0);
    CHECK(doc["fma_peak"]["threads"] == doc["blas"]["threads"]);
    CHECK(doc["fma_peak"]["precision"] == "double");
    REQUIRE(peak > 0.0);
    for (const auto& row : doc["results"])
        CHECK(std::fabs(row["percent_of_peak"].get<double>() -
                        100 * row["gflop_per_second"].get<double>() / peak) <=
              1e-9 * row["percent_of_peak"].get<double>());
}

TEST_CASE("attn bench: local attention's operations grow exactly like n once n >= W - --precision is --dtype",
          "[bench][cli]") {
    const auto result = run_attn({"bench", "--sizes", "64,128,256", "--d", "8", "--window", "16", "--repeats",
                                  "1", "--methods", "local", "--precision", "float", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    CHECK(doc["settings"]["precision"] == "float");
    CHECK(doc["results"][2]["operations"] == 4 * 256 * 16 * 8);
    CHECK(std::fabs(doc["slopes"]["local"]["operations"].get<double>() - 1.0) <= 1e-12);
    const auto text = run_attn({"bench", "--sizes", "64,128", "--d", "8", "--repeats", "1", "--methods",
                                "local,full", "--dtype", "float"});
    REQUIRE(text.exit_code == 0);
    INFO(text.out);
    CHECK(text.out.find("beside the fastest time, largest n") != std::string::npos);
    CHECK(text.out.find("GFLOP/s") != std::string::npos);
    CHECK(text.out.find("time n^") != std::string::npos);
}

TEST_CASE("attn bench fits no exponent to one run per size, and says why", "[bench][cli]") {
    const auto result = run_attn(
        {"bench", "--sizes", "32,64", "--d", "8", "--repeats", "1", "--methods", "full", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    CHECK(doc["exponents"].empty());
    CHECK(doc["unfitted"]["full"].get<std::string>().find("--repeats") != std::string::npos);
}

TEST_CASE("bench text refuses to fit an exponent when the runs spread too widely", "[bench][text]") {
    c::BenchReport report = sample_report();
    report.exponents = {{"local", 1.0}};
    report.unfitted = {{"full", "at n = 100 the slowest run took 2.50x the fastest: the machine is busy"}};
    r::Style style;
    style.unicode = false;
    const std::string text = r::report_text(c::bench_report(report), style);
    CHECK(text.find("No growth exponent for full: at n = 100 the slowest run took 2.50x") !=
          std::string::npos);
    CHECK(text.find("time grows as n^1.00") != std::string::npos);
}

TEST_CASE("attn bench --methods gemm,decode: warm GEMMs, decode bandwidth beside a memory copy",
          "[bench][cli][decode]") {
    const auto result = run_attn({"bench", "--methods", "gemm,decode", "--sizes", "64,128", "--d", "16",
                                  "--repeats", "2", "--format", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    REQUIRE(doc["results"].size() == 4);
    for (const auto& row : doc["results"]) {
        CHECK(row["gflop_per_second"].get<double>() > 0.0);
        if (row["method"] == "decode") {
            // One step reads every cached key and value once: n · (d_k + d_v) doubles.
            CHECK(row["bytes_read"] == row["n"].get<long>() * 32 * 8);
            CHECK(row["gb_per_second"].get<double>() > 0.0);
            CHECK(std::fabs(row["percent_of_bandwidth"].get<double>() -
                            100 * row["gb_per_second"].get<double>() /
                                doc["memory_bandwidth"]["gb_per_second"].get<double>()) <= 1e-9);
        } else {
            CHECK(row["working_bytes"] ==
                  row["n"].get<long>() * row["n"].get<long>() * 8);  // the n x n scores
        }
    }
    CHECK(doc["memory_bandwidth"]["gb_per_second"].get<double>() > 0.0);
    CHECK(doc["memory_bandwidth"]["copy_bytes"] == 256 * 1024 * 1024);
    CHECK(doc["memory_bandwidth"]["threads"] == doc["blas"]["threads"]);  // the copy runs on every thread
}

TEST_CASE("one decode step equals full attention's last row", "[bench][decode]") {
    arma::arma_rng::set_seed(3);
    const arma::mat k(50, 8, arma::fill::randn), v(50, 5, arma::fill::randn), q(1, 8, arma::fill::randn);
    attn::math::DecodeWorkspace<double> ws;
    arma::vec out;
    attn::math::decode_attention(arma::mat(k.t()), arma::mat(v.t()), arma::vec(q.t()), ws, out);
    const arma::mat expected = attn::math::attend(q, k, v, std::nullopt).output;  // (1, 5)
    attn::test::check_matrices(arma::mat(out.t()), expected);
    CHECK(attn::math::decode_bytes_read(50, 8, 5, 8) == 50 * 13 * 8);
}

TEST_CASE("a decode step split over threads merges to the same row, in double and float", "[bench][decode]") {
    arma::arma_rng::set_seed(4);
    // 9000 tokens: 2 parts with 2 threads, 2 with 3 (at least 4096 tokens a part); d_k = 13 leaves a tail.
    const arma::mat k(9000, 13, arma::fill::randn), v(9000, 7, arma::fill::randn);
    const arma::mat q = 3.0 * arma::mat(1, 13, arma::fill::randn);  // sharp weights: the parts' maxima differ
    const arma::mat expected = attn::math::attend(q, k, v, std::nullopt).output;  // (1, 7)
    for (unsigned threads : {1u, 2u, 3u}) {
        INFO(threads << " threads");
        attn::math::DecodeWorkspace<double> ws;
        arma::vec out;
        attn::math::decode_attention(arma::mat(k.t()), arma::mat(v.t()), arma::vec(q.t()), ws, out, threads);
        attn::test::check_matrices(arma::mat(out.t()), expected);
        attn::math::DecodeWorkspace<float> wf;
        arma::fvec out_f;
        attn::math::decode_attention(arma::fmat(arma::conv_to<arma::fmat>::from(k.t())),
                                     arma::fmat(arma::conv_to<arma::fmat>::from(v.t())),
                                     arma::fvec(arma::conv_to<arma::fvec>::from(q.t())), wf, out_f, threads);
        CHECK(arma::abs(arma::conv_to<arma::vec>::from(out_f) - expected.t()).max() < 1e-4);
    }
}

TEST_CASE("attn bench refuses nonsense with exit 2 and nothing on stdout", "[bench][cli][errors]") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"bench", "--sizes", "0"},
                                               {"bench", "--sizes", "abc"},
                                               {"bench", "--window", "0"},
                                               {"bench", "--methods", "fastest"},
                                               {"bench", "--precision", "half"},
                                               {"bench", "--dtype", "half"},
                                               {"bench", "--sizes", "1000000", "--methods", "full"}}) {
        const auto result = run_attn(args);
        INFO(args[1] << " " << args[2]);
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(!result.err.empty());
    }
    const auto huge = run_attn({"bench", "--sizes", "1000000", "--methods", "full"});
    CHECK(huge.err.find("--methods streaming") != std::string::npos);
}
