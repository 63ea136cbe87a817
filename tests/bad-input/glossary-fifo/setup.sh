mkfifo glossary.toml
