mkfifo x.csv
