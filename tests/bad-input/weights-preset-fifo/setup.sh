mkfifo weights.toml
