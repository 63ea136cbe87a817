mkdir -p mydata
mkfifo mydata/notes.fifo
