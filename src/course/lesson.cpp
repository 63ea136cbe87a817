#include "course/lesson.hpp"

#include <md4c.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <map>

#include "inputs/input_error.hpp"
#include "inputs/strings.hpp"

namespace attn::course {

namespace {

// What md4c found, by byte offset in the source.
struct Marker {
    enum class Kind { heading, command, question } kind;
    size_t start = 0;  // first byte of the marker's first line
    size_t end = 0;    // one past its last line
    std::string text;  // heading title, or the command's content
};

struct ScanState {
    const char* source = nullptr;
    size_t size = 0;
    std::vector<Marker> markers;
    bool in_heading = false, in_command = false;
    bool located = false;  // the open marker's start is known (md4c gave a pointer into the source)
    size_t seen = 0;       // one past the furthest source byte md4c has handed over so far
    Marker::Kind code_kind = Marker::Kind::command;
};

size_t line_start(const ScanState& s, size_t offset) {
    while (offset > 0 && s.source[offset - 1] != '\n') --offset;
    return offset;
}
size_t next_line(const ScanState& s, size_t offset) {
    const void* nl = std::memchr(s.source + offset, '\n', s.size - offset);
    return nl ? static_cast<const char*>(nl) - s.source + 1 : s.size;
}
bool in_source(const ScanState& s, const MD_CHAR* p) { return p >= s.source && p < s.source + s.size; }
size_t offset_of(const ScanState& s, const MD_CHAR* p) { return static_cast<size_t>(p - s.source); }

// The first line at or after `from` that starts (after up to 3 spaces) with `prefix`, then `then`
// (any of its characters; "" for anything). md4c copies a heading or an info string that holds an
// entity or an escape, and gives an empty heading no text at all: then only the source tells where
// the marker is.
size_t find_line(const ScanState& s, size_t from, std::initializer_list<std::string> prefixes,
                 const std::string& then) {
    for (size_t at = line_start(s, std::min(from, s.size)); at < s.size; at = next_line(s, at)) {
        size_t p = at;
        while (p < s.size && p - at < 3 && s.source[p] == ' ') ++p;
        for (const std::string& prefix : prefixes) {
            if (s.size - p < prefix.size() || std::string(s.source + p, prefix.size()) != prefix) continue;
            size_t q = p + prefix.size();
            while (q < s.size && prefix[0] != '#' && s.source[q] == prefix[0]) ++q;  // longer fences
            while (q < s.size && s.source[q] == ' ') ++q;
            if (then.empty() || q == s.size || then.find(s.source[q]) != std::string::npos) return at;
        }
    }
    return s.size;
}

// The info string is `word`, alone or followed by a space.
bool info_is(const MD_ATTRIBUTE& info, const std::string& word) {
    return info.size >= word.size() && std::strncmp(info.text, word.c_str(), word.size()) == 0 &&
           (info.size == word.size() || info.text[word.size()] == ' ');
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* data) {
    ScanState& s = *static_cast<ScanState*>(data);
    if (type == MD_BLOCK_H && static_cast<MD_BLOCK_H_DETAIL*>(detail)->level == 2) {
        s.in_heading = true;
        s.located = false;
        s.markers.push_back({Marker::Kind::heading, 0, 0, ""});
    }
    if (type == MD_BLOCK_CODE) {
        const MD_ATTRIBUTE& info = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->info;
        const bool command = info_is(info, "attn"), question = info_is(info, "question");
        if (command || question) {
            s.in_command = true;
            s.code_kind = command ? Marker::Kind::command : Marker::Kind::question;
            const size_t fence = in_source(s, info.text)
                                     ? line_start(s, offset_of(s, info.text))
                                     : find_line(s, s.seen, {"```", "~~~"}, command ? "a" : "q");
            s.markers.push_back({s.code_kind, fence, next_line(s, fence), ""});
            s.seen = std::max(s.seen, s.markers.back().end);
        }
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* data) {
    ScanState& s = *static_cast<ScanState*>(data);
    if (type == MD_BLOCK_H && s.in_heading) {
        s.in_heading = false;
        Marker& m = s.markers.back();
        if (!s.located) m.start = find_line(s, s.seen, {"##"}, " \t\r\n"), m.end = next_line(s, m.start);
        s.seen = std::max(s.seen, m.end);
    }
    if (type == MD_BLOCK_CODE && s.in_command) {
        s.in_command = false;
        Marker& m = s.markers.back();
        // The closing fence is the line after the content, if there is one.
        const size_t after = next_line(s, m.end);
        const char* p = s.source + m.end;
        while (p < s.source + s.size && *p == ' ') ++p;
        if (p < s.source + s.size && (*p == '`' || *p == '~')) m.end = after;
    }
    return 0;
}

int on_text(MD_TEXTTYPE, const MD_CHAR* text, MD_SIZE size, void* data) {
    ScanState& s = *static_cast<ScanState*>(data);
    if (in_source(s, text)) s.seen = std::max(s.seen, offset_of(s, text) + size);
    if (s.markers.empty()) return 0;
    Marker& m = s.markers.back();
    // md4c passes some text (a code block's line ends, entities) from its own static strings, not
    // from the source: only pointers into the source tell where a marker is.
    if (!in_source(s, text)) {
        if (s.in_heading || s.in_command) m.text.append(text, size);
        return 0;
    }
    if (s.in_heading) {
        if (!s.located) m.start = line_start(s, offset_of(s, text)), m.end = next_line(s, offset_of(s, text));
        s.located = true;
        m.text.append(text, size);
    } else if (s.in_command) {
        m.text.append(text, size);
        m.end = std::max(m.end, next_line(s, offset_of(s, text) + (size ? size - 1 : 0)));
    }
    return 0;
}

int enter_span(MD_SPANTYPE, void*, void*) { return 0; }
int leave_span(MD_SPANTYPE, void*, void*) { return 0; }

std::vector<Marker> scan(const std::string& text) {
    ScanState state{text.data(), text.size(), {}, false, false};
    MD_PARSER parser{};
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &state);
    return state.markers;
}

// Line numbers of offsets asked for mostly in increasing order: each counts on from the last one, so
// that a lesson of 40,000 headings is counted once, not once per heading.
class LineCounter {
public:
    explicit LineCounter(const std::string& text) : text_(text) {}
    long operator()(size_t offset) {
        offset = std::min(offset, text_.size());
        if (offset < offset_) offset_ = 0, line_ = 1;
        line_ += static_cast<long>(std::count(text_.begin() + static_cast<long>(offset_),
                                              text_.begin() + static_cast<long>(offset), '\n'));
        offset_ = offset;
        return line_;
    }

private:
    const std::string& text_;
    size_t offset_ = 0;
    long line_ = 1;
};

}  // namespace

std::vector<Step> parse_lesson_markdown(const std::string& text, const std::string& path) {
    std::vector<Step> steps(1);
    steps[0].line = 1;
    size_t cursor = 0;
    LineCounter line_number(text);
    std::map<std::string, long> question_lines;  // id -> line, so that ids are checked in linear time
    auto add_prose = [&](size_t until) {
        if (until <= cursor) return;  // markers never overlap; this guards against one found out of order
        const std::string prose = trim(text.substr(cursor, until - cursor));
        // The block's line is that of its first character, not of the blank lines trimmed before it.
        const size_t first = text.find_first_not_of(" \t\r\n", cursor);
        if (!prose.empty()) steps.back().blocks.push_back({Block::Kind::prose, prose, line_number(first)});
    };
    const std::vector<Marker> markers = scan(text);
    steps.reserve(1 + static_cast<size_t>(std::count_if(markers.begin(), markers.end(), [](const Marker& m) {
                      return m.kind == Marker::Kind::heading;
                  })));
    for (const Marker& m : markers) {
        add_prose(m.start);
        const long line = line_number(m.start);
        if (m.kind == Marker::Kind::heading) {
            if (!steps.back().blocks.empty() || steps.size() > 1 || !steps.back().title.empty())
                steps.emplace_back();
            steps.back().title = trim(m.text);
            if (steps.back().title.empty())
                throw InputError(
                    at_location(path, line, "this ## heading is empty; give the step a title after \"## \""));
            steps.back().line = line;
        } else if (m.kind == Marker::Kind::question) {
            Question q = parse_question(m.text, path, line);
            const auto [seen, added] = question_lines.emplace(q.id, q.line);
            if (!added)
                throw InputError(at_location(path, line,
                                             "question id '" + q.id + "' is already used at line " +
                                                 std::to_string(seen->second) +
                                                 "; ids must be unique in a lesson"));
            steps.back().questions.push_back(std::move(q));
        } else {
            const std::string command = trim(m.text);
            if (command.empty())
                throw InputError(at_location(path, line,
                                             "this ```attn block is empty; write one attn command in it, "
                                             "e.g. run -s \"I ate the apple\""));
            if (command.find('\n') != std::string::npos)
                throw InputError(at_location(
                    path, line, "this ```attn block holds more than one line; write one command per block"));
            steps.back().blocks.push_back({Block::Kind::command, command, line + 1});
        }
        cursor = std::max(cursor, m.end);
    }
    add_prose(text.size());
    if (steps.size() == 1 && steps[0].blocks.empty() && steps[0].questions.empty())
        throw InputError(path + ": the lesson is empty; write Markdown with ## headings for its steps");
    return steps;
}

std::vector<const Question*> lesson_questions(const Lesson& lesson) {
    std::vector<const Question*> all;
    for (const Step& step : lesson.steps)
        for (const Question& q : step.questions) all.push_back(&q);
    return all;
}

const Question& find_question(const Lesson& lesson, const std::string& id) {
    std::string ids;
    for (const Question* q : lesson_questions(lesson)) {
        if (q->id == id) return *q;
        ids += (ids.empty() ? "" : ", ") + q->id;
    }
    throw InputError("lesson '" + lesson.title + "' has no question '" + id + "'; " +
                     (ids.empty() ? "it has no questions" : "its questions are: " + ids) +
                     " (attn quiz N --list)");
}

}  // namespace attn::course
