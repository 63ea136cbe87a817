mkdir -p state/attn; printf "{not json" > state/attn/progress.json
