#include "course/train_save.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "course/atomic_write.hpp"
#include "course/weights_view.hpp"
#include "inputs/input_error.hpp"
#include "report/value.hpp"

namespace attn::course {

namespace fs = std::filesystem;

namespace {

// The file a path names once its symbolic links are followed, so that saving through a link keeps the
// link and replaces the file it points to.
fs::path follow_links(const std::string& path) {
    fs::path target = path;
    std::error_code ec;
    for (int hops = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
        if (hops == 40) throw InputError("--save " + path + ": a loop of symbolic links; give another name");
        const fs::path link = fs::read_symlink(target, ec);
        if (ec) throw InputError("--save " + path + ": cannot read the link (" + ec.message() + ")");
        target = link.is_absolute() ? link : target.parent_path() / link;
    }
    return target;
}

// A device or a pipe (/dev/null, /dev/stdout in a pipeline) is written into, as `> PATH` would: it is
// never replaced by a regular file. Opened non-blocking, so that a named pipe nothing reads from is an
// error at once instead of a wait for a reader.
void write_into_special(const std::string& path, const fs::path& target, const std::string& text) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno == ENXIO)
        throw InputError("--save " + path +
                         ": a named pipe (FIFO) that nothing reads from; give the path of a file");
    if (fd < 0) throw WriteError("--save " + path + ": cannot open (" + std::strerror(errno) + ")");
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // its reader is there: write as `>` does
    if (!write_all(fd, text)) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        throw WriteError("--save " + path + ": writing failed (" + why + ")");
    }
    if (::close(fd) != 0 && errno != EINTR)
        throw WriteError("--save " + path + ": writing failed (" + std::strerror(errno) + ")");
}

}  // namespace

void save_text_file(const std::string& path, const std::string& text, bool overwrite) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw InputError("--save " + path + ": that is a folder; give a file name, like learned.toml");
    if (fs::exists(fs::symlink_status(path, ec)) && !overwrite)
        throw InputError("--save " + path +
                         ": the file already exists; add --force to replace it, or choose another name");
    const fs::path target = follow_links(path);
    const fs::file_status status = fs::status(target, ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) return write_into_special(path, target, text);
    try {
        write_atomically(target, text, overwrite ? Replace::yes : Replace::no);
    } catch (const AtomicWriteError& e) {
        if (e.step == WriteStep::exists)  // created by someone else since the check above
            throw InputError("--save " + path +
                             ": the file already exists; add --force to replace it, or choose another name");
        const char* what = e.step == WriteStep::create    ? "cannot create the file"
                           : e.step == WriteStep::replace ? "cannot move the file into place"
                                                          : "writing failed";
        throw WriteError("--save " + path + ": " + what + " (" + e.why + ")");
    }
}

namespace {

std::string toml_strings_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + nlohmann::json(items[i]).dump();
    return out + "]";
}

}  // namespace

std::string weights_toml(const TrainReport& r) {
    const auto& s = r.plan.settings;
    const math::TinyAttention& w = r.result.model;
    std::string header = "W_Q, W_K, W_V learned by `attn train` (not chosen by hand).\n";
    header +=
        fmt::format("task {} ({}), {} lr {} for {} epochs, seed {}; final training loss {}.\n", r.task.name,
                    r.task.path, r.plan.optimizer, report::value_text(s.optimizer.learning_rate), s.epochs,
                    s.seed, report::value_text(r.result.losses.back()));
    header += "Rows follow the vocabulary's dimensions: " +
              fmt::format("{}", fmt::join(r.task.vocab.dimensions, ", ")) + "\n";
    header += "Look at them with:  attn run --vocab " + r.task.vocab.path +
              " --weights THIS_FILE --sentence \"" + r.probe.text + "\"";
    // The same layout as `attn weights`' files: a commented header, then w_q, w_k and w_v.
    std::string out = weights_toml_text(header, {{"w_q", w.wq}, {"w_k", w.wk}, {"w_v", w.wv}}) + "\n";
    out +=
        "# The readout (d_v rows, one column per class) turns a token's attention output into class "
        "scores.\n";
    out += "# `attn run` ignores these keys.\n";
    out += "classes = " + toml_strings_text(r.task.classes) + "\n";
    out += toml_matrix_text("readout", w.w_out) + toml_matrix_text("readout_bias", arma::mat(w.b_out));
    return out;
}

}  // namespace attn::course
