#include "course/edit_report.hpp"

#include "course/quiz_report.hpp"

namespace attn::course {

report::Report edit_check_report(const Question& q, const EditStatus& status,
                                 const std::string& hint_command) {
    report::Report report{"attn quiz --check", "", {}};
    report.paragraph("**\\[" + markdown_literal(q.id) + "\\]** " + markdown_literal(q.prompt));
    std::string goals;
    for (const GoalStatus& g : status.goals)
        goals += "- " + std::string(g.holds ? "holds: " : "not yet: ") + markdown_literal(g.detail) + "\n";
    report.paragraph(goals);
    if (status.holds) {
        report.paragraph("Goal reached.");
    } else {
        report.paragraph(
            "Not yet. Change your data (`attn paths` shows where it is read from) and check again.");
        if (!hint_command.empty()) report.paragraph("A hint: `" + hint_command + "`");
    }
    return report;
}

report::Report edit_solution_report(const Question& q, const std::vector<std::string>& files,
                                    const std::string& write_command, const std::string& check_command) {
    report::Report report{"attn solution", "", {}};
    report.paragraph("**\\[" + markdown_literal(q.id) + "\\]** " + markdown_literal(q.prompt));
    std::string list;
    for (const std::string& f : files) list += "- " + markdown_literal(f) + "\n";
    report.paragraph("The solution is a data overlay of " + std::to_string(files.size()) +
                     (files.size() == 1 ? " file" : " files") + ":\n\n" + list);
    report.paragraph("Write it into a folder: `" + write_command + "`");
    report.paragraph("Then check it: `" + check_command + "`");
    return report;
}

report::Report edit_written_report(const std::string& folder, const std::vector<std::string>& files,
                                   const std::string& check_command) {
    report::Report report{"attn solution --write", "", {}};
    std::string list;
    for (const std::string& f : files) list += "- " + markdown_literal(folder + "/" + f) + "\n";
    report.paragraph("Wrote:\n\n" + list);
    report.paragraph("Check it: `" + check_command + "`");
    return report;
}

}  // namespace attn::course
