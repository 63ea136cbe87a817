mkdir -p .local/share/attn/workspace/apple && mkfifo .local/share/attn/workspace/apple/weights.toml
