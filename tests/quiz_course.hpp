// The course the quiz tests share (test_quiz_cli.cpp for scripts, test_pty_quiz.cpp on a terminal): lesson
// 1, "Quizzed", asks a question of every kind about "I ate the apple"; lesson 2 has none. Each test gets
// its own copy of the toy data (to edit) and its own state folder.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "build_paths.hpp"
#include "course/paths.hpp"
#include "run_binary.hpp"

namespace attn::test {

inline const char* kQuizLesson = R"(## Scores

Text of the first step.

```attn
run -s "I ate the apple" --show scores
```

```question
id = "top"
kind = "predict"
prompt = "Which key will 'apple' attend to most?"
answer = 'run -s "I ate the apple" | stages.weights[apple].argmax'
hints = ["Look at the row of apple.", "The largest score is `=run -s \"I ate the apple\" | stages.scores[apple].max | 3`."]
```

```question
id = "score"
kind = "numeric"
prompt = "What is the score of apple against ate?"
answer = 'run -s "I ate the apple" | stages.scores[apple][ate]'
hints = ["q times k.", "Only the topic dimension counts.", "1.5 * 2.15"]
```

## Weights

Text of the second step.

```question
id = "pick"
kind = "choice"
prompt = "Which key gets the smallest weight from apple?"
choices = ["I", "ate", "the", "apple"]
answer = 'run -s "I ate the apple" | stages.weights[apple].argmin'
```

```question
id = "cell"
kind = "cell"
prompt = "Fill in the weight of apple on ate."
answer = 'run -s "I ate the apple" | stages.weights[apple][ate]'
tolerance = 0.001
```

```question
id = "byhand"
kind = "hand"
prompt = "Compute the weight of apple on ate by hand."
command = 'run -s "I ate the apple"'
query = "apple"
key = "ate"
hints = ["Add up the products you gave."]
```
)";

struct QuizCourse {
    std::string root;
    explicit QuizCourse(const std::string& name)
        : root((std::filesystem::temp_directory_path() / ("attn-" + name + "-" + std::to_string(::getpid())))
                   .string()) {
        namespace fs = std::filesystem;
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml")
            << "title = \"t\"\n"
               "[[lesson]]\nslug = \"quizzed\"\ntitle = \"Quizzed\"\nfile = \"q.md\"\n"
               "[[lesson]]\nslug = \"other\"\ntitle = \"Other\"\nfile = \"o.md\"\n";
        std::ofstream(root + "/lessons/q.md") << kQuizLesson;
        std::ofstream(root + "/lessons/o.md") << "## O\n\nNo questions here.\n";
        fs::copy(std::string(ATTN_SOURCE_DIR) + "/data", root + "/data", fs::copy_options::recursive);
    }
    ~QuizCourse() { std::filesystem::remove_all(root); }
    QuizCourse(const QuizCourse&) = delete;
    QuizCourse& operator=(const QuizCourse&) = delete;
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "ATTN_DATA_DIR=" + root + "/data",
                "XDG_STATE_HOME=" + root + "/state"};
    }
    // This course's progress: a course of its own keeps it apart from the shipped course's.
    std::string progress_file() const {
        return root + "/state/attn/" + course::course_subdir(root + "/lessons") + "/progress.json";
    }
    nlohmann::json progress() const {
        std::ifstream in(progress_file());
        return nlohmann::json::parse(in);
    }
    // The explanation of weight (apple, ate) as attn run computes it (a separate code path).
    nlohmann::json explain() const {
        const auto r =
            run_attn({"run", "-s", "I ate the apple", "--explain", "apple,ate", "--format", "json"}, env());
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out)["explain"][0];
    }
};

// The entries of the hand calculation, exactly, from attn run's explanation: the products, the score,
// the scaled score, the row's exponentials, their sum and the weight.
inline std::vector<double> hand_entries(const nlohmann::json& e) {
    std::vector<double> v = e["products"].get<std::vector<double>>();
    v.push_back(e["score"]);
    v.push_back(e["scaled"]);
    for (const nlohmann::json& x : e["row_exps"]) v.push_back(x);
    v.push_back(e["row_sum"]);
    v.push_back(e["weight"]);
    return v;
}

}  // namespace attn::test
