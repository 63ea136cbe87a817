ln -s b.csv a.csv; ln -s a.csv b.csv
