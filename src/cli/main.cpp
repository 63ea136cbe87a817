// attn: learn attention in your terminal.
#include "cli/app.hpp"

int main(int argc, char** argv) { return attn::cli::attn_main(argc, argv); }
