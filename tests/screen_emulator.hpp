// A small terminal emulator for the pseudo-terminal tests: it applies what a program writes (text,
// cursor moves, erases, scroll regions: what ncurses sends to an xterm) to a grid of cells, so that a
// test reads the screen as a learner sees it rather than the byte stream.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

namespace attn::test {

class ScreenEmulator {
public:
    ScreenEmulator(int rows, int cols) { resize(rows, cols); }

    void resize(int rows, int cols) {
        rows_ = rows, cols_ = cols;
        for (auto* grid : {&grid_, &other_grid_}) {
            grid->resize(rows);
            for (auto& row : *grid) row.resize(cols, " ");
        }
        top_ = 0, bottom_ = rows - 1;
        clamp();
    }

    void feed(const std::string& bytes) {
        for (char c : bytes) put(static_cast<unsigned char>(c));
    }

    // Row `r` as text, trailing blanks removed.
    std::string row(int r) const {
        std::string text;
        for (const std::string& cell : grid_[r]) text += cell;
        return text.substr(0, text.find_last_not_of(' ') + 1);
    }
    std::string text() const {
        std::string all;
        for (int r = 0; r < rows_; ++r) all += row(r) + "\n";
        return all;
    }
    int rows() const { return rows_; }
    int cols() const { return cols_; }

private:
    void put(unsigned char c) {
        if (state_ == State::escape) return escape(c);
        if (state_ == State::csi) return csi(c);
        if (state_ == State::charset) return void(state_ = State::text);
        if (!utf8_.empty() || c >= 0x80) return utf8(c);
        if (c == 0x1b) return void(state_ = State::escape);
        if (c == '\r')
            col_ = 0, wrap_ = false;
        else if (c == '\n')
            line_feed();
        else if (c == '\b')
            col_ = std::max(0, col_ - 1), wrap_ = false;
        else if (c == '\t')
            col_ = std::min(cols_ - 1, (col_ / 8 + 1) * 8);
        else if (c >= 0x20)
            print(std::string(1, static_cast<char>(c)));
    }

    void utf8(unsigned char c) {
        utf8_ += static_cast<char>(c);
        const unsigned char lead = static_cast<unsigned char>(utf8_[0]);
        const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (utf8_.size() >= need) print(utf8_), utf8_.clear();
    }

    void print(const std::string& glyph) {
        if (wrap_) col_ = 0, line_feed(), wrap_ = false;
        grid_[row_][col_] = glyph;
        last_ = glyph;
        if (col_ == cols_ - 1)
            wrap_ = true;
        else
            ++col_;
    }

    void line_feed() {
        if (row_ == bottom_)
            scroll_up(top_, bottom_, 1);
        else if (row_ < rows_ - 1)
            ++row_;
    }

    void scroll_up(int top, int bottom, int n) {
        for (int k = 0; k < n; ++k) {
            grid_.erase(grid_.begin() + top);
            grid_.insert(grid_.begin() + bottom, std::vector<std::string>(cols_, " "));
        }
    }
    void scroll_down(int top, int bottom, int n) {
        for (int k = 0; k < n; ++k) {
            grid_.erase(grid_.begin() + bottom);
            grid_.insert(grid_.begin() + top, std::vector<std::string>(cols_, " "));
        }
    }

    void escape(unsigned char c) {
        state_ = State::text;
        if (c == '[')
            state_ = State::csi, params_.clear();
        else if (c == '(' || c == ')')
            state_ = State::charset;
        else if (c == '7')
            saved_row_ = row_, saved_col_ = col_;
        else if (c == '8')
            row_ = saved_row_, col_ = saved_col_, wrap_ = false;
        else if (c == 'M')
            row_ == top_ ? scroll_down(top_, bottom_, 1) : void(row_ = std::max(0, row_ - 1));
        else if (c == 'D')
            line_feed();
        else if (c == 'E')
            col_ = 0, line_feed();
        else if (c == 'c')
            resize(rows_, cols_), clear(0, 0, rows_ - 1, cols_ - 1), row_ = col_ = 0;
    }

    int param(size_t k, int fallback) const {
        std::vector<int> values;
        std::string digits;
        for (char ch : params_ + ";") {
            if (ch == ';')
                values.push_back(digits.empty() ? -1 : std::stoi(digits)), digits.clear();
            else if (ch >= '0' && ch <= '9')
                digits += ch;
        }
        return k < values.size() && values[k] > 0 ? values[k] : fallback;
    }

    void clear(int r0, int c0, int r1, int c1) {  // inclusive, row-major from (r0, c0) to (r1, c1)
        for (int r = r0; r <= r1; ++r)
            for (int c = (r == r0 ? c0 : 0); c <= (r == r1 ? c1 : cols_ - 1); ++c) grid_[r][c] = " ";
    }

    void csi(unsigned char c) {
        if (c < 0x40 || c > 0x7e) return void(params_ += static_cast<char>(c));
        state_ = State::text;
        // The alternate screen (xterm's mode 1049, ncurses' smcup/rmcup): entering it saves the cursor and
        // shows a blank grid; leaving it shows the main grid again, as it was, and restores the cursor.
        if (params_ == "?1049" && (c == 'h' || c == 'l') && (c == 'h') != alternate_) {
            std::swap(grid_, other_grid_);
            alternate_ = c == 'h';
            if (alternate_)
                grid_ = std::vector<std::vector<std::string>>(rows_, std::vector<std::string>(cols_, " ")),
                saved_row_ = row_, saved_col_ = col_;
            else
                row_ = saved_row_, col_ = saved_col_;
            return;
        }
        if (!params_.empty() && (params_[0] == '?' || params_[0] == '>' || params_[0] == '='))
            return;  // modes
        const int n = param(0, 1);
        wrap_ = c == 'm' ? wrap_ : false;
        switch (c) {
            case 'H':
            case 'f':
                row_ = param(0, 1) - 1, col_ = param(1, 1) - 1;
                break;
            case 'A':
                row_ -= n;
                break;
            case 'B':
                row_ += n;
                break;
            case 'C':
                col_ += n;
                break;
            case 'D':
                col_ -= n;
                break;
            case 'G':
                col_ = n - 1;
                break;
            case 'd':
                row_ = n - 1;
                break;
            case 'K': {
                const int mode = param(0, 0);
                clear(row_, mode == 0 ? col_ : 0, row_, mode == 1 ? col_ : cols_ - 1);
                break;
            }
            case 'J': {
                const int mode = param(0, 0);
                if (mode == 0)
                    clear(row_, col_, rows_ - 1, cols_ - 1);
                else if (mode == 1)
                    clear(0, 0, row_, col_);
                else
                    clear(0, 0, rows_ - 1, cols_ - 1);
                break;
            }
            case 'X':
                clear(row_, col_, row_, std::min(cols_ - 1, col_ + n - 1));
                break;
            case 'P':
                for (int k = 0; k < n; ++k)
                    grid_[row_].erase(grid_[row_].begin() + col_), grid_[row_].push_back(" ");
                break;
            case '@':
                for (int k = 0; k < n; ++k)
                    grid_[row_].insert(grid_[row_].begin() + col_, " "), grid_[row_].pop_back();
                break;
            case 'L':
                scroll_down(row_, bottom_, n);
                break;
            case 'M':
                scroll_up(row_, bottom_, n);
                break;
            case 'S':
                scroll_up(top_, bottom_, n);
                break;
            case 'T':
                scroll_down(top_, bottom_, n);
                break;
            case 'b':
                for (int k = 0; k < n; ++k) print(last_);
                break;
            case 'r':
                top_ = param(0, 1) - 1, bottom_ = param(1, rows_) - 1, row_ = col_ = 0;
                break;
            default:
                break;  // colours and the rest do not move text
        }
        clamp();
    }

    void clamp() {
        row_ = std::clamp(row_, 0, rows_ - 1);
        col_ = std::clamp(col_, 0, cols_ - 1);
        top_ = std::clamp(top_, 0, rows_ - 1);
        bottom_ = std::clamp(bottom_, top_, rows_ - 1);
    }

    enum class State { text, escape, csi, charset };
    State state_ = State::text;
    std::string params_, utf8_, last_ = " ";
    std::vector<std::vector<std::string>> grid_, other_grid_;  // the one shown, the other screen's
    bool alternate_ = false;
    int rows_ = 0, cols_ = 0, row_ = 0, col_ = 0, top_ = 0, bottom_ = 0, saved_row_ = 0, saved_col_ = 0;
    bool wrap_ = false;
};

}  // namespace attn::test
