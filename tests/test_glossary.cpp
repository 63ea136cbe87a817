// The glossary: the shipped file defines the course's symbols and terms, each found however a learner
// types it; a teacher's broken file is refused with its line; attn glossary fits the screen and --ascii.
#include <filesystem>
#include <fstream>
#include <set>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/catalog.hpp"
#include "course/glossary.hpp"
#include "inputs/input_error.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::course::find_term;
using attn::course::load_glossary;
using attn::test::run_attn;

namespace {
const std::string kShipped = std::string(ATTN_SOURCE_DIR) + "/lessons/glossary.toml";

size_t widest_line(const std::string& text) {
    size_t widest = 0, start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        size_t width = 0;
        for (size_t i = start; i < end; ++i) width += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        widest = std::max(widest, width);
    }
    return widest;
}
}  // namespace

TEST_CASE("the shipped glossary defines every symbol and term the issue names", "[glossary]") {
    const attn::course::Glossary g = load_glossary(kShipped);
    for (const char* word : {"[a; b]",          "⊙",        "logit", "·",    "ᵀ",     "√d_k",       "softmax",
                             "query",           "key",      "value", "head", "d_k",   "mask",       "causal",
                             "cross-attention", "KV cache", "GQA",   "RoPE", "ALiBi", "temperature"}) {
        INFO(word);
        CHECK_NOTHROW(find_term(g, word));
    }
    CHECK(find_term(g, "odot").name == "⊙");
    CHECK(find_term(g, "sqrt(d_k)").name == "√d_k");
    CHECK(find_term(g, "Logits").name == "logit");
    CHECK(find_term(g, "kv-cache").name == "KV cache");
    CHECK(find_term(g, "[a;b]").name == "[a; b]");
    CHECK(find_term(g, "queries").name == "query");
    // Every term names a lesson of the course that exists.
    const attn::course::Catalog catalog =
        attn::course::load_catalog(std::string(ATTN_SOURCE_DIR) + "/lessons");
    std::set<std::string> slugs;
    for (const auto& e : catalog.lessons) slugs.insert(e.slug);
    for (const auto& t : g.terms) {
        INFO(t.name);
        CHECK(slugs.count(t.lesson) == 1);
        for (const char c : t.ascii) CHECK(static_cast<unsigned char>(c) < 0x80);
    }
}

TEST_CASE("an unknown term says which terms come close, or lists them all", "[glossary]") {
    const attn::course::Glossary g = load_glossary(kShipped);
    try {
        find_term(g, "cach");
        FAIL("no exception");
    } catch (const attn::course::InputError& e) {
        // "KV cache, paged KV cache": both contain the word.
        CHECK(std::string(e.what()).find("did you mean: KV cache") != std::string::npos);
    }
    try {
        find_term(g, "zebra");
        FAIL("no exception");
    } catch (const attn::course::InputError& e) {
        CHECK(std::string(e.what()).find("its terms are: token, embedding, d_model") != std::string::npos);
    }
}

TEST_CASE("a teacher's glossary with a term twice, or a Unicode name without ascii, is refused with its line",
          "[glossary]") {
    attn::test::TempFile twice(
        "[[term]]\nname = \"alpha\"\nshort = \"a\"\ntext = \"a\"\n\n[[term]]\nname = \"beta\"\n"
        "aliases = [\"Alpha\"]\nshort = \"b\"\ntext = \"b\"\n",
        ".toml");
    try {
        load_glossary(twice.path);
        FAIL("no exception");
    } catch (const attn::course::InputError& e) {
        CHECK(std::string(e.what()) == twice.path + ":6: 'Alpha' already names the term 'alpha' at line 1");
    }
    attn::test::TempFile unicode("[[term]]\nname = \"√x\"\nshort = \"a\"\ntext = \"a\"\n", ".toml");
    CHECK_THROWS_WITH(load_glossary(unicode.path), Catch::Contains(":1: term '√x' is not ASCII"));
    // An empty name (found by fuzz_glossary) or alias names nothing a learner could type.
    attn::test::TempFile empty(
        "[[term]]\nname = \"x\"\nshort = \"a\"\ntext = \"a\"\n\n[[term]]\nname = \"\"\n"
        "short = \"b\"\ntext = \"b\"\n",
        ".toml");
    CHECK_THROWS_WITH(load_glossary(empty.path), Catch::Contains(":6: a [[term]] has an empty name"));
    attn::test::TempFile blank_alias(
        "[[term]]\nname = \"x\"\naliases = [\" \"]\nshort = \"a\"\ntext = \"a\"\n", ".toml");
    CHECK_THROWS_WITH(load_glossary(blank_alias.path), Catch::Contains(":1: term 'x' has an empty alias"));
    attn::test::TempFile missing("[[term]]\nname = \"x\"\ntext = \"a\"\n", ".toml");
    CHECK_THROWS_WITH(load_glossary(missing.path), Catch::Contains("short"));
}

TEST_CASE("attn glossary lists every term in the width, in pure ASCII with --ascii", "[glossary][cli]") {
    for (const std::string columns : {"60", "80", "100"}) {
        const auto list = run_attn({"glossary"}, {"COLUMNS=" + columns});
        INFO(list.out << list.err);
        REQUIRE(list.exit_code == 0);
        CHECK(widest_line(list.out) <= std::stoul(columns));
        CHECK(list.out.find("  logit ") != std::string::npos);
        CHECK(list.out.find("  ⊙ ") != std::string::npos);
        const auto ascii = run_attn({"--ascii", "glossary"}, {"COLUMNS=" + columns});
        CHECK(widest_line(ascii.out) <= std::stoul(columns));
        for (const char c : ascii.out) CHECK(static_cast<unsigned char>(c) < 0x80);
        CHECK(ascii.out.find("  odot ") != std::string::npos);
        CHECK(ascii.out.find("  sqrt(d_k) ") != std::string::npos);
    }
    const auto logit = run_attn({"glossary", "logits"}, {"COLUMNS=80"});
    REQUIRE(logit.exit_code == 0);
    CHECK(logit.out.rfind("logit\n-----\nA raw score before the softmax", 0) == 0);
    CHECK(logit.out.find("Introduced in: attn lesson softmax\n") != std::string::npos);
    const auto odot = run_attn({"--ascii", "glossary", "⊙"}, {"COLUMNS=60"});
    CHECK(odot.out.rfind("odot\n----\n", 0) == 0);
    CHECK(odot.out.find("(1, 2, 3) * (4, 5, 6) = (4, 10, 18)") != std::string::npos);
    attn::test::require_input_error({"glossary", "zebra"}, {"no term 'zebra'", "its terms are"});
}

TEST_CASE("lessons point to the glossary where a symbol first appears", "[glossary]") {
    for (const auto& [file, term] : std::vector<std::pair<std::string, std::string>>{
             {"01-why-attention.md", "`attn glossary`"},
             {"06-masking.md", "attn glossary logit"},
             {"10-seq2seq-global.md", "attn glossary \"[a; b]\""},
             {"14-where-weights-come-from.md", "attn glossary odot"}}) {
        std::ifstream in(std::string(ATTN_SOURCE_DIR) + "/lessons/" + file);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        INFO(file);
        CHECK(text.find(term) != std::string::npos);
    }
}
