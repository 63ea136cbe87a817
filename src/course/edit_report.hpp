// The reports of an edit challenge for attn quiz --check and attn solution (text, Markdown, HTML).
#pragma once
#include <string>
#include <vector>

#include "course/edit_goal.hpp"
#include "course/question.hpp"
#include "report/report.hpp"

namespace attn::course {

// The challenge, each goal with how far off it is, and when it does not hold yet what to do next.
report::Report edit_check_report(const Question& question, const EditStatus& status,
                                 const std::string& hint_command);

// The solution overlay: its files, and the commands that write it and check it.
report::Report edit_solution_report(const Question& question, const std::vector<std::string>& files,
                                    const std::string& write_command, const std::string& check_command);

// The files written by attn solution --write, and the command that checks them.
report::Report edit_written_report(const std::string& folder, const std::vector<std::string>& files,
                                   const std::string& check_command);

}  // namespace attn::course
