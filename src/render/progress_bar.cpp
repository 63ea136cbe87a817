#include "render/progress_bar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "render/matrix_text.hpp"  // abbreviate

namespace attn::render {
std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width,
                         bool unicode) {
    const std::string counter = fmt::format(" {}/{} ", done, total);
    const int bar = std::clamp(width / 3, 10, 40);
    const int filled = total == 0 ? bar : static_cast<int>(bar * done / total);
    std::string out = "[";
    for (int i = 0; i < bar; ++i) out += i < filled ? (unicode ? "█" : "#") : (unicode ? "·" : ".");
    out += "]" + counter;
    const int room = width - 1 - (bar + 2) - static_cast<int>(counter.size());
    if (room > 3) out += abbreviate(label, static_cast<size_t>(room), unicode);
    return out;
}

}  // namespace attn::render
