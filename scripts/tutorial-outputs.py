#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerates docs/Tutorial.md from docs/Tutorial.template.md by running every command of the
tutorial with the built `safercity` and pasting its real output (issue 19: outputs are never
written by hand). Usage, from the repository folder:

    swift build --product safercity && python3 scripts/tutorial-outputs.py [path/to/safercity]
"""
import os, re, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/safercity")
os.chdir(ROOT)

def run(args):
    p = subprocess.run([EXE] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"safercity {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    return p.stdout.rstrip("\n"), p.stderr.rstrip("\n")

def head(text, n):
    lines = text.split("\n")
    return "\n".join(lines[:n] + (["…"] if len(lines) > n else []))

out = {}
o, e = run(["ingest", "notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv",
            "--format", "policeuk", "--by", "crime-type", "--table"])
out["OUT1"], out["ERR1"] = o, e
o, _ = run(["forecast", "notebooks-data/ons_recorded_crime_pfa/rec-crime-pfa.csv", "--input-format", "ons",
            "--series", "Staffordshire,West Midlands,Violence with injury", "--from", "2007 Q1", "--horizon", "6",
            "--plot", "docs/tutorial/forecast-violence.svg"])
out["OUT2"] = o
fit = ["fit", "notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "--input-format", "rts", "--frequency", "month",
       "--model", "quasipoisson", "--intervention", "step:1983-02"]
o, _ = run(fit + ["--hac"])
out["OUT3"] = o
o, _ = run(fit)
out["OUT3B"] = "…\n" + o[o.index("Intervention at"):]
o, _ = run(["compare", "notebooks-data/fingertips_lape/alcohol_related_admissions.csv", "--area", "Stoke-on-Trent"])
out["OUT4"] = o
funnel = ["funnel", "notebooks-data/fingertips_format_fixture/indicators-CountyUA.data.csv", "--period", "2017"]
o, _ = run(funnel + ["--overdispersion", "--curve", "40"])
out["OUT5"] = head(o, 6)
tally = {}
for line in o.split("\n")[1:]:
    if line.startswith("point,"):
        cls = line.rsplit(",", 1)[1]
        key = ("All ages" if "All ages" in line else "0-9 yrs", cls)
        tally[key] = tally.get(key, 0) + 1
out["OUT5B"] = "\n".join(f"{age}: {cls}: {n}" for (age, cls), n in sorted(tally.items()))
_, e = run(funnel)
out["ERR5C"] = "\n".join(l for l in e.split("\n") if l.startswith("warning:") or l.startswith("note:"))
shutil.rmtree("out", ignore_errors=True)
o, _ = run(["assess", "--report", "out"])
out["OUT6"] = o
# Two of the report's charts, for the page.
os.makedirs("docs/tutorial", exist_ok=True)
for name in ["alcohol-admissions-stoke-fan.svg", "asb-stoke-fan.svg", "alcohol-admissions-stoke-areas.svg"]:
    shutil.copyfile(os.path.join("out", name), os.path.join("docs/tutorial", name))
shutil.rmtree("my-models", ignore_errors=True)
shutil.copytree("models", "my-models")
spec = open(os.path.join(ROOT, "scripts", "tutorial-criminal-damage.yaml")).read().rstrip("\n")
open("my-models/outcomes/criminal-damage-staffordshire.yaml", "w").write(spec + "\n")
try:
    o, e = run(["assess", "--models", "my-models"])
finally:
    shutil.rmtree("my-models", ignore_errors=True)
out["SPEC7"] = spec
out["ERR7"] = "\n".join(l for l in e.split("\n") if not l.startswith("["))
block = o[o.index("Criminal damage and arson, Staffordshire police force area (recorded offences)\n  "):]
out["OUT7"] = "…\n" + block[:block.index("\n\n")]

text = open("docs/Tutorial.template.md").read()
for k, v in out.items():
    text = text.replace(f"@@{k}@@", v.replace(ROOT + "/", "").replace(ROOT, "."))
left = re.findall(r"@@\w+@@", text)
if left: sys.exit(f"unfilled: {left}")
open("docs/Tutorial.md", "w").write(text)
print("wrote docs/Tutorial.md")
