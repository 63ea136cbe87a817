// Fuzz target: every TOML data file attn reads. Each input goes through all the readers (vocabulary,
// projection weights, transformer encoder, seq2seq vocabulary and weights, training task), so that the
// shipped files seed all of them.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "inputs/seq2seq_model.hpp"
#include "inputs/train_task.hpp"
#include "inputs/transformer_weights.hpp"
#include "inputs/vocabulary.hpp"
#include "inputs/weights_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    const std::string path = attn::fuzz::write_input("data.toml", data, size);
    attn::fuzz::expect_clean([&] { c::load_vocabulary(path); });
    attn::fuzz::expect_clean([&] { c::load_weights_toml(path); });
    attn::fuzz::expect_clean([&] { c::load_encoder_toml(path); });
    attn::fuzz::expect_clean([&] { c::load_seq2seq_vocab(path); });
    attn::fuzz::expect_clean([&] { c::load_seq2seq_weights(path); });
    attn::fuzz::expect_clean([&] { c::load_train_task(path); });
    return 0;
}
