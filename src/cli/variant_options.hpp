// The one parse table of a variant's flags, shared by every command that computes attention (attn run,
// decode, ...): each flag is declared here once, typed as it is parsed, and checked once in math
// (math::make_variant). A command that cannot apply a part says so in math::require_path_takes.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "math/variants.hpp"

namespace attn::cli {

// --rope, --rope-base, --rope-offset, the bias flag, --window, --sinks, --temperature and --kernel.
void add_variant_options(CLI::App* sub, math::VariantFlags& flags);

// --rope-base and --rope-offset mean something only with --rope, --sinks only with --window: throws
// course::InputError naming the flag to add.
void check_variant_flags(const math::VariantFlags& flags, const CLI::App& sub);

// Lines of a command's examples footer, one per variant, for `command` ("attn run").
std::string variant_examples(const std::string& command);

}  // namespace attn::cli
