#include "render/decode_export.hpp"

#include "course/reports.hpp"
#include "render/export.hpp"

namespace attn::render {

nlohmann::json decode_json(const course::DecodeReport& r) {
    nlohmann::json doc;
    doc["tokens"] = r.tokens;
    doc["n_heads"] = r.trace.n_heads;
    doc["n_kv_heads"] = r.trace.n_kv_heads;
    doc["d_k"] = r.trace.steps.at(0).heads.at(0).q.n_cols;
    doc["inputs"] = r.inputs_note;
    doc["weights"] = r.weights_note;
    doc["window"] = r.window ? nlohmann::json(r.window->size) : nlohmann::json(nullptr);
    doc["sinks"] = r.window ? r.window->sinks : 0;
    doc["cache_capacity"] = r.trace.cache.keys.n_rows;
    doc["steps"] = nlohmann::json::array();
    const bool several = r.trace.n_heads > 1;
    for (const math::DecodeStep& s : r.trace.steps) {
        nlohmann::json step = {{"t", s.t}, {"token", r.tokens[s.t]}};
        auto head_fields = [](nlohmann::json& into, const math::DecodeHeadStep& h) {
            into["q"] = matrix_json(h.q)[0];
            into["k"] = matrix_json(h.k)[0];
            into["v"] = matrix_json(h.v)[0];
            into["k_cache"] = matrix_json(h.k_cache);
            into["v_cache"] = matrix_json(h.v_cache);
            into["scores"] = matrix_json(h.scores)[0];
            into["weights"] = matrix_json(h.weights)[0];
            into["output"] = matrix_json(h.output)[0];
        };
        if (several) {
            step["q"] = matrix_json(s.q)[0];
            step["k"] = matrix_json(s.k)[0];
            step["v"] = matrix_json(s.v)[0];
            step["k_cache"] = matrix_json(s.k_cache);
            step["v_cache"] = matrix_json(s.v_cache);
            for (const math::DecodeHeadStep& h : s.heads) {
                nlohmann::json head = {{"kv_head", h.kv_head}};
                head_fields(head, h);
                step["heads"].push_back(head);
            }
        } else {
            head_fields(step, s.heads[0]);
        }
        step["output"] = matrix_json(s.output)[0];
        step["cache_rows"] = s.cache_tokens.size();
        step["cache_tokens"] = s.cache_tokens;
        step["key_tokens"] =
            course::cache_key_tokens(r, s);  // names of the cache rows: the labels of scores and weights
        step["cache_row"] = s.row;
        step["evicted"] = s.evicted ? nlohmann::json(*s.evicted) : nlohmann::json(nullptr);
        step["cache_bytes"] = s.cache_bytes;
        step["work_with_cache"] = s.work.with_cache;
        step["work_without_cache"] = s.work.without_cache;
        doc["steps"].push_back(step);
    }
    doc["stages"]["output"] = matrix_json(r.trace.output);
    doc["cache_bytes"] = r.trace.steps.back().cache_bytes;
    doc["causal_max_abs_difference"] = r.causal_max_abs_difference;
    return doc;
}

}  // namespace attn::render
