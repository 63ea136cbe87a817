// Fuzz target: glossary.toml, as a teacher writes it → load_glossary, then a look-up of each term by
// its name, ASCII spelling and aliases, and of a word that names none (an error there is InputError).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "course/glossary.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    const std::string path = attn::fuzz::write_input("glossary.toml", data, size);
    attn::fuzz::expect_clean([&] {
        const c::Glossary glossary = c::load_glossary(path);
        for (const c::GlossaryTerm& term : glossary.terms) {
            if (term.name.empty() || term.line < 1) throw std::logic_error("a term without name or line");
            c::find_term(glossary, term.name);
            if (!term.ascii.empty()) c::find_term(glossary, term.ascii);
            for (const std::string& alias : term.aliases) c::find_term(glossary, alias);
        }
        c::find_term(glossary, "no such term \x1b[31m");
    });
    return 0;
}
