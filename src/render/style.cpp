#include "render/style.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <utility>

namespace attn::render {

size_t display_width(const std::string& text) {
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string wrap(const std::string& text, int width, size_t indent) {
    const size_t lead = text.find_first_not_of(' ');
    if (lead == std::string::npos) return text;
    std::string out, line = text.substr(0, lead);  // keep the text's own leading indent
    size_t line_width = lead;
    bool line_empty = true;
    std::istringstream words(text.substr(lead));
    for (std::string word; words >> word;) {
        if (!line_empty && line_width + 1 + display_width(word) > static_cast<size_t>(width)) {
            out += line + "\n";
            line = std::string(indent, ' ');
            line_width = indent;
            line_empty = true;
        }
        if (!line_empty) line += " ", ++line_width;
        line += word;
        line_width += display_width(word);
        line_empty = false;
    }
    return out + line;
}

std::string wrap_labelled(const std::string& label, const std::string& text, int width) {
    const size_t indent = display_width(label);
    const std::string wrapped = wrap(text, std::max(10, width - static_cast<int>(indent)), 0);
    std::string out = label;
    for (char c : wrapped) out += c == '\n' ? "\n" + std::string(indent, ' ') : std::string(1, c);
    return out;
}

std::string bold(const Style& style, const std::string& text) {
    return style.color ? "\033[1m" + text + "\033[0m" : text;
}

std::string dim(const Style& style, const std::string& text) {
    return style.color ? "\033[2m" + text + "\033[0m" : text;
}

const ColourMapTraits& colour_map_traits(ColourMap map) {
    static const ColourMapTraits sequential{"viridis",
                                            0.0,
                                            1.0,
                                            {"#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
                                             "#35b779", "#6ece58", "#b5de2b", "#fde725"}};
    static const ColourMapTraits diverging{"RdBu (reversed): blue < 0 < red",
                                           -1.0,
                                           1.0,
                                           {"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                                            "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"}};
    static const ColourMapTraits categorical{
        "Okabe-Ito", 0.0, 6.0, {"#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000"}};
    switch (map) {
        case ColourMap::sequential:
            return sequential;
        case ColourMap::diverging:
            return diverging;
        default:
            return categorical;
    }
}

Rgb rgb_of_hex(const std::string& hex) {
    auto part = [&](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
    return {part(0), part(1), part(2)};
}

std::string hex_of(const Rgb& c) {
    auto byte = [](double x) { return static_cast<int>(std::lround(255.0 * std::clamp(x, 0.0, 1.0))); };
    return fmt::format("#{:02x}{:02x}{:02x}", byte(c.r), byte(c.g), byte(c.b));
}

Rgb colour_at(ColourMap map, double t) {
    const ColourMapTraits& m = colour_map_traits(map);
    const size_t n = m.stops.size();
    if (map == ColourMap::categorical) {
        const long i = std::isfinite(t) ? std::lround(t) : 0;
        return rgb_of_hex(m.stops[static_cast<size_t>(((i % long(n)) + long(n)) % long(n))]);
    }
    const double middle = (m.low + m.high) / 2;
    const double u = (std::clamp(std::isfinite(t) ? t : middle, m.low, m.high) - m.low) / (m.high - m.low);
    const double at = u * static_cast<double>(n - 1);
    const size_t i = std::min(static_cast<size_t>(at), n - 2);
    const double f = at - static_cast<double>(i);
    const Rgb a = rgb_of_hex(m.stops[i]), b = rgb_of_hex(m.stops[i + 1]);
    auto mix = [f](double x, double y) { return x + (y - x) * f; };
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

namespace {

// The xterm cube's six levels per channel.
constexpr int kCubeLevels[] = {0, 95, 135, 175, 215, 255};

// Hue in degrees and chroma (max - min), both of a colour in 0..255 units.
std::pair<double, double> hue_chroma(const Rgb& c) {
    const double hi = std::max({c.r, c.g, c.b}), lo = std::min({c.r, c.g, c.b});
    if (hi - lo <= 0) return {0.0, 0.0};
    double h = hi == c.r   ? std::fmod((c.g - c.b) / (hi - lo) + 6, 6.0)
               : hi == c.g ? (c.b - c.r) / (hi - lo) + 2
                           : (c.r - c.g) / (hi - lo) + 4;
    return {60 * h, 255 * (hi - lo)};
}

// How unlike a palette colour is to the wanted one: the RGB distance (squared, in 0..255 units), plus a
// penalty for a different hue, so that the dark blue end of the diverging map stays blue rather than
// turning teal or grey on the 256-colour cube, which has few dark blues.
double mismatch(const Rgb& candidate, const Rgb& wanted) {
    const double dr = 255 * (candidate.r - wanted.r), dg = 255 * (candidate.g - wanted.g),
                 db = 255 * (candidate.b - wanted.b);
    const auto [hc, cc] = hue_chroma(candidate);
    const auto [hw, cw] = hue_chroma(wanted);
    const double dh = std::min(std::fabs(hc - hw), 360 - std::fabs(hc - hw));
    const double hue_penalty = cc > 20 && cw > 20 ? (dh / 30) * (dh / 30) * std::min(cc, cw) * 40 : 0.0;
    const double grey_penalty = cw > 40 && cc <= 20 ? (cw - cc) * (cw - cc) : 0.0;
    return dr * dr + dg * dg + db * db + hue_penalty + grey_penalty;
}

}  // namespace

Rgb rgb_of_ansi256(int index) {
    if (index >= 232) {
        const double grey = (8 + 10 * (index - 232)) / 255.0;
        return {grey, grey, grey};
    }
    const int i = std::clamp(index, 16, 231) - 16;
    return {kCubeLevels[i / 36] / 255.0, kCubeLevels[(i / 6) % 6] / 255.0, kCubeLevels[i % 6] / 255.0};
}

int ansi256_of(const Rgb& colour) {
    int best = 16;
    for (int index = 17; index < 256; ++index)
        if (mismatch(rgb_of_ansi256(index), colour) < mismatch(rgb_of_ansi256(best), colour)) best = index;
    return best;
}

bool dark(const Rgb& c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 0.5; }

AnsiCell ansi_cell(ColourMap map, double t) {
    const Rgb c = colour_at(map, t);
    return {ansi256_of(c), dark(c) ? 255 : 16};
}

std::string ansi_background(ColourMap map, double t) {
    const AnsiCell cell = ansi_cell(map, t);
    return fmt::format("\033[48;5;{}m\033[38;5;{}m", cell.background, cell.ink);
}

std::string ansi_foreground(ColourMap map, double t) {
    return fmt::format("\033[38;5;{}m", ansi256_of(colour_at(map, t)));
}

}  // namespace attn::render
