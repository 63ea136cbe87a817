mkdir -p mydata/apple
mkfifo mydata/apple/vocab.toml
