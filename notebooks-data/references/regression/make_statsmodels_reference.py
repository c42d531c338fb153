"""Second oracle for the Regression module: statsmodels (OLS HAC in statsmodels' own convention,
HC0-HC3, Jarque-Bera, Durbin-Watson, Ljung-Box; Poisson GLM) on the lm/GLM cases of reference.json
(R). Rebuilds each design from the case's terms with the same conventions as make_reference.R.

Run from the repository root:
  /opt/venv/bin/python notebooks-data/references/regression/make_statsmodels_reference.py
Writes notebooks-data/references/regression/statsmodels_reference.json (committed)."""
import json, math
import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.sandwich_covariance import cov_hac
from statsmodels.stats.stattools import jarque_bera, durbin_watson
from statsmodels.stats.diagnostic import acorr_ljungbox

REF = "notebooks-data/references/regression/reference.json"
ref = json.load(open(REF))


def column(term, t, cyc, f, start, freq):
    if term == "(Intercept)":
        return np.ones_like(t)
    if term == "trend":
        return t.copy()
    if term.startswith("I(trend^"):
        return t ** int(term[len("I(trend^"):-1])
    if term.startswith("season"):
        return (cyc == int(term[6:])).astype(float)
    if term[0] in "SC" and "-" in term:
        k, m = map(int, term[1:].split("-"))
        x = 2 * k * t / m
        # exact sinpi/cospi at multiples of 1/2, as R
        fn = np.sin if term[0] == "S" else np.cos
        v = fn(np.pi * x)
        r = np.mod(x, 2)
        if term[0] == "S":
            v[np.isin(r, [0, 1])] = 0; v[r == 0.5] = 1; v[r == 1.5] = -1
        else:
            v[np.isin(r, [0.5, 1.5])] = 0; v[r == 0] = 1; v[r == 1] = -1
        return v
    kind, label = term.split("_", 1)
    if freq == 12:
        y, p = int(label[:4]), int(label[5:7])
    elif freq == 4:
        y, p = int(label[:4]), int(label[6])
    else:
        y, p = int(label[:4]), 1
    t0 = (y - start[0]) * freq + (p - start[1]) + 1
    return {"step": (t >= t0).astype(float), "ramp": np.maximum(0, t - t0).astype(float),
            "pulse": (t == t0).astype(float)}[kind]


def design(case):
    s = ref["series"][case["series"]]
    y = np.array(s["values"], dtype=float)
    n, freq, start = len(y), s["frequency"], s["start"]
    t = np.arange(1, n + 1, dtype=float)
    cyc = ((start[1] - 1 + np.arange(n)) % freq) + 1
    X = np.column_stack([column(term, t, cyc, freq, start, freq) for term in case["terms"]])
    return y, X


out = {"generatedBy": "notebooks-data/references/regression/make_statsmodels_reference.py",
       "statsmodels": statsmodels.__version__, "numpy": np.__version__, "cases": []}
for case in ref["cases"]:
    if case["model"] == "lm" and "its" not in case:
        y, X = design(case)
        n = len(y)
        res = sm.OLS(y, X).fit()
        assert np.allclose(res.params, case["coefficients"]["estimate"], rtol=1e-9), case["id"]
        nlags = int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))
        hac = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": nlags, "use_correction": False})
        default_cov = cov_hac(res)  # nlags=None: the 4(n/100)^(2/9) rule; use_correction=True: n/(n-k)
        lb = acorr_ljungbox(res.resid, lags=[case["ljungBox"]["lag"]], return_df=True)
        jb, jbp, _, _ = jarque_bera(res.resid)
        out["cases"].append({
            "id": case["id"], "model": "lm",
            "hacLag": nlags,
            "hacStdError": list(map(float, hac.bse)),
            "hacDefaultRuleStdError": list(map(float, np.sqrt(np.diag(default_cov)))),
            "hacPValueNormal": list(map(float, hac.pvalues)),
            "hc": {k: list(map(float, getattr(res, k.upper() + "_se"))) for k in ["hc0", "hc1", "hc2", "hc3"]},
            "jarqueBera": {"statistic": float(jb), "pValue": float(jbp)},
            "durbinWatson": float(durbin_watson(res.resid)),
            "ljungBox": {"lag": case["ljungBox"]["lag"], "statistic": float(lb["lb_stat"].iloc[0]),
                         "pValue": float(lb["lb_pvalue"].iloc[0])},
        })
    elif case["model"] == "poisson":
        y, X = design(case)
        offset = np.log(case["offset"]["values"]) if case.get("offset") else None
        res = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(tol=1e-13, maxiter=100)
        out["cases"].append({"id": case["id"], "model": "poisson", "estimate": list(map(float, res.params)),
                             "stdError": list(map(float, res.bse)), "deviance": float(res.deviance),
                             "llf": float(res.llf), "aic": float(res.aic)})
json.dump(out, open("notebooks-data/references/regression/statsmodels_reference.json", "w"))
print("wrote", len(out["cases"]), "cases")
