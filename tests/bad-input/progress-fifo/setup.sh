mkdir -p state/attn; mkfifo state/attn/progress.json
