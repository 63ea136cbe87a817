// Lesson prose rendered for a terminal: wrapping, line breaks, lists, and the ASCII fold.
#include <algorithm>

#include "check_matrices.hpp"
#include "render/markdown_text.hpp"

using attn::render::markdown_text;
using attn::render::Style;

namespace {
Style plain(int width) {
    Style s;
    s.color = false;
    s.unicode = true;
    s.width = width;
    return s;
}
}  // namespace

TEST_CASE("soft line ends join, hard breaks stay", "[render][markdown]") {
    CHECK(markdown_text("one\ntwo", plain(80)) == "one two\n\n");
    CHECK(markdown_text("first line  \nsecond\\\nthird", plain(80)) == "first line\nsecond\nthird\n\n");
}

TEST_CASE("paragraphs wrap at the width, lists keep their marker on the first line", "[render][markdown]") {
    CHECK(markdown_text("aaa bbb ccc ddd", plain(8)) == "aaa bbb\nccc ddd\n\n");
    CHECK(markdown_text("- aaa bbb ccc\n- d", plain(12)) == "  • aaa bbb\n    ccc\n  • d\n\n");
}

TEST_CASE("inline code is marked with backticks without colour, and ASCII mode folds symbols",
          "[render][markdown]") {
    CHECK(markdown_text("use `Q·Kᵀ`", plain(80)) == "use `Q·Kᵀ`\n\n");
    Style ascii = plain(80);
    ascii.unicode = false;
    CHECK(markdown_text("- Q·Kᵀ / √d_k → weights", ascii) == "  - Q.K^T / sqrt d_k -> weights\n\n");
}

namespace {
size_t widest_line(const std::string& text) {
    size_t widest = 0, start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        widest = std::max(widest, attn::render::visible_width(text.substr(start, end - start)));
    return widest;
}
}  // namespace

TEST_CASE("a Markdown table is laid out in columns, its header ruled and its alignment kept",
          "[render][markdown][table]") {
    CHECK(markdown_text("| a | b |\n|---|---|\n| 1 | 2 |", plain(80)) == "a │ b\n──┼──\n1 │ 2\n\n");
    CHECK(markdown_text("Before.\n\n| name | n |\n|:--|--:|\n| x | 10 |\n| long | 2 |\n\nAfter.",
                        plain(80)) == "Before.\n\nname │  n\n─────┼───\nx    │ 10\nlong │  2\n\nAfter.\n\n");
    CHECK(markdown_text("| c |\n|:-:|\n| abcde |", plain(80)) == "  c\n─────\nabcde\n\n");
}

TEST_CASE("a table wider than the screen wraps inside its columns, and --ascii draws it in ASCII",
          "[render][markdown][table]") {
    const std::string table =
        "| symbol | meaning | where |\n|---|---|---|\n"
        "| √d_k | the square root of the width of a key, by which every score is divided before the softmax "
        "| lesson 5 |\n"
        "| Q·Kᵀ | every query dotted with every key: one row per query and one column per key | lesson 4 |\n";
    for (const int width : {60, 80, 100}) {
        const std::string text = markdown_text(table, plain(width));
        INFO(text);
        CHECK(widest_line(text) <= static_cast<size_t>(width));
        CHECK(text.find("√d_k   │ the square root") != std::string::npos);
        CHECK(text.find("lesson 5") != std::string::npos);
        Style ascii = plain(width);
        ascii.unicode = false;
        const std::string folded = markdown_text(table, ascii);
        INFO(folded);
        CHECK(widest_line(folded) <= static_cast<size_t>(width));
        for (const char c : folded) CHECK(static_cast<unsigned char>(c) < 0x80);
        CHECK(folded.find("-------+-") != std::string::npos);
        CHECK(folded.find("sqrt d_k | the square root") != std::string::npos);  // measured after the fold
        CHECK(folded.find("Q.K^T    | every query") != std::string::npos);
    }
    // At 60 columns the long cells take several lines, their words in order.
    const std::string narrow = markdown_text(table, plain(60));
    CHECK(std::count(narrow.begin(), narrow.end(), '\n') >= 7);
    CHECK(narrow.find("softmax") != std::string::npos);
}

TEST_CASE("an attn command too wide for a code block breaks with a continuation, so that it pastes whole",
          "[render][markdown]") {
    const std::string md =
        "```sh\nattn run -s \"I ate the apple\" --weights random --heads 2 --seed 7 --show "
        "weights,output\n```\n";
    const std::string out = attn::render::markdown_text(md, plain(60));
    std::vector<std::string> lines;
    for (size_t start = 0, nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
        if (nl > start) lines.push_back(out.substr(start, nl - start));
    REQUIRE(lines.size() >= 2);
    std::string pasted;
    for (size_t i = 0; i < lines.size(); ++i) {
        REQUIRE(lines[i].size() <= 60);
        const bool last = i + 1 == lines.size();
        REQUIRE((lines[i].size() >= 2 && lines[i].substr(lines[i].size() - 2) == " \\") == !last);
        std::string row = lines[i].substr(lines[i].find_first_not_of(' '));
        pasted += last ? row : row.substr(0, row.size() - 1);
    }
    REQUIRE(pasted ==
            "attn run -s \"I ate the apple\" --weights random --heads 2 --seed 7 --show weights,output");
}
