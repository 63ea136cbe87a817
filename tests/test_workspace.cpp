// The learner's workspace: init refuses to overwrite, the overlay order (--data, workspace, shipped),
// diff names words, dimensions and cells, reset keeps a backup, a read-only installed data folder, and
// nothing outside the workspace is ever written.
#include <sys/stat.h>

#include <iterator>
#include <map>
#include <regex>

#include "build_paths.hpp"
#include "course/data_layers.hpp"
#include "course/workspace.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using attn::test::run_attn;
using attn::test::run_attn_at;

namespace {

const std::string kShipped = std::string(ATTN_SOURCE_DIR) + "/data";

// A scratch folder removed when the test ends.
struct Scratch {
    fs::path root;
    explicit Scratch(const std::string& name)
        : root(fs::temp_directory_path() / ("attn-ws-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Scratch() {
        std::error_code ec;
        fs::permissions(root, fs::perms::owner_all, fs::perm_options::add, ec);
        for (auto it = fs::recursive_directory_iterator(root, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(root, ec);
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

// The shipped file with one substring replaced (which must be there).
std::string edited(const std::string& relative, const std::string& from, const std::string& to) {
    std::string text = slurp(kShipped + "/" + relative);
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// apple's embedding row as attn run reads it under `env` and extra args.
arma::rowvec apple_row(const std::vector<std::string>& extra, const std::vector<std::string>& env) {
    std::vector<std::string> args = {"run", "-s", "I ate the apple", "--show", "x", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const attn::test::ProcessResult r = run_attn(args, env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return attn::test::json_matrix(nlohmann::json::parse(r.out)["stages"]["x"]).row(3);
}

// Every file under `root` with its size and modification time.
std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> snapshot(const fs::path& root) {
    std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) files[e.path().string()] = {e.file_size(), e.last_write_time()};
    return files;
}

}  // namespace

TEST_CASE("workspace init copies the shipped data and refuses to overwrite", "[workspace]") {
    Scratch s("init");
    const std::string ws = (s.root / "ws").string();
    const auto files = attn::course::init_workspace(ws, kShipped);
    REQUIRE(std::find(files.begin(), files.end(), "apple/vocab.toml") != files.end());
    REQUIRE(slurp(ws + "/apple/weights.toml") == slurp(kShipped + "/apple/weights.toml"));
    write(ws + "/apple/weights.toml", "changed");
    REQUIRE_THROWS_WITH(attn::course::init_workspace(ws, kShipped),
                        Catch::Contains("exists already; not overwriting"));
    REQUIRE(slurp(ws + "/apple/weights.toml") == "changed");
    // The command: the default place is $XDG_DATA_HOME/attn/workspace.
    const std::vector<std::string> env = {"XDG_DATA_HOME=" + (s.root / "xdg").string()};
    const attn::test::ProcessResult r = run_attn({"workspace", "init"}, env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(fs::is_regular_file(s.root / "xdg/attn/workspace/apple/vocab.toml"));
    const attn::test::ProcessResult again = run_attn({"workspace", "init"}, env);
    REQUIRE(again.exit_code == 2);
    REQUIRE(again.err.find("not overwriting") != std::string::npos);
}

TEST_CASE("the overlay: --data or ATTN_DATA_DIR, then the workspace, then the shipped data", "[workspace]") {
    Scratch s("overlay");
    const fs::path ws = s.root / "ws", mine = s.root / "mydata";
    // The workspace holds only apple/vocab.toml (apple's tech 1 → 0.5); weights.toml falls through.
    write(ws / "apple/vocab.toml",
          edited("apple/vocab.toml", "apple    = [1.0, 1.0,", "apple    = [1.0, 0.5,"));
    // --data holds a different apple vocabulary and an unrelated one.
    write(mine / "apple/vocab.toml",
          edited("apple/vocab.toml", "apple    = [1.0, 1.0,", "apple    = [0.25, 1.0,"));
    write(mine / "fruit/vocab.toml", "dimensions = [\"sweet\"]\n[words]\nfig = [1.0]\n");
    const std::string ws_env = "ATTN_WORKSPACE=" + ws.string();
    REQUIRE(apple_row({}, {})(1) == 1.0);                                // shipped
    REQUIRE(apple_row({}, {ws_env})(1) == 0.5);                          // workspace over shipped
    REQUIRE(apple_row({"--data", mine.string()}, {ws_env})(0) == 0.25);  // --data over the workspace
    REQUIRE(apple_row({}, {ws_env, "ATTN_DATA_DIR=" + mine.string()})(0) == 0.25);
    // The preset weights are not in the workspace: they fall through to the shipped file.
    const attn::test::ProcessResult r =
        run_attn({"run", "-s", "I ate the apple", "--format", "json"}, {ws_env});
    REQUIRE(nlohmann::json::parse(r.out)["weights"].get<std::string>().find(
                kShipped + "/apple/weights.toml") != std::string::npos);
    // --data with only a fruit vocabulary: apple still comes from below (the bug this issue reported).
    fs::remove_all(mine / "apple");
    REQUIRE(apple_row({"--data", mine.string()}, {ws_env})(1) == 0.5);
    REQUIRE(apple_row({"--data", mine.string()}, {})(1) == 1.0);
    // attn paths lists the layers and the files read from above the shipped data.
    const attn::test::ProcessResult p = run_attn({"--data", mine.string(), "paths"}, {ws_env});
    REQUIRE(p.exit_code == 0);
    REQUIRE(p.out.find(mine.string() + "   (from --data)") != std::string::npos);
    REQUIRE(p.out.find(ws.string() + "   (from workspace)") != std::string::npos);
    REQUIRE(p.out.find("apple/vocab.toml   (workspace, changed)") != std::string::npos);
    REQUIRE(p.out.find("fruit/vocab.toml   (--data, not shipped)") != std::string::npos);
    REQUIRE(p.out.find("apple/weights.toml") == std::string::npos);
}

TEST_CASE("workspace diff names the changed words, dimensions and cells", "[workspace]") {
    Scratch s("diff");
    const std::string ws = (s.root / "ws").string();
    const std::vector<std::string> env = {"ATTN_WORKSPACE=" + ws};
    REQUIRE(run_attn({"workspace", "init"}, env).exit_code == 0);
    const attn::test::ProcessResult clean = run_attn({"workspace", "diff"}, env);
    REQUIRE(clean.out.find("unchanged") != std::string::npos);
    write(ws + "/apple/weights.toml",
          edited("apple/weights.toml", "[-0.8, 0.0,  0.0],  # object", "[-0.5, 0.0,  0.0],  # object"));
    std::string vocab = edited("apple/vocab.toml", "apple    = [1.0, 1.0,", "apple    = [1.0, 0.5,");
    vocab =
        vocab.replace(vocab.find("\"function\"]"), 11, "\"purpose\"]") + "mango = [0.9, 0, 0.1, 0, 1, 0]\n";
    write(ws + "/apple/vocab.toml", vocab);
    write(ws + "/mine.toml", "x = 1\n");
    const attn::test::ProcessResult r = run_attn({"workspace", "diff", "--format", "json"}, env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, nlohmann::json> files;
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    for (const auto& f : doc["files"]) files[f["file"].get<std::string>()] = f;
    REQUIRE(files.size() == 3);
    REQUIRE(files["mine.toml"]["status"] == "added");
    const nlohmann::json cells = files["apple/weights.toml"]["changes"];
    REQUIRE(cells.size() == 1);
    REQUIRE(cells[0] ==
            nlohmann::json(
                {{"kind", "cell"}, {"where", "w_k row 4, column 0"}, {"before", "-0.8"}, {"after", "-0.5"}}));
    const nlohmann::json words = files["apple/vocab.toml"]["changes"];
    REQUIRE(words.size() == 3);
    REQUIRE(words[0] == nlohmann::json({{"kind", "dimension"},
                                        {"where", "column 5"},
                                        {"before", "\"function\""},
                                        {"after", "\"purpose\""}}));
    REQUIRE(words[1] ==
            nlohmann::json({{"kind", "word"}, {"where", "apple tech"}, {"before", "1"}, {"after", "0.5"}}));
    REQUIRE(words[2]["where"] == "mango");
    REQUIRE(words[2]["before"] == "");
    const attn::test::ProcessResult text = run_attn({"--ascii", "workspace", "diff"}, env);
    REQUIRE(text.out.find("cell w_k row 4, column 0: -0.8 -> -0.5") != std::string::npos);
    REQUIRE(text.out.find("2 files differ") != std::string::npos);
}

TEST_CASE("workspace reset restores the defaults and keeps the learner's version", "[workspace]") {
    Scratch s("reset");
    const std::string ws = (s.root / "ws").string();
    const std::vector<std::string> env = {"ATTN_WORKSPACE=" + ws};
    REQUIRE(run_attn({"workspace", "init"}, env).exit_code == 0);
    const std::string mine_weights =
        edited("apple/weights.toml", "[1.5,  0.0,  0.0],  # object", "[2.5,  0.0,  0.0],  # object");
    const std::string mine_vocab =
        edited("apple/vocab.toml", "apple    = [1.0, 1.0,", "apple    = [1.0, 0.5,");
    write(ws + "/apple/weights.toml", mine_weights);
    write(ws + "/apple/vocab.toml", mine_vocab);
    write(ws + "/own.toml", "mine = true\n");
    const attn::test::ProcessResult one = run_attn({"workspace", "reset", "apple/weights.toml"}, env);
    INFO(one.err);
    REQUIRE(one.exit_code == 0);
    REQUIRE(slurp(ws + "/apple/weights.toml") == slurp(kShipped + "/apple/weights.toml"));
    REQUIRE(slurp(ws + "/apple/vocab.toml") == mine_vocab);  // only the named file
    std::vector<fs::path> backups;
    for (const auto& e : fs::recursive_directory_iterator(ws + "/.backups"))
        if (e.is_regular_file()) backups.push_back(e.path());
    REQUIRE(backups.size() == 1);
    REQUIRE(backups[0].filename() == "weights.toml");
    REQUIRE(slurp(backups[0]) == mine_weights);
    REQUIRE(one.out.find(backups[0].parent_path().parent_path().string()) != std::string::npos);
    // Everything else: the vocabulary is restored, the learner's own file is left alone.
    const attn::test::ProcessResult all = run_attn({"workspace", "reset"}, env);
    REQUIRE(all.exit_code == 0);
    REQUIRE(slurp(ws + "/apple/vocab.toml") == slurp(kShipped + "/apple/vocab.toml"));
    REQUIRE(slurp(ws + "/own.toml") == "mine = true\n");
    REQUIRE(all.out.find("own.toml") != std::string::npos);
    size_t kept = 0;
    for (const auto& e : fs::recursive_directory_iterator(ws + "/.backups"))
        if (e.is_regular_file()) kept += slurp(e.path()) == mine_vocab || slurp(e.path()) == mine_weights;
    REQUIRE(kept == 2);
    REQUIRE(run_attn({"workspace", "diff", "--format", "json"}, env).out.find("\"changed\"") ==
            std::string::npos);
    // A file the shipped data does not have cannot be reset; nothing moves.
    const attn::test::ProcessResult bad = run_attn({"workspace", "reset", "own.toml"}, env);
    REQUIRE(bad.exit_code == 2);
    REQUIRE(fs::exists(ws + "/own.toml"));
}

TEST_CASE("an installed, read-only data folder under a workspace, and nothing written outside it",
          "[workspace]") {
    Scratch s("installed");
    // An installed layout: PREFIX/bin/attn finds PREFIX/share/attn/data.
    const fs::path prefix = s.root / "prefix", home = s.root / "home", cwd = s.root / "cwd";
    fs::create_directories(prefix / "bin");
    fs::create_directories(cwd);
    fs::copy_file(ATTN_BINARY, prefix / "bin/attn");
    fs::create_directories(prefix / "share/attn");
    fs::copy(kShipped, prefix / "share/attn/data", fs::copy_options::recursive);
    fs::copy(std::string(ATTN_SOURCE_DIR) + "/lessons", prefix / "share/attn/lessons",
             fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(prefix / "share"))
        fs::permissions(e.path(), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
    const auto before = snapshot(s.root);
    const std::string attn = (prefix / "bin/attn").string();
    const std::vector<std::string> env = {"HOME=" + home.string(), "XDG_DATA_HOME=", "XDG_STATE_HOME="};
    auto ok = [&](const std::vector<std::string>& args) {
        const attn::test::ProcessResult r = run_attn_at(attn, cwd.string(), args, env);
        INFO(args[0] << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        return r;
    };
    ok({"workspace", "init"});
    const fs::path ws = home / ".local/share/attn/workspace";
    // The copies are the learner's to edit, though the installed files are read-only.
    REQUIRE((fs::status(ws / "apple/weights.toml").permissions() & fs::perms::owner_write) !=
            fs::perms::none);
    write(ws / "apple/vocab.toml",
          edited("apple/vocab.toml", "apple    = [1.0, 1.0,", "apple    = [1.0, 0.5,"));
    REQUIRE(ok({"paths"}).out.find((prefix / "share/attn/data").lexically_normal().string() +
                                   "   (from installed)") != std::string::npos);
    ok({"run", "-s", "I ate the apple"});
    ok({"workspace", "diff"});
    ok({"workspace", "reset"});
    ok({"vocab", "--format", "csv"});
    // Every file now under the scratch root is one that was there before, unchanged, or is in the workspace.
    const auto after = snapshot(s.root);
    for (const auto& [path, stamp] : after) {
        INFO(path);
        if (path.rfind(ws.string() + "/", 0) == 0) continue;
        REQUIRE(before.count(path) == 1);
        REQUIRE(before.at(path) == stamp);
    }
    REQUIRE(after.size() > before.size());
}
