"""Trigamma ψ'(x) reference values from mpmath (40 digits) for the Distributions tests.
Run: /opt/venv/bin/python notebooks-data/references/distributions/make_trigamma.py"""
import json, pathlib
import mpmath as mp
mp.mp.dps = 40
xs = [1e-8, 1e-4, 0.01, 0.1, 0.5, 1, 1.5, 2, 3.7, 5, 9.99, 10, 19.5, 20, 20.5, 50, 123.456, 1e3, 1e5, 1e8, 1e12]
out = [{"x": repr(x), "trigamma": mp.nstr(mp.psi(1, mp.mpf(x)), 25)} for x in xs]
(pathlib.Path(__file__).parent / "trigamma.json").write_text(json.dumps(out, indent=1))
print(len(out), "cases")
