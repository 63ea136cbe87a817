mkfifo one.md
