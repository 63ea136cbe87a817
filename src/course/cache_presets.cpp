// The published configurations attn cache knows, each as its config file states it, with the file and
// field every number comes from. The cache's number format is a serving choice (vLLM's --kv-cache-dtype,
// llama.cpp's --cache-type-k), not a field of any config: each preset keeps it in the weights' dtype.
#include "course/cache_cost.hpp"

namespace attn::course {

const std::vector<CachePreset>& cache_presets() {
    static const std::vector<CachePreset> presets{
        {"Llama-3-8B", "meta-llama/Meta-Llama-3-8B", 32, 32, 8, 128, 128, 0, 0, 8192, 0, "", "bf16",
         "config.json: num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, head_dim = "
         "hidden_size 4096 / num_attention_heads 32 = 128, context = max_position_embeddings 8192, dtype = "
         "torch_dtype bfloat16",
         "GQA: every layer global. Llama 3.1 8B has the same attention with max_position_embeddings 131072."},
        {"Mistral-7B", "mistralai/Mistral-7B-v0.1", 32, 32, 8, 128, 128, 0, 0, 32768, 4096, "", "bf16",
         "config.json: num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, head_dim = "
         "hidden_size 4096 / 32 = 128 (params.json: head_dim 128), sliding_window 4096, context = "
         "max_position_embeddings 32768, dtype = torch_dtype bfloat16",
         "v0.1: every layer keeps the last 4096 tokens. Mistral-7B v0.2 and later set sliding_window to "
         "null, "
         "so that every layer is global: add --pattern G for them."},
        {"Gemma-3-27B", "google/gemma-3-27b-it", 62, 32, 16, 128, 128, 0, 0, 131072, 1024, "LLLLLG", "bf16",
         "config.json text_config: num_hidden_layers 62, num_attention_heads 32, num_key_value_heads 16, "
         "head_dim 128, sliding_window 1024, sliding_window_pattern 6 (five sliding layers, then one full: "
         "layer_types), context = max_position_embeddings 131072, dtype = torch_dtype bfloat16",
         "the layer counts, heads, head_dim and window were confirmed from a copy of the configuration, "
         "sliding_window_pattern 6 from the configs of the smaller Gemma 3 models, and the 131072 context "
         "from the model card (128K), not from the 27B file itself. 62 layers are ten periods of LLLLLG and "
         "two more local layers: 52 local, 10 global."},
        {"DeepSeek-V3", "deepseek-ai/DeepSeek-V3", 61, 128, 128, 192, 128, 512, 64, 163840, 0, "", "bf16",
         "config.json: num_hidden_layers 61, num_attention_heads 128, num_key_value_heads 128, kv_lora_rank "
         "512 (--latent), qk_rope_head_dim 64 (--rope-dim), d_head = qk_nope_head_dim 128 + qk_rope_head_dim "
         "64 = 192, d_v = v_head_dim 128, context = max_position_embeddings 163840",
         "MLA: each layer caches the 512-element latent and the 64-element RoPE key per token. The MHA row "
         "is "
         "what the same heads would cache without the latent. The 61 layers leave out the multi-token "
         "prediction module (num_nextn_predict_layers 1). The weights are FP8; the cache here is bf16."},
        {"gpt-oss-120b", "openai/gpt-oss-120b", 36, 64, 8, 64, 64, 0, 0, 131072, 128, "LG", "bf16",
         "config.json: num_hidden_layers 36, num_attention_heads 64, num_key_value_heads 8, head_dim 64, "
         "sliding_window 128, layer_types alternating sliding_attention and full_attention from layer 0, "
         "context = max_position_embeddings 131072",
         "18 local layers and 18 global. sliding_window 128 is confirmed from gpt-oss-20b's config and "
         "transformers' GptOssConfig default, not from the 120b file itself. The attention sinks add no "
         "cache. The experts are MXFP4; attention and its cache stay bf16."},
    };
    return presets;
}

}  // namespace attn::course
