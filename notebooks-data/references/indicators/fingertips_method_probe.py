#!/usr/bin/env python3
"""Which method did Fingertips use for the bundled export? Found from the numbers.

Run:  /opt/venv/bin/python notebooks-data/references/indicators/fingertips_method_probe.py
Output is committed next to this script as fingertips_method_probe.txt and summarised in
docs/Indicators.md. For every row with Count, Denominator and published 95% limits it computes
Byar's limits (z exact and z = 1.96) and exact Poisson (chi-squared) limits with scipy, counts
rows reproduced to 1e-6 relative, then reapplies the Fingertips comparison rule (area CI vs the
benchmark value, low is good) for "Compared to England" and "Compared to Region".
"""
import os
import numpy as np
import pandas as pd
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))
d = pd.read_csv(os.path.join(here, "..", "..", "fingertips_format_fixture", "indicators-CountyUA.data.csv"))
lim = d[d["Lower CI 95.0 limit"].notna()].copy()
O = lim["Count"].to_numpy(); N = lim["Denominator"].to_numpy()
L = lim["Lower CI 95.0 limit"].to_numpy(); U = lim["Upper CI 95.0 limit"].to_numpy()

def byar(o, z):
    return o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o)))**3, (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1)))**3

def exact(o):
    return np.where(o > 0, stats.chi2.ppf(0.025, 2 * o) / 2, 0.0), stats.chi2.ppf(0.975, 2 * o + 2) / 2

methods = {"byar z=qnorm(0.975)": byar(O, stats.norm.ppf(0.975)), "byar z=1.96": byar(O, 1.96), "exact chi2": exact(O)}
print("value = Count/Denominator*1e5: max rel err",
      np.nanmax(abs(d["Count"] / d["Denominator"] * 1e5 / d["Value"] - 1)))
for age in ["All ages", "0-9 yrs"]:
    m = (lim["Age"] == age).to_numpy()
    print(f"\n{age}: {m.sum()} rows with limits, counts {O[m].min():.0f}-{O[m].max():.0f}")
    for name, (lo, hi) in methods.items():
        e = np.maximum(abs(lo / N * 1e5 / L - 1), abs(hi / N * 1e5 / U - 1))[m]
        print(f"  {name:22s} within 1e-6: {int((e <= 1e-6).sum()):3d}/{m.sum()}   worst rel err {e.max():.3g}")

eng = d[(d["Area Type"] == "Country") & d["Category"].isna()].set_index(["Time period", "Age"])["Value"]
reg = d[d["Area Type"] == "Region"].set_index(["Area Name", "Time period", "Age"])["Value"]
c = d[d["Area Type"] == "County & UA"]

def rule(r, b):
    if pd.isna(r["Value"]) or b is None: return "Not compared"
    if r["Upper CI 95.0 limit"] < b: return "Better"
    if r["Lower CI 95.0 limit"] > b: return "Worse"
    return "Similar"

e_ok = sum(rule(r, eng.get((r["Time period"], r["Age"]))) == r["Compared to England value or percentiles"] for _, r in c.iterrows())
r_ok = sum(rule(r, reg.get((r["Parent Name"], r["Time period"], r["Age"]))) == r["Compared to Region value or percentiles"] for _, r in c.iterrows())
print(f"\nCompared to England reproduced: {e_ok}/{len(c)}; Compared to Region reproduced: {r_ok}/{len(c)}")
print("published England tally:", c["Compared to England value or percentiles"].value_counts().to_dict())
