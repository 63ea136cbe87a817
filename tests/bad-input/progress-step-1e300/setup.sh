mkdir -p state/attn; printf '{"format":"attn-progress","version":1,"current":"why-attention","lessons":{"why-attention":{"step":1e300,"done":false}}}' > state/attn/progress.json
