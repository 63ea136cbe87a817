// The report as one self-contained HTML page: prose, heatmaps and charts as inline SVG, every matrix
// and table also as a real <table>. No script and nothing fetched, so it opens from a file:// URL.
// The page is well-formed XML as well (polyglot XHTML), so that xmllint can check it.
#include <fmt/format.h>
#include <md4c-html.h>

#include <algorithm>
#include <cctype>
#include <variant>

#include "render/matrix_text.hpp"
#include "render/report_writers.hpp"
#include "render/svg.hpp"
#include "render/visit.hpp"

namespace attn::render {
namespace {

const char* const kCss = R"(
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1a1a1a; --muted: #555555; --rule: #d0d0d0; --code: #f3f3f3; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #e6e6e6; --muted: #a8a8a8; --rule: #3a3a3a; --code: #222222; }
}
body { background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
code, pre { font-family: ui-monospace, monospace; background: var(--code); border-radius: 3px; }
code { padding: 0 0.2em; }
pre { padding: 0.6em 0.8em; overflow-x: auto; }
figure { margin: 1.5rem 0; overflow-x: auto; }
figcaption, .legend { color: var(--muted); }
summary { color: var(--muted); cursor: pointer; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--rule); padding: 0.2em 0.6em; }
td { text-align: right; }
th[scope="row"] { text-align: left; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
svg { max-width: 100%; height: auto; }
)";

constexpr double kPageScale = 1.5;

// No script, no fetch, no form: only the page's own inline style (its <style> and the inline
// SVGs), and images beside the page.
const char* const kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'";

std::string escape(const std::string& text) { return xml_escape(text); }

void append_output(const MD_CHAR* text, MD_SIZE size, void* data) {
    static_cast<std::string*>(data)->append(text, size);
}

// Whether a link or image URL may stay: http(s), or relative (no scheme before the first / ? or #).
// javascript:, vbscript:, data: and every other scheme go. md4c has percent-encoded spaces and controls,
// so "java\tscript:" arrives as java%09script:, which a browser reads as a relative path.
bool safe_url(const std::string& url) {
    std::string lower;
    for (char c : url) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) return true;
    const size_t colon = lower.find(':');
    return colon == std::string::npos || lower.find_first_of("/?#") < colon;
}

// md4c writes every link as href="..." and every image as src="..." (raw HTML is off, so these are the
// only attributes): each URL that is not safe becomes "#".
std::string keep_safe_urls(const std::string& html) {
    std::string out;
    size_t at = 0;
    for (size_t found; (found = html.find("=\"", at)) != std::string::npos;) {
        const bool url = (found >= 5 && html.compare(found - 5, 5, " href") == 0) ||
                         (found >= 4 && html.compare(found - 4, 4, " src") == 0);
        const size_t value = found + 2, end = html.find('"', value);
        if (end == std::string::npos) break;
        out.append(html, at, value - at);
        const std::string text = html.substr(value, end - value);
        out += !url || safe_url(text) ? text : "#";
        at = end;
    }
    return out.append(html, at, std::string::npos);
}

std::string markdown_html(const std::string& markdown) {
    std::string out;
    // NOHTML: raw HTML in a lesson is shown as text, never injected; XHTML: <br />, so the page stays XML.
    md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &out,
            MD_DIALECT_GITHUB | MD_FLAG_NOHTML, MD_HTML_FLAG_XHTML);
    return keep_safe_urls(out);
}

std::string matrix_table(const report::LabelledMatrix& m, int precision) {
    std::string out = "<table><thead><tr><td></td>";
    for (arma::uword c = 0; c < m.values.n_cols; ++c)
        out += "<th scope=\"col\">" + escape(c < m.col_labels.size() ? m.col_labels[c] : std::to_string(c)) +
               "</th>";
    out += "</tr></thead><tbody>";
    for (arma::uword r = 0; r < m.values.n_rows; ++r) {
        out += "<tr><th scope=\"row\">" +
               escape(r < m.row_labels.size() ? m.row_labels[r] : std::to_string(r)) + "</th>";
        for (arma::uword c = 0; c < m.values.n_cols; ++c) {
            const bool blocked = !m.keep.is_empty() && m.keep(r, c) == 0;
            out += "<td>" + (blocked ? std::string("masked") : format_number(m.values(r, c), precision)) +
                   "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table>";
}

std::string table_html(const report::Table& t, int precision) {
    std::string out =
        "<table>" + (t.title.empty() ? "" : "<caption>" + escape(t.title) + "</caption>") + "<thead><tr>";
    for (const auto& h : t.header) out += "<th scope=\"col\">" + escape(h) + "</th>";
    out += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string text = std::holds_alternative<double>(row[c])
                                         ? format_number(std::get<double>(row[c]), precision)
                                         : std::get<std::string>(row[c]);
            out += c == 0 ? "<th scope=\"row\">" + escape(text) + "</th>" : "<td>" + escape(text) + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table>";
}

std::string block_html(const report::NamedBlock& block, size_t index, const Style& style,
                       const std::string& data_dir) {
    // On a page of 60rem a toy matrix drawn at its natural size is a stamp: half as large again, and the
    // CSS (max-width: 100%) shrinks it back on a narrow screen.
    SvgOptions svg{"b" + std::to_string(index), false, std::min(style.precision, 3), kPageScale};
    const std::string id = " id=\"b" + std::to_string(index) + "\"";
    return std::visit(
        Visit{[&](const report::Heading& h) {
                  const int level = std::clamp(h.level + 1, 2, 6);
                  return fmt::format("<h{0}{1}>{2}</h{0}>\n", level, id, escape(h.text));
              },
              [&](const report::Note& n) { return markdown_html(relative_to_data(n.markdown, data_dir)); },
              [&](const report::LabelledMatrix& m) {
                  return "<figure class=\"matrix\"" + id + ">" + svg_heatmap(m, svg) + "<figcaption>" +
                         escape(m.title) + ": " + escape(m.legend) + "</figcaption>" +
                         "<details><summary>the numbers as a table</summary>" +
                         matrix_table(m, style.precision) + "</details></figure>\n";
              },
              [&](const report::Chart& c) {
                  return "<figure class=\"chart\"" + id + ">" + svg_chart(c, svg) + "<figcaption>" +
                         escape(c.title) + "</figcaption></figure>\n";
              },
              [&](const report::Table& t) {
                  return "<div" + id + ">" + table_html(t, style.precision) + "</div>\n";
              },
              [&](const report::Facts& f) {
                  std::string out = f.title.empty() ? "" : "<p><strong>" + escape(f.title) + "</strong></p>";
                  out += "<dl" + id + ">";
                  for (const auto& [key, value] : f.items)
                      out += "<dt>" + escape(key) + "</dt><dd>" +
                             escape(relative_to_data(report::value_text(value), data_dir)) + "</dd>";
                  return out + "</dl>\n";
              }},
        block.block);
}

}  // namespace

std::string report_html(const report::Report& report, const Style& style) {
    std::string out =
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\" />\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
        std::string(kContentSecurityPolicy) +
        "\" />\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
        "<meta name=\"color-scheme\" content=\"light dark\" />\n<title>" +
        escape(report.title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n<main>\n";
    // A lesson's prose opens with its own "# Title": then that is the page's only <h1>.
    const auto* first =
        report.blocks.empty() ? nullptr : std::get_if<report::Note>(&report.blocks.front().block);
    if (!first || first->markdown.rfind("# ", 0) != 0) out += "<h1>" + escape(report.title) + "</h1>\n";
    for (size_t i = 0; i < report.blocks.size(); ++i)
        out += block_html(report.blocks[i], i, style, report.data_dir);
    return out + "</main>\n</body>\n</html>\n";
}

}  // namespace attn::render
