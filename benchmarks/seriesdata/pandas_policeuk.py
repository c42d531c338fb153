"""pandas baseline for the police.uk reader: read_csv + groupby(Month, LSOA name prefix, Crime type).size().

Usage: /opt/venv/bin/python pandas_policeuk.py FILE [crime-type|la|lsoa]
Prints seconds, MB/s and the total count (must equal the Swift reader's rows used).
"""
import os
import sys
import time

import pandas as pd

path, level = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "la")
t0 = time.perf_counter()
df = pd.read_csv(path, dtype=str, keep_default_na=False)
if level == "crime-type":
    g = df.groupby(["Month", "Crime type"]).size()
elif level == "la":
    la = df["LSOA name"].str.replace(r" \d{3}[A-Za-z]$", "", regex=True)
    g = df.assign(la=la).groupby(["Month", "la", "Crime type"]).size()
else:
    g = df.groupby(["Month", "LSOA code", "LSOA name", "Crime type"]).size()
dt = time.perf_counter() - t0
mb = os.path.getsize(path) / 1e6
print(f"pandas {level}: {dt:.2f} s, {mb / dt:.0f} MB/s, {len(g)} series, total {int(g.sum())}")
