mkdir -p mydata/apple
ln -s /dev/zero mydata/apple/vocab.toml
