#include "course/train_save.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "inputs/input_error.hpp"

namespace attn::course {

namespace fs = std::filesystem;

void save_text_file(const std::string& path, const std::string& text, bool overwrite) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw InputError("--save " + path + ": that is a folder; give a file name, like learned.toml");
    if (fs::exists(path, ec) && !overwrite)
        throw InputError("--save " + path + ": the file already exists; add --force to replace it, or choose another name");
    const std::string temporary = path + ".tmp-attn";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw WriteError("--save " + path + ": cannot create the file (" + std::strerror(errno) + ")");
        out << text;
        out.flush();
        if (!out) {
            fs::remove(temporary, ec);
            throw WriteError("--save " + path + ": writing failed (" + std::strerror(errno) + ")");
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw WriteError("--save " + path + ": cannot move the file into place (" + ec.message() + ")");
    }
}

}  // namespace attn::course
