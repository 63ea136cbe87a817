// Built into every executable of a sanitizer build (cmake -DATTN_SANITIZE=ON or -DATTN_FUZZ=ON): the
// options the runtimes read before main, so that ctest, a test's child `attn`, a fuzz target and a
// hand-run binary in build-asan/ all behave alike. Any report ends the program (a test or a fuzz run
// fails); LeakSanitizer skips only the third-party leaks listed, with their reasons, in lsan.supp.
// The environment (ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS) still overrides each option.
extern "C" const char* __asan_default_options() { return "halt_on_error=1:detect_leaks=1"; }
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }
extern "C" const char* __lsan_default_options() { return "suppressions=" ATTN_LSAN_SUPPRESSIONS; }
