// A teacher's own course: attn check runs everything a lesson holds and names file and line for each
// failure; attn list marks a lesson whose commands do not parse; paths in a lesson mean files beside it;
// a teacher's course keeps its own progress; tables render in the player and the exports.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "export_support.hpp"
#include "run_binary.hpp"

using attn::test::read_file;
using attn::test::run_attn;
using attn::test::run_attn_at;
namespace fs = std::filesystem;

namespace {

const char* kGood =
    "## Good\n"                                                                    // 1
    "\n"                                                                           // 2
    "The largest weight is `=softmax --logits 1,2,3 | stable.weights.max | 4`.\n"  // 3
    "\n"                                                                           // 4
    "```attn\n"                                                                    // 5
    "vocab --vocab mine.toml --words kiwi\n"                                       // 6
    "```\n"                                                                        // 7
    "\n"                                                                           // 8
    "```sh\n"                                                                      // 9
    "attn softmax --logits 0,0\n"                                                  // 10
    "attn lesson 1\n"                                                              // 11
    "```\n"                                                                        // 12
    "\n"                                                                           // 13
    "```question\n"                                                                // 14
    "id = \"top\"\nkind = \"numeric\"\nprompt = \"The largest weight?\"\n"
    "answer = 'softmax --logits 1,2,3 | stable.weights.max'\n"
    "```\n"
    "\n"
    "| symbol | meaning |\n"
    "|--------|--------:|\n"
    "| a | 1 |\n"
    "| bb | 22 |\n";

const char* kBad =
    "## Bad\n"                                                // 1
    "\n"                                                      // 2
    "A value: `=softmax --logits 1,2,3 | stable.nothing`.\n"  // 3
    "\n"                                                      // 4
    "```attn\n"                                               // 5
    "run -s \"I ate the appel\"\n"                            // 6
    "```\n"                                                   // 7
    "\n"                                                      // 8
    "```sh\n"                                                 // 9
    "attn softmax --no-such-flag\n"                           // 10
    "$ attn vocab --vocab missing.toml\n"                     // 11
    "```\n"                                                   // 12
    "\n"                                                      // 13
    "```question\n"                                           // 14
    "id = \"q\"\nkind = \"numeric\"\nprompt = \"?\"\nanswer = 'softmax --logits 1,2 | stable.nothing'\n"
    "```\n";

struct TeacherCourse {
    std::string root = (fs::temp_directory_path() / ("attn-teacher-" + std::to_string(::getpid()))).string();
    std::string dir = root + "/my-course";
    explicit TeacherCourse(bool with_broken = true) {
        fs::remove_all(root);
        fs::create_directories(dir);
        std::string manifest =
            "title = \"A teacher's course\"\n"
            "[[lesson]]\nslug = \"good\"\ntitle = \"Good\"\nfile = \"good.md\"\n";
        if (with_broken)
            manifest +=
                "[[lesson]]\nslug = \"bad\"\ntitle = \"Bad\"\nfile = \"bad.md\"\n"
                "[[lesson]]\nslug = \"broken\"\ntitle = \"Broken\"\nfile = \"broken.md\"\n";
        else
            manifest += "[[lesson]]\nslug = \"again\"\ntitle = \"Again\"\nfile = \"good.md\"\n";
        std::ofstream(dir + "/course.toml") << manifest;
        std::ofstream(dir + "/good.md") << kGood;
        std::ofstream(dir + "/bad.md") << kBad;
        std::ofstream(dir + "/broken.md") << "## A\n\ntext\n\n```attn\n```\n";
        // The teacher's own vocabulary, beside the lesson that uses it.
        std::ofstream(dir + "/mine.toml")
            << "description = \"mine\"\ndimensions = [\"sweet\", \"sour\"]\n[words]\n"
               "kiwi = [0.25, 0.75]\nlime = [0.0, 1.0]\n";
        fs::create_directories(root + "/elsewhere");
    }
    ~TeacherCourse() { fs::remove_all(root); }
    std::vector<std::string> env() const { return {"XDG_STATE_HOME=" + root + "/state", "COLUMNS=200"}; }
};

std::set<long> failure_lines(const nlohmann::json& lesson) {
    std::set<long> lines;
    for (const auto& f : lesson.at("failures")) lines.insert(f.at("line").get<long>());
    return lines;
}

}  // namespace

TEST_CASE("attn check names file and line of every failing part, and exits 1", "[teacher][check]") {
    TeacherCourse course;
    const auto r = run_attn_at(ATTN_BINARY, course.root + "/elsewhere", {"--lessons", course.dir, "check"},
                               course.env());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    CHECK(r.out.find("ok    1  Good  (good)") != std::string::npos);
    CHECK(r.out.find("FAIL  2  Bad  (bad)") != std::string::npos);
    CHECK(r.out.find("FAIL  3  Broken  (broken)") != std::string::npos);
    const std::string bad = course.dir + "/bad.md:";
    CHECK(r.out.find(bad + "3: ") != std::string::npos);  // the live value's path
    CHECK(r.out.find(bad + "6: attn run -s \"I ate the appel\": ") != std::string::npos);
    CHECK(r.out.find("appel") != std::string::npos);
    CHECK(r.out.find(bad + "10: attn softmax --no-such-flag: ") != std::string::npos);
    CHECK(r.out.find(bad + "11: attn vocab --vocab missing.toml: ") != std::string::npos);
    CHECK(r.out.find(bad + "14: ") != std::string::npos);  // the question's live answer
    CHECK(r.out.find(course.dir + "/broken.md:5: ") != std::string::npos);
    CHECK(r.out.find("3 lessons checked: 1 ok, 2 failed (6 failures).") != std::string::npos);

    const auto json = run_attn_at(ATTN_BINARY, course.root + "/elsewhere",
                                  {"--lessons", course.dir, "check", "--json"}, course.env());
    REQUIRE(json.exit_code == 1);
    const nlohmann::json doc = nlohmann::json::parse(json.out);
    REQUIRE(doc.at("lessons").size() == 3);
    const nlohmann::json& good = doc["lessons"][0];
    CHECK(good.at("ok") == true);
    CHECK(good.at("commands") == 1);
    CHECK(good.at("try_its") == 2);
    CHECK(good.at("live_blocks") == 1);
    CHECK(good.at("questions") == 1);
    CHECK(failure_lines(doc["lessons"][1]) == std::set<long>{3, 6, 10, 11, 14});
    CHECK(doc["lessons"][2].at("failures").size() == 1);
    CHECK(doc.at("failed_lessons") == 2);
    CHECK(doc.at("failures") == 6);
    // Nothing of the learner's moved: a check keeps no progress.
    CHECK_FALSE(fs::exists(course.root + "/state"));
}

TEST_CASE("attn check reports every failing live value of a paragraph - each at its own line",
          "[teacher][check][live]") {
    const std::string root =
        (fs::temp_directory_path() / ("attn-check-live-" + std::to_string(::getpid()))).string();
    fs::remove_all(root);
    fs::create_directories(root);
    std::ofstream(root + "/course.toml")
        << "title = \"t\"\n[[lesson]]\nslug = \"live\"\ntitle = \"Live\"\nfile = \"live.md\"\n";
    // One paragraph (lines 3-8): two bad paths, a good value between them, a command that fails, and a
    // bad path in the `=else` branch that the data hides now (a learner's edit could show it).
    std::ofstream(root + "/live.md")
        << "## Live\n"                                                            // 1
           "\n"                                                                   // 2
           "First `=softmax --logits 1,2,3 | stable.nothing | 2`,\n"              // 3
           "then `=softmax --logits 1,2,3 | stable.weights.max | 2` is fine,\n"   // 4
           "then `=softmax --logits 1,2,3 | stable.weights[9]`,\n"                // 5
           "and `=run -s \"I ate the appel\" | stages.weights[0][0]`.\n"          // 6
           "`=if softmax --logits 1,2,3 | stable.weights.max > 0.5`big`=else`\n"  // 7
           "small, `=softmax --logits 1,2,3 | stable.hidden`.`=end`\n";           // 8
    const auto r = run_attn({"--lessons", root, "check", "--json"}, {"XDG_STATE_HOME=" + root + "/state"});
    fs::remove_all(root);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    const nlohmann::json& failures = doc["lessons"][0].at("failures");
    CHECK(failure_lines(doc["lessons"][0]) == std::set<long>{3, 5, 6, 8});
    REQUIRE(failures.size() == 4);
    CHECK(failures[0].at("message").get<std::string>().find("live.md:3: ") != std::string::npos);
    CHECK(failures[0].at("message").get<std::string>().find("'nothing'") != std::string::npos);
    CHECK(failures[1].at("message").get<std::string>().find("live.md:5: ") != std::string::npos);
    CHECK(failures[1].at("message").get<std::string>().find("out of range") != std::string::npos);
    CHECK(failures[2].at("message").get<std::string>().find("appel") != std::string::npos);
    CHECK(failures[3].at("message").get<std::string>().find("'hidden'") != std::string::npos);
}

TEST_CASE("attn check passes a good course with exit 0, and the shipped course passes",
          "[teacher][check][slow]") {
    TeacherCourse course(false);
    const auto r = run_attn_at(ATTN_BINARY, course.root + "/elsewhere", {"--lessons", course.dir, "check"},
                               course.env());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("2 lessons checked: 2 ok, 0 failed.") != std::string::npos);
    const auto shipped = run_attn({"check", "--json"}, course.env());
    INFO(shipped.out.substr(0, 3000) << shipped.err);
    REQUIRE(shipped.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(shipped.out);
    CHECK(doc.at("failures") == 0);
    // One entry per [[lesson]] of the shipped course.toml: every lesson was checked.
    size_t manifest_lessons = 0;
    std::ifstream manifest(std::string(ATTN_SOURCE_DIR) + "/lessons/course.toml");
    for (std::string line; std::getline(manifest, line);)
        manifest_lessons += line.rfind("[[lesson]]", 0) == 0;
    REQUIRE(manifest_lessons >= 19);
    CHECK(doc.at("lessons").size() == manifest_lessons);
    size_t try_its = 0;
    for (const auto& l : doc["lessons"]) try_its += l.at("try_its").get<size_t>();
    CHECK(try_its >= 90);  // the shipped lessons' ```sh blocks hold about a hundred attn lines
    CHECK(run_attn({"check", "extra"}, course.env()).exit_code == 2);
    CHECK(run_attn({"--lessons", course.root + "/nowhere", "check"}, course.env()).exit_code == 2);
}

TEST_CASE("attn list marks a lesson whose command does not parse, with its line", "[teacher][check]") {
    TeacherCourse course;
    const auto r = run_attn({"--lessons", course.dir, "list", "--json"}, course.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["lessons"][0].at("error").is_null());
    const std::string bad = doc["lessons"][1].at("error").get<std::string>();
    CHECK(bad.find(course.dir + "/bad.md:10: attn softmax --no-such-flag") == 0);
    CHECK(doc["lessons"][2].at("error").get<std::string>().find("broken.md:5") != std::string::npos);
    const auto text = run_attn({"--lessons", course.dir, "list"}, course.env());
    CHECK(text.out.find(" !   2  Bad  (bad)") != std::string::npos);
    CHECK(text.out.find("bad.md:10") != std::string::npos);
}

TEST_CASE("a path in a lesson's command means a file beside the lesson", "[teacher]") {
    TeacherCourse course(false);
    const auto r = run_attn_at(ATTN_BINARY, course.root + "/elsewhere",
                               {"--lessons", course.dir, "--no-input", "lesson", "1"}, course.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("$ attn vocab --vocab mine.toml --words kiwi") != std::string::npos);
    CHECK(r.out.find("0.75") != std::string::npos);  // kiwi's sour, from my-course/mine.toml
    CHECK(r.out.find("The largest weight is 0.6652.") != std::string::npos);
    // A --data folder given relative to where attn was started keeps that meaning.
    fs::create_directories(course.root + "/elsewhere/mydata");
    const auto data =
        run_attn_at(ATTN_BINARY, course.root + "/elsewhere",
                    {"--lessons", course.dir, "--data", "mydata", "--no-input", "lesson", "1"}, course.env());
    INFO(data.err);
    CHECK(data.exit_code == 0);
}

TEST_CASE("a teacher's course keeps its own progress - printing a lesson moves nobody's place",
          "[teacher][progress]") {
    TeacherCourse course(false);
    const std::string main_file = course.root + "/state/attn/progress.json";
    const auto next = run_attn({"next"}, course.env());
    INFO(next.err);
    REQUIRE(next.exit_code == 0);
    const std::string before = read_file(main_file);
    CHECK(nlohmann::json::parse(before).at("current") == "embeddings-and-similarity");

    const auto teacher = run_attn({"--lessons", course.dir, "next"}, course.env());
    INFO(teacher.err);
    REQUIRE(teacher.exit_code == 0);
    CHECK(read_file(main_file) == before);  // the main course's place is where it was
    std::vector<fs::path> own;
    for (const auto& e : fs::directory_iterator(course.root + "/state/attn/courses")) own.push_back(e.path());
    REQUIRE(own.size() == 1);
    CHECK(own[0].filename().string().rfind("my-course-", 0) == 0);
    CHECK(nlohmann::json::parse(read_file(own[0] / "progress.json")).at("current") == "again");
    const auto paths = run_attn({"--lessons", course.dir, "paths"}, course.env());
    CHECK(paths.out.find((own[0] / "progress.json").string()) != std::string::npos);

    CHECK(run_attn({"--no-input", "lesson", "5"}, course.env()).exit_code == 0);
    CHECK(run_attn({"--lessons", course.dir, "--no-input", "lesson", "1"}, course.env()).exit_code == 0);
    CHECK(read_file(main_file) == before);
    CHECK(nlohmann::json::parse(read_file(own[0] / "progress.json")).at("current") == "again");
}

TEST_CASE("a Markdown table in a lesson is a table in the player and in the exports", "[teacher][markdown]") {
    TeacherCourse course(false);
    const auto text =
        run_attn({"--lessons", course.dir, "--no-input", "lesson", "1", "--step", "1"}, course.env());
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("symbol │ meaning\n───────┼────────\na      │       1\nbb     │      22\n") !=
          std::string::npos);
    const auto ascii =
        run_attn({"--lessons", course.dir, "--ascii", "--no-input", "lesson", "1"}, course.env());
    CHECK(ascii.out.find("symbol | meaning\n-------+--------\na      |       1\nbb     |      22\n") !=
          std::string::npos);
    attn::test::TempDir out;
    REQUIRE(
        run_attn({"--lessons", course.dir, "export", "lesson", "1", "--format", "md,html", "-o", out / "x"},
                 course.env())
            .exit_code == 0);
    const std::string md = read_file(out / "x/lesson-1.md");
    CHECK(md.find("| symbol | meaning |\n|--------|--------:|\n| a | 1 |\n| bb | 22 |") != std::string::npos);
    CHECK(md.find("The largest weight is 0.6652.") !=
          std::string::npos);  // live values, not their references
    const std::string html = read_file(out / "x/lesson-1.html");
    CHECK(html.find("<table>") != std::string::npos);
    CHECK(html.find("<th>symbol</th>") != std::string::npos);
    CHECK(html.find("<td align=\"right\">22</td>") != std::string::npos);
    CHECK(html.find("The largest weight is 0.6652.") != std::string::npos);
}

TEST_CASE("attn check also checks the course's glossary: it loads and its terms name lessons it has",
          "[teacher][check]") {
    TeacherCourse course(false);
    std::ofstream(course.dir + "/glossary.toml")
        << "[[term]]\nname = \"kiwi\"\nshort = \"a fruit\"\ntext = \"Green.\"\n"
           "lesson = \"good\"\n\n"
           "[[term]]\nname = \"lime\"\nshort = \"sour\"\ntext = \"Sour.\"\n"
           "lesson = \"nowhere\"\n";
    const auto r = run_attn({"--lessons", course.dir, "check"}, course.env());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("FAIL     glossary  (2 terms)") != std::string::npos);
    CHECK(r.out.find(course.dir +
                     "/glossary.toml:7: term 'lime' names lesson 'nowhere', which course.toml does not "
                     "have") != std::string::npos);
    CHECK(r.out.find("2 lessons checked: 2 ok, 0 failed; the glossary has 1 failure.") != std::string::npos);
    // Its own glossary is what attn glossary shows for this course.
    CHECK(run_attn({"--lessons", course.dir, "glossary", "kiwi"}, course.env())
              .out.rfind("kiwi\n----\na fruit", 0) == 0);
    std::ofstream(course.dir + "/glossary.toml") << "[[term]]\nname = \"kiwi\"\n";
    const auto broken = run_attn({"--lessons", course.dir, "check", "--json"}, course.env());
    CHECK(broken.exit_code == 1);
    const nlohmann::json doc = nlohmann::json::parse(broken.out);
    CHECK(doc["glossary"]["ok"] == false);
    CHECK(doc["glossary"]["failures"][0]["message"].get<std::string>().find("glossary.toml") !=
          std::string::npos);
    CHECK(doc["failed_lessons"] == 0);
}
