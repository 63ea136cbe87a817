# Fails when a Catch2 test name holds a ';'. catch_discover_tests registers each test case with ctest by
# its name, and ctest reads ';' as a list separator: such a test would become two filters that match
# nothing, and ctest would report it passed without running one assertion.
# Usage: cmake -DTEST_DIR=tests -P check_test_names.cmake
file(GLOB sources "${TEST_DIR}/*.cpp")
set(bad "")
foreach(source ${sources})
  file(STRINGS "${source}" lines ENCODING UTF-8 REGEX "(TEST_CASE|SCENARIO)[ ]*\\(\"")
  foreach(line IN LISTS lines)
    if(line MATCHES "(TEST_CASE|SCENARIO)[ ]*\\(\"[^\"]*;")
      get_filename_component(name "${source}" NAME)
      list(APPEND bad "${name}: ${line}")
    endif()
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " shown)
  message(FATAL_ERROR "test names with a ';' (ctest would run nothing for them; write ' - '):\n  ${shown}")
endif()
