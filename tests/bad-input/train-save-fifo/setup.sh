mkfifo f.toml
