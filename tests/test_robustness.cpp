// Hostile inputs, as a curious learner or a careless teacher would try them: each bug found by hand
// or by the fuzzers has its test here (the corpus of tests/bad-input replays many more end to end).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "cli/app.hpp"
#include "cli/context.hpp"
#include "course/lesson.hpp"
#include "course/progress.hpp"
#include "course/train_save.hpp"
#include "inputs/input_error.hpp"
#include "math/attention.hpp"
#include "math/softmax_demo.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using attn::test::require_input_error;
using attn::test::run_attn;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("attn-robust-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The names in `dir`, sorted: what a listing shows, temporary files included.
std::vector<std::string> entry_names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

attn::cli::CommandResult nested(const std::string& line) {
    attn::cli::Context ctx;
    ctx.global.lessons_dir = std::string(ATTN_SOURCE_DIR) + "/lessons";
    ctx.global.data_dir = std::string(ATTN_SOURCE_DIR) + "/data";
    return attn::cli::run_nested(line, ctx);
}

}  // namespace

TEST_CASE("an ```attn info string with an entity or an escape is found in the source", "[robust][lesson]") {
    using attn::course::parse_lesson_markdown;
    for (const std::string info : {"attn &amp;", "attn \\!", "attn &#65;"}) {
        INFO(info);
        const auto steps = parse_lesson_markdown(
            "# T\n\nintro\n\n```" + info + "\nrun -s \"I ate\"\n```\n\nafter\n", "l.md");
        REQUIRE(steps.size() == 1);
        REQUIRE(steps[0].blocks.size() == 3);
        CHECK(steps[0].blocks[1].kind == attn::course::Block::Kind::command);
        CHECK(steps[0].blocks[1].text == "run -s \"I ate\"");
        CHECK(steps[0].blocks[1].line == 6);
        CHECK(steps[0].blocks[2].text == "after");  // the fence lines are not prose
    }
}

TEST_CASE("an empty ## heading is an error with its line - one starting with an entity is a title",
          "[robust][lesson]") {
    using attn::course::parse_lesson_markdown;
    CHECK_THROWS_WITH(parse_lesson_markdown("# T\n\none\n\n## \n\ntwo\n", "l.md"),
                      Catch::Contains("l.md:5: this ## heading is empty"));
    const auto steps = parse_lesson_markdown("# T\n\none\n\n## &amp; more\n\ntwo\n", "l.md");
    REQUIRE(steps.size() == 2);
    CHECK(steps[1].title.find("more") != std::string::npos);
    CHECK(steps[1].line == 5);
    REQUIRE(steps[1].blocks.size() == 1);
    CHECK(steps[1].blocks[0].text == "two");  // no earlier text duplicated
}

TEST_CASE("a lesson's command cannot open the course, however it is written", "[robust][nested]") {
    for (const std::string line :
         {"lesson 1", "--no-input lesson 1", "lesson\t1", "--ascii next", "prev", "--ascii", "\"lesson\" 2",
          "--color never list --json", "paths", "reset --all --force", ""}) {
        INFO("command: [" << line << "]");
        const attn::cli::CommandResult r = nested(line);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("cannot run inside a lesson") != std::string::npos);
    }
    // A word that only looks like a course command is fine.
    CHECK(nested("run --sentence \"next lesson\" --vocab apple --weights random").code ==
          2);  // unknown words
    CHECK(nested("softmax --labels lesson,next --logits 1,2").code == 0);
}

TEST_CASE("seq2seq: a target or source with no words is bad input", "[robust][seq2seq]") {
    require_input_error({"seq2seq", "--target", ""}, {"--target \"\" has no words"});
    require_input_error({"seq2seq", "--target", "..."}, {"--target \"...\" has no words"});
    require_input_error({"seq2seq", "--source", "!", "--target", "le chat"}, {"--source \"!\" has no words"});
}

TEST_CASE("softmax: +inf or NaN is an overflow, never a mask", "[robust][math]") {
    const double inf = std::numeric_limits<double>::infinity();
    arma::mat scores = {{1.0, inf}};
    CHECK_THROWS_WITH(attn::math::softmax_rows(scores),
                      Catch::Contains("row 0, column 1") && Catch::Contains("not a mask"));
    scores = {{1.0, std::nan("")}};
    CHECK_THROWS_WITH(attn::math::softmax_rows(scores), Catch::Contains("an overflow, not a mask"));
    scores = {{-inf, 2.0}};  // a masked key is still fine
    attn::test::check_matrices(attn::math::softmax_rows(scores), arma::mat{{0.0, 1.0}}, 0.0);
}

TEST_CASE("attention: finite inputs whose product overflows name the cell and the operation",
          "[robust][math]") {
    const arma::mat q = {{1e200, 1.0}}, k = {{1e200, 0.0}}, v = {{1.0, 2.0}};
    CHECK_THROWS_WITH(attn::math::attention_from_qkv(q, k, v, 1, std::nullopt, std::nullopt),
                      Catch::Contains("Q·Kᵀ (1, 1) overflows at row 0, column 0 (inf)"));
    const arma::mat big = {{1e308, 1e308}, {1e308, 1e308}};
    try {
        attn::math::attention_from_qkv(big, big, big, 1, std::nullopt, std::nullopt);
        FAIL("no error");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("masked") == std::string::npos);
        CHECK(std::string(e.what()).find("overflows") != std::string::npos);
    }
    attn::test::TempFile x("1e200,1\n");
    attn::test::TempFile kf("1e200,0\n");
    require_input_error({"run", "--q", x.path, "--k", kf.path, "--v", kf.path},
                        {"overflows at row 0, column 0"});
}

TEST_CASE("softmax --temperature too small to divide by is bad input", "[robust][softmax]") {
    CHECK_THROWS_WITH(attn::math::apply_temperature(arma::rowvec{2.0, 1.0}, 1e-320),
                      Catch::Contains("logit 0 / T = 2 / 9.99989e-321 overflows"));
    require_input_error({"softmax", "--logits", "2,1", "--temperature", "1e-320"},
                        {"overflows", "larger temperature"});
}

TEST_CASE("sizes are limited before anything is allocated", "[robust][limits]") {
    std::string sentence;
    for (int i = 0; i < 10000; ++i) sentence += "apple ";
    require_input_error({"run", "--sentence", sentence, "--format", "json"}, {"more than 512 words"});
    require_input_error({"transformer", "--sentence", sentence}, {"more than 512 words"});
    std::string wide;
    for (int i = 0; i < 1100; ++i) wide += (i ? ",1" : "1");
    attn::test::TempFile w(wide + "\n");
    require_input_error({"run", "--q", w.path, "--k", w.path, "--v", w.path},
                        {w.path + ":1: more than 1024 columns"});
    std::string tall;
    for (int i = 0; i < 1100; ++i) tall += "1\n";
    attn::test::TempFile t(tall);
    require_input_error({"run", "--q", t.path, "--k", t.path, "--v", t.path},
                        {t.path + ":1025: more than 1024 rows"});
    require_input_error({"run", "--sentence", "I ate", "--heads", "256", "--d-k", "4096"},
                        {"1048576 columns", "at most 1024"});
    attn::test::TempFile cells("1,1,1,1,1,1,1,1\n");
    std::string rows;
    for (int i = 0; i < 1000; ++i) rows += "1,1,1,1,1,1,1,1\n";
    attn::test::TempFile many(rows);
    require_input_error({"run", "--q", many.path, "--k", many.path, "--v", many.path, "--heads", "8"},
                        {"8 head(s) x 1000 queries x 1000 keys = 8000000 scores"});
    require_input_error({"transformer", "--d-ff", "5000", "--weights", "random"}, {"--d-ff", "5000"});
}

TEST_CASE("special and huge files are refused without reading them to the end", "[robust][limits]") {
    require_input_error({"run", "--x", "/dev/zero", "--wq", "a", "--wk", "b", "--wv", "c"},
                        {"/dev/zero: that is a device, not a file"});
    const fs::path dir = fresh_dir("special");
    // A pipe the shell opened for attn is read like a file (process substitution, /dev/stdin); a named
    // one (a FIFO) is refused at once, never waited on (tests/bad-input/csv-fifo-endless).
    std::ofstream(dir / "k.csv") << "1,0\n0,1\n";
    const std::string input = "1,0\n0,1\n";
    const attn::test::ProcessResult piped =
        run_attn({"run", "--q", "/dev/stdin", "--k", (dir / "k.csv").string(), "--v",
                  (dir / "k.csv").string(), "--format", "json"},
                 {}, &input);
    INFO(piped.err);
    CHECK(piped.exit_code == 0);
    {
        std::ofstream big(dir / "big.csv");
        const std::string line(1000, '1');
        for (int i = 0; i < 17 * 1024; ++i) big << line << "\n";
    }
    require_input_error({"run", "--q", (dir / "big.csv").string(), "--k", "x", "--v", "y"},
                        {"larger than 16 MiB"});
    fs::remove_all(dir);
}

TEST_CASE("paths too long or looping links are bad input, not internal errors", "[robust][paths]") {
    const std::string long_path(5000, 'a');
    require_input_error({"run", "--sentence", "I ate", "--vocab", long_path}, {"--vocab"});
    require_input_error({"transformer", "--weights", long_path}, {"--weights"});
    require_input_error({"train", "--task", long_path}, {"--task"});
    const fs::path dir = fresh_dir("loop");
    fs::create_symlink(dir / "b", dir / "a");
    fs::create_symlink(dir / "a", dir / "b");
    require_input_error({"run", "--sentence", "I ate", "--vocab", (dir / "a").string()}, {"--vocab"});
    require_input_error({"run", "--q", (dir / "a").string(), "--k", "x", "--v", "y"}, {(dir / "a").string()});
    fs::remove_all(dir);
}

TEST_CASE("progress: a symlinked file is followed and stays a link", "[robust][progress]") {
    const fs::path dir = fresh_dir("symlink");
    fs::create_directories(dir / "state" / "elsewhere");
    fs::create_symlink("elsewhere/real.json", dir / "state" / "progress.json");
    attn::course::Progress p;
    p.current = "scaling";
    attn::course::save_progress(p, (dir / "state").string());
    CHECK(fs::is_symlink(dir / "state" / "progress.json"));
    CHECK(attn::course::load_progress((dir / "state").string()).progress.current == "scaling");
    CHECK(slurp(dir / "state" / "elsewhere" / "real.json").find("scaling") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("progress: a FIFO or a device is refused, never read or replaced", "[robust][progress]") {
    const fs::path dir = fresh_dir("fifo");
    REQUIRE(::mkfifo((dir / "progress.json").c_str(), 0600) == 0);
    CHECK_THROWS_AS(attn::course::load_progress(dir.string()), attn::course::InputError);
    CHECK_THROWS_AS(attn::course::save_progress({}, dir.string()), attn::course::WriteError);
    CHECK(fs::is_fifo(dir / "progress.json"));
    fs::create_directories(dir / "attn");
    fs::rename(dir / "progress.json", dir / "attn" / "progress.json");
    const attn::test::ProcessResult r = run_attn({"list"}, {"XDG_STATE_HOME=" + dir.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("progress.json is not a regular file") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("progress: a step out of range is a corrupt file, moved aside with a clear warning",
          "[robust][progress]") {
    for (const std::string step : {"1e300", "-1", "1.5", "10000", "\"3\""}) {
        INFO(step);
        const fs::path dir = fresh_dir("step");
        std::ofstream(dir / "progress.json")
            << R"({"format": "attn-progress", "version": 1, "current": "a", "lessons": {"a": {"step": )"
            << step << R"(, "done": false}}})";
        const attn::course::LoadedProgress loaded = attn::course::load_progress(dir.string());
        REQUIRE(loaded.warning);
        CHECK(loaded.warning->find("\"step\" must be a whole number from 0 to 9999") != std::string::npos);
        CHECK(loaded.warning->find("the old file is kept as") != std::string::npos);
        CHECK(loaded.progress.lessons.empty());
        fs::remove_all(dir);
    }
}

TEST_CASE("progress: temporary files of killed saves are removed on the next start", "[robust][progress]") {
    const fs::path dir = fresh_dir("stale");
    // A process that surely is gone: a child that has exited and been reaped.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    // Temporaries are named .NAME.attn-PID.XXXXXX (course/atomic_write.hpp).
    const std::string dead = ".progress.json.attn-" + std::to_string(child) + ".a1B2c3";
    const std::string alive = ".progress.json.attn-" + std::to_string(::getppid()) + ".a1B2c3";
    std::ofstream(dir / dead) << "{\"half";
    std::ofstream(dir / alive) << "a live process's";
    std::ofstream(dir / ".progress.json.attn-notes") << "not ours";
    attn::course::load_progress(dir.string());
    CHECK_FALSE(fs::exists(dir / dead));
    CHECK(fs::exists(dir / alive));
    CHECK(fs::exists(dir / ".progress.json.attn-notes"));
    fs::remove_all(dir);
}

TEST_CASE("progress: killed hundreds of times while saving, the file is always old or new",
          "[robust][progress][kill]") {
    namespace c = attn::course;
    const fs::path dir = fresh_dir("kill");
    // Two versions, large enough that a save takes a while and a kill often lands inside one.
    c::Progress a, b;
    a.current = "version-a";
    b.current = "version-b";
    for (int i = 0; i < 300; ++i)
        a.lessons["lesson-" + std::to_string(i)] = {1, false},
                              b.lessons["lesson-" + std::to_string(i)] = {2, true};
    c::save_progress(a, dir.string());
    int leftovers = 0;
    std::srand(15);
    for (int round = 0; round < 300; ++round) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            for (int k = 0;; ++k) c::save_progress(k % 2 ? a : b, dir.string());
        }
        ::usleep(static_cast<useconds_t>(200 + std::rand() % 3000));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        for (const auto& entry : fs::directory_iterator(dir))
            leftovers += entry.path().filename() != "progress.json";
        // The file as a reader sees it right after the kill: whole, and one of the two versions.
        const std::string text = slurp(dir / "progress.json");
        const nlohmann::json doc = nlohmann::json::parse(text);  // throws (fails) on a torn file
        const std::string current = doc.at("current").get<std::string>();
        REQUIRE((current == "version-a" || current == "version-b"));
        REQUIRE(doc.at("lessons").size() == 300);
    }
    // The next start finds a good file and removes every temporary file.
    const c::LoadedProgress loaded = c::load_progress(dir.string());
    CHECK_FALSE(loaded.warning);
    CHECK(entry_names(dir) == std::vector<std::string>{"progress.json"});
    WARN("temporary files seen after the kills: " << leftovers);
    CHECK(leftovers > 0);  // the kills did land inside saves
    fs::remove_all(dir);
}

TEST_CASE("train --save never replaces a special file and follows a link", "[robust][save]") {
    attn::course::save_text_file("/dev/null", "learned", true);
    CHECK(fs::is_character_file("/dev/null"));
    const fs::path dir = fresh_dir("save");
    std::ofstream(dir / "real.toml") << "old";
    fs::create_symlink("real.toml", dir / "link.toml");
    attn::course::save_text_file((dir / "link.toml").string(), "new", true);
    CHECK(fs::is_symlink(dir / "link.toml"));
    CHECK(slurp(dir / "real.toml") == "new");
    CHECK_THROWS_AS(attn::course::save_text_file((dir / "link.toml").string(), "x", false),
                    attn::course::InputError);
    CHECK(entry_names(dir) == std::vector<std::string>{"link.toml", "real.toml"});  // no temporary file left
    fs::remove_all(dir);
}

TEST_CASE("a closed pipe is exit 3 with a message, not death by SIGPIPE", "[robust][pipe]") {
    int fds[2];
    int err_fds[2];
    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::pipe(err_fds) == 0);
    ::close(fds[0]);  // nobody will read: the first write fails
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::signal(SIGPIPE, SIG_DFL);
        ::dup2(fds[1], STDOUT_FILENO);
        ::dup2(err_fds[1], STDERR_FILENO);
        ::execl(ATTN_BINARY, ATTN_BINARY, "run", "--format", "json", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    ::close(err_fds[1]);
    std::string err;
    char buffer[4096];
    for (ssize_t n; (n = ::read(err_fds[0], buffer, sizeof buffer)) > 0;)
        err.append(buffer, static_cast<size_t>(n));
    ::close(err_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    INFO(err);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    CHECK(err.find("attn: error: cannot write output") != std::string::npos);
}

TEST_CASE("a lesson whose command fails leaves nothing on stdout", "[robust][lesson]") {
    const fs::path dir = fresh_dir("failing-lesson");
    std::ofstream(dir / "course.toml")
        << "title = \"T\"\n[[lesson]]\nfile = \"one.md\"\nslug = \"one\"\ntitle = \"One\"\n";
    std::ofstream(dir / "one.md") << "# One\n\nBefore.\n\n```attn\nrun --sentence \"zzz qqq\"\n```\n";
    const attn::test::ProcessResult r = run_attn({"--no-input", "--lessons", dir.string(), "lesson", "1"},
                                                 {"XDG_STATE_HOME=" + dir.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("one.md:6: this lesson's command failed") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("cross-attention: a mask that blocks a whole row names the query by its own label",
          "[robust][mask]") {
    attn::test::TempFile q("1,0\n0,1\n");         // 2 queries
    attn::test::TempFile kv("1,0\n0,1\n1,1\n");   // 3 keys
    attn::test::TempFile keep("1,1,1\n0,0,0\n");  // the second query may see nothing
    const auto r = run_attn({"run", "--q", q.path, "--k", kv.path, "--v", kv.path, "--labels", "le,chat",
                             "--key-labels", "the,cat,sat", "--mask", keep.path});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("query 1 ('chat') may attend to no key") != std::string::npos);
    CHECK(r.err.find("'cat'") == std::string::npos);  // not the key of the same index
}

TEST_CASE("Q and K columns carry the weights file's names - a head's slice keeps its columns' numbers",
          "[robust][names]") {
    const auto one = run_attn({"run", "-s", "I ate the apple", "--show", "q,k"});
    REQUIRE(one.exit_code == 0);
    CHECK(one.out.find("topic   actor    deed") != std::string::npos);
    CHECK(one.out.find(" d0 ") == std::string::npos);
    const auto heads =
        run_attn({"run", "-s", "I ate the apple", "--heads", "3", "--d-k", "2", "--show", "q"});
    REQUIRE(heads.exit_code == 0);
    const size_t head1 = heads.out.find("head 1: q");
    REQUIRE(head1 != std::string::npos);
    CHECK(heads.out.find("d2", head1) < heads.out.find("d3", head1));  // not d0 d1 again
    const auto labels =
        run_attn({"softmax", "--logits", "2,1,0", "--labels", "a", "b", "c", "--format", "json"});
    REQUIRE(labels.exit_code == 0);
    CHECK(labels.out.find("\"a\"") != std::string::npos);
}

TEST_CASE("a key shared by --kv-heads is a mean of several heads' columns - numbered, not named",
          "[robust][names]") {
    const auto shared =
        run_attn({"run", "-s", "I love my apple phone", "--heads", "3", "--kv-heads", "1", "--show", "q,k"});
    REQUIRE(shared.exit_code == 0);
    // Each table's title and column header: the queries keep their columns' names, while the one shared
    // key column is the mean of topic, actor and deed, so none of them names it.
    int keys = 0, queries = 0;
    for (size_t at = shared.out.find("(5 × "); at != std::string::npos;
         at = shared.out.find("(5 × ", at + 1)) {
        const size_t title = shared.out.rfind('\n', at) + 1;
        const size_t header_end = shared.out.find('\n', shared.out.find('\n', at) + 1);
        const std::string table = shared.out.substr(title, header_end - title);
        const bool named = table.find("topic") != std::string::npos ||
                           table.find("actor") != std::string::npos ||
                           table.find("deed") != std::string::npos;
        if (table.find("k (5") != std::string::npos) {
            ++keys;
            CHECK_FALSE(named);
            CHECK(table.find("d0") != std::string::npos);
        } else if (table.find("q (5") != std::string::npos) {
            ++queries;
            CHECK(named);
        }
    }
    CHECK(keys == 4);  // K, then each head's view of the shared head
    CHECK(queries == 4);
    // Without sharing, every head's key keeps its name.
    const auto own = run_attn({"run", "-s", "I love my apple phone", "--heads", "3", "--show", "k"});
    REQUIRE(own.exit_code == 0);
    CHECK(own.out.find("topic    actor     deed") != std::string::npos);
    CHECK(own.out.find("head 2: k") < own.out.rfind("deed"));
}
