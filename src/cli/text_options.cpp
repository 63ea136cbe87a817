#include "cli/text_options.hpp"

#include <set>
#include <string>

#include "inputs/input_error.hpp"
#include "inputs/utf8.hpp"
#include "text/utf8.hpp"

namespace attn::cli {

namespace {

// The options whose values are words, sentences, labels or answers: shown again, or written as JSON.
// (File names are not checked: a path may be any bytes the file system allows.)
const std::set<std::string> kTextOptions = {"sentence", "word",    "words",  "labels", "key-labels",
                                            "explain",  "source",  "target", "logits", "answer",
                                            "question", "compare", "probe",  "term"};

bool holds_text(const CLI::App& app, const CLI::Option& option) {
    const std::string name = option.get_lnames().empty() ? option.get_name() : option.get_lnames().front();
    // transformer --decoder is a sentence; seq2seq --decoder is a CSV file.
    if (name == "decoder") return app.get_name() == "transformer";
    return kTextOptions.count(name) > 0;
}

}  // namespace

void require_utf8_text(CLI::App& app) {
    for (CLI::Option* option : app.get_options()) {
        if (!holds_text(app, *option)) continue;
        // CLI11 puts the option's name in front: --labels: "...": not UTF-8 at byte 0 (0xFF); ...
        option->check(CLI::Validator(
            [](std::string& value) {
                try {
                    course::require_utf8(value, "\"" + attn::text::visible_controls(value) + "\"");
                } catch (const course::InputError& e) {
                    return std::string(e.what());
                }
                return std::string();
            },
            ""));
    }
    for (CLI::App* sub : app.get_subcommands({})) require_utf8_text(*sub);
}

}  // namespace attn::cli
