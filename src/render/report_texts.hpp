// Every text a report carries (headings, prose, titles, labels, table cells, facts), one visit for the
// transformations a writer applies to all of them at once: the ASCII fold, the visible control characters.
#pragma once
#include <functional>
#include <string>

#include "report/report.hpp"

namespace attn::render {

// Calls `change` on every text of `report`, its title included.
void for_each_text(report::Report& report, const std::function<void(std::string&)>& change);

// The report with every control character shown as ^X (ESC as ^[): the learner's own labels and words
// reach text, Markdown, SVG and HTML as they are typed, and raw bytes there would drive the terminal or
// break the XML. JSON keeps them, escaped by the JSON writer.
report::Report visible_report(report::Report report);

}  // namespace attn::render
