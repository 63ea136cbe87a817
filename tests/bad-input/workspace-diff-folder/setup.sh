mkdir -p .local/share/attn/workspace/apple/weights.toml
