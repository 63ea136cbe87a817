mkdir -p mydata/apple/vocab.toml
