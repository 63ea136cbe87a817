#include "build_paths.hpp"

// The values come from CMake (CMakeLists.txt sets them on this file alone).
namespace attn_test {
const char* source_dir() { return ATTN_PATH_SOURCE_DIR; }
const char* fixtures_dir() { return ATTN_PATH_TEST_FIXTURES; }
const char* attn_binary() { return ATTN_PATH_BINARY; }
const char* build_dir() { return ATTN_PATH_BUILD_DIR; }
const char* generated_dir() { return ATTN_PATH_GENERATED_DIR; }
}  // namespace attn_test
