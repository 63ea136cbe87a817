ln -s /dev/zero one.md
