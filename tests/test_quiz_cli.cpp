// attn quiz / hint / solution for scripts and graders: exit codes, JSON verdicts, live answers that
// follow the toy data, hints, the solution gate, and scores in progress, attn list and attn.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "quiz_course.hpp"
#include "run_binary.hpp"

using attn::test::hand_entries;
using attn::test::run_attn;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shared quiz course, with a helper that checks one answer as a script would.
struct QuizBox : attn::test::QuizCourse {
    QuizBox() : QuizCourse("quiz-cli") {}
    attn::test::ProcessResult answer(const std::string& id, const std::string& value,
                                     bool as_json = true) const {
        std::vector<std::string> args{"quiz", "1", "--question", id, "--answer", value};
        if (as_json) args.insert(args.end(), {"--format", "json"});
        return run_attn(args, env());
    }
};

std::string join(const std::vector<double>& values) {
    std::string s;
    for (double v : values) s += (s.empty() ? "" : " ") + json(v).dump();
    return s;
}

}  // namespace

TEST_CASE("quiz --list shows ids, prompts and a hand calculation's data, never the answers", "[quiz][cli]") {
    QuizBox box;
    const auto text = run_attn({"quiz", "1", "--list"}, box.env());
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    for (const char* id :
         {"[top] (predict)", "[score] (numeric)", "[pick] (choice)", "[cell] (cell)", "[byhand] (hand)"})
        CHECK(text.out.find(id) != std::string::npos);
    CHECK(text.out.find("q of 'apple' = [1.5, 0, 0]") != std::string::npos);
    CHECK(text.out.find("product 1 (q[0] * k[0])") != std::string::npos);
    CHECK(text.out.find("3.225") == std::string::npos);  // the score is not given away
    const auto j = run_attn({"quiz", "1", "--list", "--format", "json"}, box.env());
    REQUIRE(j.exit_code == 0);
    const json doc = json::parse(j.out);
    REQUIRE(doc["questions"].size() == 5);
    CHECK(doc["questions"][0]["id"] == "top");
    CHECK(doc["questions"][0]["step"] == 1);
    CHECK(doc["questions"][2]["step"] == 2);
    CHECK(doc["questions"][2]["choices"].size() == 4);
    const json& hand = doc["questions"][4];
    CHECK(hand["entries"].size() == 3 + 2 + 4 + 2);
    CHECK(hand["givens"]["q"] == json::array({1.5, 0.0, 0.0}));
    CHECK(hand["givens"]["row_scaled"][1].is_null());  // the asked cell
    const auto none = run_attn({"quiz", "2", "--list"}, box.env());
    CHECK(none.exit_code == 0);
    CHECK(none.out.find("no questions") != std::string::npos);
}

TEST_CASE("quiz --answer exits 0 when right, 1 when wrong, 2 when unreadable", "[quiz][cli]") {
    QuizBox box;
    const json e = box.explain();
    const double score = e["score"], weight = e["weight"];
    CHECK(std::fabs(score - 3.225) <= 1e-12);  // 1.5 · 2.15, by hand
    auto right = box.answer("score", "3.225");
    INFO(right.err);
    REQUIRE(right.exit_code == 0);
    json v = json::parse(right.out);
    CHECK(v["right"] == true);
    CHECK(std::fabs(v["expected_value"].get<double>() - score) <= 1e-12);
    CHECK(v["lesson"] == 1);
    CHECK(box.answer("score", "129/40").exit_code == 0);  // 3.225 as a fraction
    CHECK(box.answer("score", "3,22").exit_code == 0);    // decimal comma, within 0.005
    const auto wrong = box.answer("score", "3.3");
    CHECK(wrong.exit_code == 1);
    CHECK(json::parse(wrong.out)["right"] == false);
    CHECK(json::parse(wrong.out)["expected"] == "3.2250");
    const auto text_wrong = box.answer("score", "3.3", false);
    CHECK(text_wrong.exit_code == 1);
    CHECK(text_wrong.out.find("Not quite.") != std::string::npos);
    CHECK(text_wrong.out.find("3.225") == std::string::npos);  // text mode does not give it away
    CHECK(text_wrong.out.find("attn hint 1 score") != std::string::npos);
    for (const char* unreadable : {"three", "1/0", ""}) {
        const auto r = box.answer("score", unreadable);
        INFO(unreadable);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("attn: error: ", 0) == 0);
    }
    CHECK(box.answer("nosuch", "1").exit_code == 2);
    // predict: a label, any case; choice: letter, number or text; cell: a number within 0.001.
    CHECK(box.answer("top", "APPLE").exit_code == 0);
    CHECK(box.answer("top", "ate").exit_code == 1);
    CHECK(box.answer("pick", "c").exit_code == 0);  // "the": score -1.5 is the smallest
    CHECK(box.answer("pick", "3").exit_code == 0);
    CHECK(box.answer("pick", "the").exit_code == 0);
    CHECK(box.answer("pick", "a").exit_code == 1);
    CHECK(box.answer("pick", "e").exit_code == 2);
    CHECK(box.answer("cell", json(weight).dump()).exit_code == 0);
    CHECK(box.answer("cell", json(weight + 0.002).dump()).exit_code == 1);
}

TEST_CASE("a hand calculation is checked entry by entry and stops at the first wrong one",
          "[quiz][cli][hand]") {
    QuizBox box;
    const std::vector<double> entries = hand_entries(box.explain());
    REQUIRE(entries.size() == 11);
    const auto right = box.answer("byhand", join(entries));
    INFO(right.err);
    REQUIRE(right.exit_code == 0);
    const json v = json::parse(right.out);
    CHECK(v["entries"].size() == 11);
    CHECK(std::fabs(v["expected_value"].get<double>() - entries.back()) <= 1e-12);
    // Rounded to two decimals, with each later entry computed from the rounded ones: still right.
    std::vector<double> rounded{1.5 * 2.15, 0, 0};
    rounded[0] = 3.23;
    rounded.push_back(3.23);  // score
    rounded.push_back(1.86);  // scaled: 3.23 / 1.7321 = 1.8648
    const double m = 1.9053;  // the row's largest scaled score (apple, itself)
    for (double s : {-0.1732, 1.86, -0.866, m}) rounded.push_back(std::round(std::exp(s - m) * 100) / 100);
    double sum = 0;
    for (size_t k = 5; k < 9; ++k) sum += rounded[k];
    rounded.push_back(sum);
    rounded.push_back(std::round(rounded[6] / sum * 100) / 100);
    const auto r2 = box.answer("byhand", join(rounded));
    INFO(r2.out);
    CHECK(r2.exit_code == 0);
    // One wrong entry: the score. The message names it and what the learner's own products give.
    std::vector<double> bad = entries;
    bad[3] = 3.5;
    const auto wrong = box.answer("byhand", join(bad));
    CHECK(wrong.exit_code == 1);
    const json w = json::parse(wrong.out);
    REQUIRE(w["entries"].size() == 4);  // up to the first wrong one
    CHECK(w["entries"][3]["right"] == false);
    CHECK(std::fabs(w["entries"][3]["expected"].get<double>() - entries[3]) <= 1e-12);
    CHECK(w["message"].get<std::string>().find("Entry 4, the score (the sum of the products), is 3.5") == 0);
    // A partial list that is right so far is not yet right.
    const auto partial = box.answer("byhand", join({entries[0], entries[1]}));
    CHECK(partial.exit_code == 1);
    CHECK(json::parse(partial.out)["message"].get<std::string>().find("Right so far") == 0);
    CHECK(box.answer("byhand", "1 2 x").exit_code == 2);
    CHECK(box.answer("byhand", join(entries) + " 1").exit_code == 2);  // one entry too many
}

TEST_CASE("answers follow the toy data when a teacher edits it", "[quiz][cli][data]") {
    QuizBox box;
    CHECK(box.answer("score", "3.225").exit_code == 0);
    // "apple" asks twice as loudly: the object row of W_Q goes from 1.5 to 3.0.
    const std::string file = box.root + "/data/apple/weights.toml";
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string row = "[1.5,  0.0,  0.0],  # object";
    REQUIRE(text.find(row) != std::string::npos);
    text.replace(text.find(row), row.size(), "[3.0,  0.0,  0.0],  # object");
    std::ofstream(file) << text;
    CHECK(box.answer("score", "3.225").exit_code == 1);
    const auto now = box.answer("score", "6.45");
    CHECK(now.exit_code == 0);
    CHECK(std::fabs(json::parse(now.out)["expected_value"].get<double>() - 6.45) <= 1e-12);
    // The hand calculation follows too: its first product is now 3.0 · 2.15.
    const std::vector<double> entries = hand_entries(box.explain());
    CHECK(std::fabs(entries[0] - 6.45) <= 1e-12);
    CHECK(box.answer("byhand", join(entries)).exit_code == 0);
    // --data overrides the environment with the same effect.
    std::vector<std::string> env = box.env();
    env[1] = "ATTN_DATA_DIR=/nonexistent";
    const auto flag =
        run_attn({"quiz", "1", "--question", "score", "--answer", "6.45", "--data", box.root + "/data"}, env);
    CHECK(flag.exit_code == 0);
}

TEST_CASE("hints come in levels with live numbers and the solution waits for the lesson", "[quiz][cli]") {
    QuizBox box;
    const auto h1 = run_attn({"hint", "1", "top"}, box.env());
    REQUIRE(h1.exit_code == 0);
    CHECK(h1.out == "Look at the row of apple.\n");
    const auto h2 = run_attn({"hint", "1", "top", "--level", "2"}, box.env());
    CHECK(h2.out == "The largest score is 3.300.\n");  // a live number
    CHECK(run_attn({"hint", "1", "top", "--level", "3"}, box.env()).exit_code == 2);
    CHECK(run_attn({"hint", "1", "top", "--level", "4"}, box.env()).exit_code == 2);
    CHECK(run_attn({"hint", "1", "cell"}, box.env()).exit_code == 2);  // it has none
    const auto locked = run_attn({"solution", "1", "byhand"}, box.env());
    CHECK(locked.exit_code == 2);
    CHECK(locked.err.find("--force") != std::string::npos);
    const auto forced = run_attn({"solution", "1", "byhand", "--force"}, box.env());
    REQUIRE(forced.exit_code == 0);
    CHECK(forced.out.find("the score (the sum of the products) = 3.225 + 0 + 0 = 3.225") !=
          std::string::npos);
    CHECK(forced.out.find("the scaled score (score / sqrt(d_k)) = 3.225 / 1.73205 = 1.86195") !=
          std::string::npos);
    // Once the lesson is done (read through), the solution opens.
    REQUIRE(run_attn({"lesson", "1"}, box.env()).exit_code == 0);  // printed: read, but not marked done
    CHECK(run_attn({"solution", "1", "score"}, box.env()).exit_code == 2);
    fs::create_directories(fs::path(box.progress_file()).parent_path());
    std::ofstream(box.progress_file()) << json{{"format", "attn-progress"},
                                               {"version", 1},
                                               {"current", "quizzed"},
                                               {"lessons", {{"quizzed", {{"step", 0}, {"done", true}}}}}}
                                              .dump();
    const auto open = run_attn({"solution", "1", "score"}, box.env());
    CHECK(open.exit_code == 0);
    CHECK(open.out.find("The answer is 3.2250.") != std::string::npos);
}

TEST_CASE("attempts and scores are recorded, listed, and the weakest lesson suggested",
          "[quiz][cli][progress]") {
    QuizBox box;
    CHECK(box.answer("score", "3").exit_code == 1);
    CHECK(box.answer("score", "3.225").exit_code == 0);
    CHECK(box.answer("top", "apple").exit_code == 0);
    const json p = box.progress();
    CHECK(p["lessons"]["quizzed"]["questions"]["score"] == json({{"attempts", 2}, {"right_at", 2}}));
    CHECK(p["lessons"]["quizzed"]["questions"]["top"] == json({{"attempts", 1}, {"right_at", 1}}));
    const auto list = run_attn({"list"}, box.env());
    // (1/2 + 1) / 5 questions = 30%
    CHECK(list.out.find("quiz: 30% (2 of 5 right, 3 attempts)") != std::string::npos);
    const json listed = json::parse(run_attn({"list", "--json"}, box.env()).out);
    CHECK(std::fabs(listed["lessons"][0]["score"].get<double>() - 0.3) <= 1e-12);
    CHECK(listed["lessons"][0]["attempts"] == 3);
    CHECK(listed["lessons"][1]["score"].is_null());
    const auto status = run_attn({}, box.env());
    CHECK(status.out.find("Weakest quiz score: lesson 1 (Quizzed), 30%") != std::string::npos);
    // The course came from ATTN_LESSONS_DIR and ATTN_DATA_DIR: the command names both, to work when pasted.
    // A command too wide for the window goes on with " \\": joined again, it is the whole command.
    std::string joined = status.out;
    for (size_t at = joined.find(" \\\n    "); at != std::string::npos; at = joined.find(" \\\n    "))
        joined.replace(at, 7, " ");
    CHECK(joined.find("Go back to it with: attn --lessons " + box.root + "/lessons --data " + box.root +
                      "/data quiz 1\n") != std::string::npos);
    std::istringstream rows(status.out);
    for (std::string row; std::getline(rows, row);) CHECK(row.size() <= 80);
}

TEST_CASE("quiz refuses to wait off a terminal, and a lesson prints its questions without answers",
          "[quiz][cli]") {
    QuizBox box;
    const auto r = run_attn({"quiz", "1"}, box.env());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--list") != std::string::npos);
    CHECK(run_attn({"quiz", "1", "--answer", "3"}, box.env()).exit_code == 2);
    const auto lesson = run_attn({"--no-input", "lesson", "1"}, box.env());
    REQUIRE(lesson.exit_code == 0);
    const size_t text = lesson.out.find("Text of the first step."),
                 listed = lesson.out.find("[score] (numeric)");
    REQUIRE(listed != std::string::npos);
    CHECK(text < listed);
    const auto fitted =
        run_attn({"--no-input", "lesson", "1"},
                 {"ATTN_LESSONS_DIR=" + box.root + "/lessons", "ATTN_DATA_DIR=" + box.root + "/data",
                  "XDG_STATE_HOME=" + box.root + "/state", "COLUMNS=300"});
    CHECK(fitted.out.find("(answer with: attn --lessons " + box.root + "/lessons --data " + box.root +
                          "/data quiz 1 --question ID --answer VALUE)") != std::string::npos);
    CHECK(lesson.out.find("kind = ") == std::string::npos);  // the TOML itself is not shown
}

TEST_CASE("a question whose live answer is not among its choices is a lesson error at its line",
          "[quiz][cli][errors]") {
    QuizBox box;
    std::ofstream(box.root + "/lessons/o.md")
        << "## O\n\n```question\nid = \"c\"\nkind = \"choice\"\nprompt = \"p\"\n"
           "choices = [\"I\", \"the\"]\n"
           "answer = 'run -s \"I ate the apple\" | stages.weights[apple].argmax'\n```\n";
    const auto r = run_attn({"quiz", "2", "--question", "c", "--answer", "a"}, box.env());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("o.md:3:") != std::string::npos);
    CHECK(r.err.find("not among its choices") != std::string::npos);
}

TEST_CASE("question lists fit 60, 80 and 100 columns, and --ascii is pure ASCII", "[quiz][cli][width]") {
    const std::vector<std::string> env{
        "ATTN_LESSONS_DIR=" + std::string(ATTN_SOURCE_DIR) + "/lessons",
        "XDG_STATE_HOME=" +
            (fs::temp_directory_path() / ("attn-quiz-width-" + std::to_string(::getpid()))).string()};
    for (const char* columns : {"60", "80", "100"})
        for (const char* lesson : {"5", "7", "8", "13"}) {
            std::vector<std::string> e = env;
            e.push_back(std::string("COLUMNS=") + columns);
            const auto r = run_attn({"quiz", lesson, "--list", "--ascii"}, e);
            REQUIRE(r.exit_code == 0);
            std::istringstream lines(r.out);
            for (std::string line; std::getline(lines, line);) {
                INFO("COLUMNS=" << columns << " lesson " << lesson << ": " << line);
                CHECK(line.size() <= static_cast<size_t>(std::stoi(columns)));
                for (unsigned char c : line) CHECK(c < 128);
            }
        }
}

TEST_CASE("a hand calculation with RoPE works on the rotated query and key - ALiBi and linear are refused",
          "[quiz][cli][hand]") {
    QuizBox box;
    const std::string rope = "run -s \"I ate the apple\" --d-k 4 --rope";
    std::ofstream(box.root + "/lessons/o.md")
        << "## O\n\n```question\nid = \"rope\"\nkind = \"hand\"\nprompt = \"p\"\ncommand = '" << rope
        << "'\nquery = \"apple\"\nkey = \"the\"\n```\n";
    // attn run's own explanation (a separate code path) rotates before the products.
    const auto run = run_attn({"run", "-s", "I ate the apple", "--d-k", "4", "--rope", "--explain",
                               "apple,the", "--format", "json"},
                              box.env());
    REQUIRE(run.exit_code == 0);
    const json doc = json::parse(run.out);
    const std::vector<double> entries = hand_entries(doc["explain"][0]);
    const double score = doc["stages"]["scores"][3][2];
    CHECK(std::fabs(entries[4] - score) <= 1e-12);  // 4 products, then the score of q_rot · k_rot
    const auto answer = [&](const std::string& id, const std::string& value) {
        return run_attn({"quiz", "2", "--question", id, "--answer", value, "--format", "json"}, box.env());
    };
    const auto right = answer("rope", join(entries));
    INFO(right.err);
    CHECK(right.exit_code == 0);
    std::vector<double> unrotated = entries;  // the products of q and k before the rotation
    const json q = doc["stages"]["q"][3], k = doc["stages"]["k"][2];
    for (size_t d = 0; d < 4; ++d) unrotated[d] = q[d].get<double>() * k[d].get<double>();
    const auto wrong = answer("rope", join(unrotated));
    CHECK(wrong.exit_code == 1);
    const json w = json::parse(wrong.out);
    REQUIRE(w["entries"].size() == 1);  // the first product is already the rotated one
    CHECK(std::fabs(w["entries"][0]["expected"].get<double>() - entries[0]) <= 1e-12);
    const auto list = run_attn({"quiz", "2", "--list"}, box.env());
    CHECK(list.out.find("q_rot of 'apple' = [") != std::string::npos);

    // A hand question on ALiBi or linear attention would check the learner against the wrong sums.
    std::ofstream(box.root + "/lessons/o.md")
        << "## O\n\n```question\nid = \"alibi\"\nkind = \"hand\"\nprompt = \"p\"\n"
           "command = 'run -s \"I ate the apple\" --heads 2 --alibi'\nquery = \"apple\"\nkey = \"I\"\n```\n\n"
           "```question\nid = \"linear\"\nkind = \"hand\"\nprompt = \"p\"\n"
           "command = 'run -s \"I ate the apple\" --kernel linear'\nquery = \"apple\"\nkey = \"I\"\n```\n";
    const auto alibi = answer("alibi", "1");
    CHECK(alibi.exit_code == 2);
    CHECK(alibi.err.find("o.md:") != std::string::npos);
    CHECK(alibi.err.find("ALiBi") != std::string::npos);
    const auto linear = answer("linear", "1");
    CHECK(linear.exit_code == 2);
    CHECK(linear.err.find("linear attention") != std::string::npos);
}
