#pragma once
// Where this build's source tree, binary and generated files are. The paths are compiled into one
// object only (build_paths.cpp), so that every other test object is the same in any checkout and a
// compiler cache can share it between clones and worktrees.

namespace attn_test {
const char* source_dir();     // the checkout's root
const char* fixtures_dir();   // tests/fixtures
const char* attn_binary();    // the built attn
const char* build_dir();      // the CMake build folder
const char* generated_dir();  // completions and man page written by attn generate
}  // namespace attn_test

#define ATTN_SOURCE_DIR (::attn_test::source_dir())
#define ATTN_TEST_FIXTURES (::attn_test::fixtures_dir())
#define ATTN_BINARY (::attn_test::attn_binary())
#define ATTN_BUILD_DIR (::attn_test::build_dir())
#define ATTN_GENERATED_DIR (::attn_test::generated_dir())
