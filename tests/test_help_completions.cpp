// attn help COMMAND prints what attn COMMAND --help prints; the shell completions and the man page,
// generated from the command-line definition, hold every subcommand and option, load in their shells,
// render in groff without a warning, and cmake --install puts them where shells and man look.
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "export_support.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::read_file;
using attn::test::run_attn;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kWide = {"COLUMNS=200"};

// The lines of a --help section ("Options:", "Subcommands:") up to the next blank line.
std::vector<std::string> section(const std::string& help, const std::string& title) {
    std::vector<std::string> lines;
    std::istringstream in(help.substr(help.find("\n" + title + "\n") + title.size() + 2));
    for (std::string line; std::getline(in, line) && !line.empty();) lines.push_back(line);
    return lines;
}

// Subcommand names from a help text.
std::vector<std::string> subcommands(const std::string& help) {
    std::vector<std::string> names;
    if (help.find("\nSubcommands:\n") == std::string::npos) return names;
    for (const std::string& line : section(help, "Subcommands:"))
        if (line.rfind("  ", 0) == 0 && line[2] != ' ')
            names.push_back(line.substr(2, line.find(' ', 2) - 2));
    return names;
}

// Option names ("--sentence", "-s") from a help text.
std::vector<std::string> options(const std::string& help) {
    std::vector<std::string> names;
    for (const std::string& line : section(help, "Options:")) {
        if (line.rfind("  -", 0) != 0) continue;
        std::string first = line.substr(2, line.find(' ', 2) - 2);
        for (size_t start = 0, comma; start < first.size(); start = comma + 1) {
            comma = first.find(',', start);
            if (comma == std::string::npos) comma = first.size();
            names.push_back(first.substr(start, comma - start));
        }
    }
    return names;
}

// Every command path ("run", "workspace init") with its options, as --help describes them.
std::vector<std::pair<std::string, std::vector<std::string>>> commands_from_help() {
    std::vector<std::pair<std::string, std::vector<std::string>>> all;
    std::vector<std::string> todo = subcommands(run_attn({"--help"}, kWide).out);
    while (!todo.empty()) {
        const std::string path = todo.front();
        todo.erase(todo.begin());
        std::vector<std::string> args;
        std::istringstream words(path);
        for (std::string w; words >> w;) args.push_back(w);
        args.push_back("--help");
        const std::string help = run_attn(args, kWide).out;
        all.push_back({path, options(help)});
        for (const std::string& sub : subcommands(help)) todo.push_back(path + " " + sub);
    }
    return all;
}

std::string shell(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    const int status = ::pclose(pipe);
    INFO(command << "\n" << out);
    REQUIRE(status == 0);
    return out;
}

const std::string kGenerated = ATTN_GENERATED_DIR;

}  // namespace

TEST_CASE("attn help COMMAND is attn COMMAND --help - an unknown command exits 2 with the list",
          "[help][cli]") {
    for (const std::vector<std::string>& words :
         std::vector<std::vector<std::string>>{{"run"}, {"quiz"}, {"workspace", "init"}, {}}) {
        std::vector<std::string> help = {"help"}, flag = words;
        help.insert(help.end(), words.begin(), words.end());
        flag.push_back("--help");
        const auto a = run_attn(help, {"COLUMNS=80"}), b = run_attn(flag, {"COLUMNS=80"});
        INFO(a.err);
        CHECK(a.exit_code == 0);
        CHECK(b.exit_code == 0);
        CHECK(a.out == b.out);
    }
    CHECK(run_attn({"help", "run"}, {"COLUMNS=80"}).out.find("Usage: attn run [OPTIONS]") !=
          std::string::npos);
    attn::test::require_input_error({"help", "nosuch"},
                                    {"no command 'attn nosuch'", "run, decode", "glossary, help"});
    attn::test::require_input_error({"help", "run", "x"}, {"'attn run' has no subcommands"});
}

TEST_CASE("the generated completions and man page name every subcommand and option", "[completions]") {
    const std::string bash = read_file(kGenerated + "/attn.bash"), zsh = read_file(kGenerated + "/_attn"),
                      fish = read_file(kGenerated + "/attn.fish"), man = read_file(kGenerated + "/attn.1");
    REQUIRE(bash == run_attn({"generate", "bash"}).out);  // the build's files are what attn writes now
    REQUIRE(man == run_attn({"generate", "man"}).out);
    const auto commands = commands_from_help();
    REQUIRE(commands.size() >= 25);
    size_t checked = 0;
    for (const auto& [path, opts] : commands) {
        INFO(path);
        const std::string name = path.substr(path.rfind(' ') == std::string::npos ? 0 : path.rfind(' ') + 1);
        CHECK(bash.find(" " + name) != std::string::npos);
        CHECK(zsh.find("'" + name + ":") != std::string::npos);
        CHECK(fish.find(" -a " + name + " ") != std::string::npos);
        CHECK(man.find(".SS \"attn " + path) != std::string::npos);
        for (const std::string& o : opts) {
            INFO(o);
            const bool is_long = o.rfind("--", 0) == 0;
            CHECK(bash.find(" " + o) != std::string::npos);
            CHECK(zsh.find("'" + o + "[") != std::string::npos);
            CHECK(fish.find(is_long ? " -l " + o.substr(2) : " -s " + o.substr(1)) != std::string::npos);
            std::string roff;
            for (const char c : o) roff += c == '-' ? std::string("\\-") : std::string(1, c);
            CHECK(man.find(roff) != std::string::npos);
            ++checked;
        }
    }
    CHECK(checked >= 150);
    CHECK(bash.find(":generate'") == std::string::npos);  // the hidden build helper is not offered
}

TEST_CASE("the bash completion loads and completes subcommands, options and choices", "[completions]") {
    const std::string script = kGenerated + "/attn.bash";
    shell("bash -n '" + script + "'");
    auto complete = [&](const std::string& words, int cword) {
        return shell("bash -c 'source \"" + script + "\"; COMP_WORDS=(" + words +
                     "); COMP_CWORD=" + std::to_string(cword) + "; _attn; echo \"${COMPREPLY[*]}\"'");
    };
    CHECK(complete("attn glo", 1) == "glossary\n");
    CHECK(complete("attn run --sh", 2) == "--show --show-code\n");
    CHECK(complete("attn --color \"\"", 2) == "auto always never\n");
    CHECK(complete("attn run --format \"\"", 3) == "text csv json md svg html\n");
    CHECK(complete("attn export --format \"\"", 3) == "text csv json md svg html\n");
    CHECK(complete("attn workspace i", 2) == "init\n");
}

TEST_CASE("zsh and fish accept their completion scripts", "[completions]") {
    shell("zsh -n '" + kGenerated + "/_attn'");
    shell("fish --no-execute '" + kGenerated + "/attn.fish'");
    const std::string fish =
        shell("fish -c 'source " + kGenerated + "/attn.fish; complete -C \"attn run --sh\"'");
    CHECK(fish.find("--show") != std::string::npos);
}

TEST_CASE("the man page renders in groff without a warning", "[completions][man]") {
    const std::string page = kGenerated + "/attn.1";
    CHECK(read_file(page).find("variance of q\\[u00B7]k") !=
          std::string::npos);  // groff reads Latin-1: · as its code
    CHECK(shell("groff -man -Tutf8 -ww -z '" + page + "'").empty());
    for (const std::string width : {"60", "80", "100"}) {
        INFO(width);  // man's own warnings ("cannot adjust line"), its stdout thrown away
        CHECK(
            shell("MANWIDTH=" + width + " MANPAGER=cat man -l '" + page + "' 2>&1 >/dev/null | cat").empty());
    }
    const std::string text = shell("MANWIDTH=80 MANPAGER=cat man -l '" + page + "'");
    CHECK(text.find("attn - learn the attention mechanism of neural networks") != std::string::npos);
    CHECK(text.find("--ascii\n") != std::string::npos);  // a flag takes no value
    CHECK(text.find("attn glossary [OPTIONS] [term]") != std::string::npos);
}

TEST_CASE("cmake --install puts the completions and the man page where shells and man look",
          "[completions][install]") {
    attn::test::TempDir prefix;
    shell("cmake --install '" + std::string(ATTN_BUILD_DIR) + "' --prefix '" + prefix.path.string() + "'");
    for (const std::string file :
         {"bin/attn", "share/bash-completion/completions/attn", "share/zsh/site-functions/_attn",
          "share/fish/vendor_completions.d/attn.fish", "share/man/man1/attn.1",
          "share/attn/lessons/glossary.toml"}) {
        INFO(file);
        CHECK(fs::is_regular_file(prefix.path / file));
    }
    CHECK(read_file(prefix.path / "share/man/man1/attn.1") == read_file(kGenerated + "/attn.1"));
}
