// --mla FILE.toml on the commands that share the variant flags: which other options go with it.
#pragma once
#include <CLI/CLI.hpp>

#include "math/variants.hpp"

namespace attn::cli {

// With --mla: attn stream refuses it, and attn run, decode and explore refuse every option that does
// not compose with it (the heads and matrices come from the file), naming the option and why.
// Throws course::InputError (exit 2).
void check_mla_flags(const math::VariantFlags& flags, const CLI::App& sub);

}  // namespace attn::cli
