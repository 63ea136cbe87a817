mkfifo course.toml
