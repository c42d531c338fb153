#!/usr/bin/env python3
"""Reference values for the SaferCity `Distributions` module.

Run:  /opt/venv/bin/python notebooks-data/references/distributions/make_reference.py
Writes reference.json next to this script. Tests (Tests/DistributionsTests) read it.

Oracle: mpmath at 40 significant digits for every value. scipy is used only
to *start* root searches (quantiles) and never as the reference value.

- Special functions: mpmath loggamma/digamma/gammainc.
- Incomplete beta: mpmath `betainc` is too slow for parameters ~1e4-1e7, so the
  reference uses the continued fraction for I_x(a,b) evaluated in 40-digit
  arithmetic with the prefactor x^a y^b / B(a,b) from mpmath loggamma; it is
  cross-checked against mpmath.betainc on moderate parameters below (assert
  agreement to 1e-25) before any value is written.
- Quantiles: the root of F(x) = p (or S(x) = q) for the *double* p, solved in
  40-digit arithmetic by a bracketing secant (Illinois) search on log F.
- Discrete quantiles: the smallest k with cdf(k) >= p, confirmed by evaluating
  cdf(k-1) < p <= cdf(k) in 40-digit arithmetic.

Representability rule (stated, not silent): a case is only emitted when its
reference value is representable as a normal double (|v| >= 1e-300 and
|v| <= 1e300, or v == 0 exactly); `skipped` in the JSON counts the cases
dropped by this rule per family.

Tail classification: a case is a "tail" case when the probability involved
(the output of cdf/survival/P/Q/I/pmf/pdf, or the input p or q of a quantile)
is below 1e-10; everything else is "body". Targets (issue 2): relative error
<= 1e-12 in the body, <= 1e-9 in the tails.
"""
import json
import math
import os
import sys
import time
from collections import Counter

import mpmath as mp
from scipy import stats, special

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))

cases = []
skipped = Counter()
TAIL = mp.mpf("1e-10")


def fmt(v):
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return str(v)
    v = mp.mpf(v)
    if mp.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return mp.nstr(v, 22, min_fixed=1, max_fixed=0)


def representable(v):
    if isinstance(v, int):
        return True
    v = mp.mpf(v)
    if mp.isinf(v) or v == 0:
        return True
    return mp.mpf("1e-300") <= abs(v) <= mp.mpf("1e300")


def add(family, f, params, x, v, prob=None):
    """prob: the probability used for tail classification (None = body)."""
    if not representable(v):
        skipped[family] += 1
        return
    tail = prob is not None and mp.mpf(prob) < TAIL
    # Parameters as strings (repr round-trips exactly; Foundation's JSON number
    # parser on Linux can be one ulp off).
    cases.append({"family": family, "f": f, "p": [repr(float(a)) for a in params],
                  "x": fmt(x), "v": fmt(v), "tail": bool(tail)})


# ---------------------------------------------------------------- kernels (mp)

def mp_gamma_pq(a, x):
    """(P(a,x), Q(a,x)) in 40-digit arithmetic: the series for P when x < a + 1,
    Legendre's continued fraction for Q otherwise, the other member as 1 - it.
    (mpmath.gammainc's hypergeometric route fails to converge for a ~ 1e5-1e6
    near x ~ a; this is cross-checked against mpmath.gammainc in
    check_gamma_oracle on parameters where that works.)"""
    a, x = mp.mpf(a), mp.mpf(x)
    if x == 0:
        return mp.mpf(0), mp.mpf(1)
    eps = mp.mpf(10) ** (-(mp.mp.dps - 3))
    logd = a * mp.log(x) - x - mp.loggamma(a + 1)
    if x < a + 1:
        term = mp.mpf(1)
        total = mp.mpf(1)
        ap = a
        while True:
            ap += 1
            term *= x / ap
            total += term
            if term < total * eps:
                break
        p = mp.exp(logd) * total
        return p, 1 - p
    tiny = mp.mpf("1e-200")
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    i = 1
    while True:
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            break
        i += 1
    q = mp.exp(logd) * a * h
    return 1 - q, q


def check_gamma_oracle():
    for a, x in [(0.001, 0.5), (0.25, 700), (0.5, 0.1), (1.0, 2.0), (3.0, 2.5), (10.5, 11.0), (100.0, 80.0),
                 (100.0, 130.0), (1e3, 1e3), (1e4, 1.01e4), (0.01, 3.0)]:
        p, q = mp_gamma_pq(a, x)
        rp = mp.gammainc(a, 0, x, regularized=True)
        rq = mp.gammainc(a, x, mp.inf, regularized=True)
        assert abs(p / rp - 1) < 1e-25 and abs(q / rq - 1) < 1e-25, (a, x, p, rp, q, rq)


def mp_beta_cf(a, b, x, y):
    """I_x(a,b) by the continued fraction (valid/used for x < (a+1)/(a+b+2))."""
    lpre = a * mp.log(x) + b * mp.log(y) - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b))
    tiny = mp.mpf("1e-200")
    qab, qap, qam = a + b, a + 1, a - 1
    c = mp.mpf(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    eps = mp.mpf(10) ** (-(mp.mp.dps - 4))
    for m in range(1, 10_000_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            break
    else:
        raise RuntimeError("beta CF did not converge")
    return mp.exp(lpre) * h / a


def mp_beta_pair(a, b, x, y=None):
    """(I_x(a,b), 1 - I_x(a,b)), each accurate to ~35 digits."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    y = 1 - x if y is None else mp.mpf(y)
    if x == 0:
        return mp.mpf(0), mp.mpf(1)
    if y == 0:
        return mp.mpf(1), mp.mpf(0)
    if x * (a + b + 2) > a + 1:
        v = mp_beta_cf(b, a, y, x)
        return 1 - v, v
    v = mp_beta_cf(a, b, x, y)
    return v, 1 - v


def logit_beta(a, b, which):
    """u -> I_x(a,b) (which=0) or 1 - I_x(a,b) (which=1) at x = 1/(1+e^-u), y = 1/(1+e^u)."""
    def F(u):
        u = mp.mpf(u)
        return mp_beta_pair(a, b, 1 / (1 + mp.exp(-u)), 1 / (1 + mp.exp(u)))[which]
    return F


def check_beta_oracle():
    for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.4), (50, 50, 0.2), (0.1, 10, 0.01), (10, 0.1, 0.99),
                    (5000, 0.5, 0.999), (2.5, 30, 0.2), (1, 1, 0.7), (0.01, 0.01, 0.5)]:
        w, w1 = mp_beta_pair(a, b, x)
        ref = mp.betainc(a, b, 0, x, regularized=True)
        refc = mp.betainc(a, b, x, 1, regularized=True)
        assert abs(w / ref - 1) < 1e-25 and abs(w1 / refc - 1) < 1e-25, (a, b, x, w, ref)


def solve_root(F, target, u0, increasing, lo=-mp.inf, hi=mp.inf, transform=mp.exp):
    """Root of log F(T(u)) = log target, F monotone in u. Illinois on a bracket."""
    lt = mp.log(target)

    def g(u):
        val = F(transform(u))
        if val <= 0:
            return -mp.inf if increasing else mp.inf
        return mp.log(val) - lt

    u0 = mp.mpf(u0)
    g0 = g(u0)
    if g0 == 0:
        return transform(u0)
    # expand a bracket
    step = mp.mpf("1e-6") * max(1, abs(u0))
    direction = -1 if (g0 > 0) == increasing else 1
    a, ga = u0, g0
    for _ in range(400):
        b = a + direction * step
        if b < lo:
            b = lo
        if b > hi:
            b = hi
        gb = g(b)
        if (gb > 0) != (g0 > 0) or gb == 0:
            break
        a, ga = b, gb
        step *= 2
    else:
        raise RuntimeError("no bracket")
    if gb == 0:
        return transform(b)
    # Illinois / bisection hybrid; handle infinite g by bisection
    side = 0
    for _ in range(2000):
        if mp.isinf(ga) or mp.isinf(gb):
            c = (a + b) / 2
        else:
            c = b - gb * (b - a) / (gb - ga)
            if not (min(a, b) < c < max(a, b)):
                c = (a + b) / 2
        gc = g(c)
        if gc == 0:
            return transform(c)
        if (gc > 0) == (gb > 0):
            b, gb = c, gc
            if side == -1 and not mp.isinf(ga):
                ga /= 2
            side = -1
        else:
            a, ga = b, gb
            b, gb = c, gc
            side = 1
        if abs(b - a) <= mp.mpf(10) ** (-32) * max(1, abs(b)):
            return transform(b)
    raise RuntimeError("no convergence")


def sf(x):
    """scipy start value -> float or None."""
    try:
        x = float(x)
    except Exception:
        return None
    return x if math.isfinite(x) else None


PS_BODY = [1e-9, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999]
PS_TAIL = [1e-15, 1e-30, 1e-100, 1e-200, 1e-300]


def continuous_quantiles(family, params, cdf, sfun, start_lower, start_upper, positive=True,
                         lo=-mp.inf, hi=mp.inf):
    """Emits quantile(p) for p in PS_BODY+PS_TAIL and inverseSurvival(q) for q in the same set."""
    tr = mp.exp if positive else (lambda u: u)
    for p in PS_BODY + PS_TAIL:
        for kind, F, start in (("quantile", cdf, start_lower), ("inverseSurvival", sfun, start_upper)):
            s = sf(start(p))
            if positive:
                u0 = mp.log(s) if (s is not None and s > 0) else mp.mpf(0)
            else:
                u0 = mp.mpf(s) if s is not None else mp.mpf(0)
            try:
                x = solve_root(F, mp.mpf(p), u0, increasing=(kind == "quantile"), lo=lo, hi=hi, transform=tr)
            except RuntimeError as e:
                print("WARN", family, kind, params, p, e, file=sys.stderr)
                skipped[family + ":noRoot"] += 1
                continue
            add(family, kind, params, p, x, prob=p)


# ---------------------------------------------------------------- special functions

def gen_special():
    check_gamma_oracle()
    for x in [1e-300, 1e-100, 1e-10, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-8, 1.0, 1 + 1e-8, 1.25, 1.5, 1.9,
              2.0, 2 + 1e-8, 2.5, 3.7, 10.0, 20.5, 100.5, 1e3, 1e5, 1e10, 1e100, 1e300,
              -0.5, -1.5, -2.5, -3.2, -10.3, -100.7, -2.4, -2.75, -0.999,
              # doubles nearest the first negative roots of ln|Γ| (value ~1e-16: relative accuracy through the zero)
              -2.4570247382208006, -2.7476826467274127, -3.14358088834998, -3.955294284858598, -4.039361839740537]:
        add("logGamma", "logGamma", [], x, mp.log(abs(mp.gamma(x))) if x < 0 else mp.loggamma(x))
    for x in [1e-10, 1e-5, 0.1, 0.5, 1.0, 1.2, 1.4, 1.46, 1.4616321449683622, 1.47, 1.5, 1.7, 2.0, 2.5,
              3.0, 5.5, 9.99, 10.0, 30.0, 100.0, 1e4, 1e8, 1e15, 1e100, -0.5, -1.5, -2.25, -10.1, -100.3]:
        add("digamma", "digamma", [], x, mp.digamma(x))
    # Near the negative roots of ψ only absolute accuracy is claimed (reflection
    # formula cancels); these cases carry metric "abs" and their own family.
    for r0 in [-0.5040830082644554, -1.5734984731623904, -2.6107208684441447]:
        for d in [0.0, 1e-10, -1e-6, 1e-3]:
            x = r0 + d
            cases.append({"family": "digammaNearNegativeRoots", "f": "digamma", "p": [], "x": fmt(x),
                          "v": fmt(mp.digamma(x)), "tail": False, "metric": "abs"})
    avals = [1e-10, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.5, 21.0, 50.0, 100.0, 1e3, 1e4, 1e5, 1e6]
    for a in avals:
        xs = {a * f for f in [1e-6, 1e-3, 0.1, 0.5, 0.8, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0, 5.0]}
        xs |= {0.001, 0.1, 0.5, 1.0, 1.4, 1.6, 3.0, 10.0, 50.0, 200.0, 700.0}
        if a >= 10:
            sd = math.sqrt(a)
            xs |= {a + z * sd for z in [-30, -10, -3, -1, -0.1, 0.1, 1, 3, 10, 30] if a + z * sd > 0}
        for x in sorted(xs):
            x = float(x)
            p, q = mp_gamma_pq(a, x)
            add("gammaP", "P", [a], x, p, prob=p)
            add("gammaQ", "Q", [a], x, q, prob=q)
    for a in [1e-3, 0.01, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 100.0, 1e4, 1e6]:
        for p in PS_BODY + PS_TAIL:
            for kind, target_lower in (("invP", True), ("invQ", False)):
                F = (lambda x, a=a: mp_gamma_pq(a, x)[0]) if target_lower else (lambda x, a=a: mp_gamma_pq(a, x)[1])
                s = special.gammaincinv(a, p) if target_lower else special.gammainccinv(a, p)
                s = sf(s)
                u0 = mp.log(s) if s and s > 0 else mp.mpf(0)
                try:
                    x = solve_root(F, mp.mpf(p), u0, increasing=target_lower)
                except RuntimeError as e:
                    print("WARN", kind, a, p, e, file=sys.stderr)
                    skipped["gammaInverse:noRoot"] += 1
                    continue
                add("gammaInverse", kind, [a], p, x, prob=p)
    check_beta_oracle()
    pairs = [(0.5, 0.5), (1.0, 1.0), (0.1, 10.0), (10.0, 0.1), (2.0, 3.0), (0.01, 0.01), (0.5, 5000.0),
             (5000.0, 0.5), (50.0, 50.0), (2.5, 300.0), (1000.0, 1000.0), (1e4, 1e4), (3.0, 1e5), (1e5, 1e3)]
    for a, b in pairs:
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        xs = {1e-300, 1e-100, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10}
        xs |= {m + z * sd for z in [-20, -5, -2, -0.5, 0.5, 2, 5, 20] if 0 < m + z * sd < 1}
        for x in sorted(xs):
            w, w1 = mp_beta_pair(a, b, x)
            add("betaI", "I", [a, b], x, w, prob=w)
            add("betaI", "Ic", [a, b], x, w1, prob=w1)  # 1 - I_x(a, b), checked through BetaDistribution.survival
    for a, b in pairs:
        for p in PS_BODY + PS_TAIL:
            for lower in (True, False):
                F = logit_beta(a, b, 0 if lower else 1)
                s = special.betaincinv(a, b, p) if lower else special.betaincinv(a, b, 1 - p)
                s = sf(s)
                # logit variable keeps both ends resolvable
                u0 = mp.log(s / (1 - s)) if (s and 0 < s < 1) else mp.mpf(0)
                try:
                    u = solve_root(F, mp.mpf(p), u0, increasing=lower, transform=lambda u: u)
                    x = 1 / (1 + mp.exp(-u))
                except RuntimeError as e:
                    print("WARN beta inv", a, b, p, e, file=sys.stderr)
                    skipped["betaInverse:noRoot"] += 1
                    continue
                add("betaInverse", "invI" if lower else "invIc", [a, b], p, x, prob=p)


# ---------------------------------------------------------------- continuous distributions

def gen_normal():
    for mu, s in [(0.0, 1.0), (3.0, 2.0)]:
        cdf = lambda x, mu=mu, s=s: mp.ncdf(x, mu, s)
        sfun = lambda x, mu=mu, s=s: mp.ncdf(-x, -mu, s)
        for z in [-37.5, -30, -20, -10, -8, -5, -3, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 1.96, 3, 5, 8, 10, 20, 30, 37.5]:
            x = mu + s * z
            c, q = cdf(x), sfun(x)
            pdf = mp.npdf(x, mu, s)
            add("normal", "cdf", [mu, s], x, c, prob=c)
            add("normal", "survival", [mu, s], x, q, prob=q)
            add("normal", "pdf", [mu, s], x, pdf, prob=pdf)
        continuous_quantiles("normal", [mu, s], cdf, sfun,
                             lambda p, mu=mu, s=s: stats.norm.ppf(p, mu, s),
                             lambda p, mu=mu, s=s: stats.norm.isf(p, mu, s), positive=False)


def t_cdf(nu, t):
    nu, t = mp.mpf(nu), mp.mpf(t)
    if t == 0:
        return mp.mpf(1) / 2
    x = nu / (nu + t * t)
    y = t * t / (nu + t * t)
    half = mp_beta_pair(nu / 2, mp.mpf(1) / 2, x, y)[0] / 2
    return half if t < 0 else 1 - half


def gen_t():
    for nu in [0.5, 1.0, 2.0, 3.0, 5.5, 10.0, 30.0, 100.0, 1e4]:
        def pdf(x, nu=nu):
            nu_, x = mp.mpf(nu), mp.mpf(x)
            return mp.exp(mp.loggamma((nu_ + 1) / 2) - mp.loggamma(nu_ / 2)) / mp.sqrt(nu_ * mp.pi) * (1 + x * x / nu_) ** (-(nu_ + 1) / 2)
        cdf = lambda x, nu=nu: t_cdf(nu, x)
        sfun = lambda x, nu=nu: t_cdf(nu, -x)
        for x in [-1e100, -1e10, -1e5, -100, -30, -10, -5, -3, -2, -1, -0.1, -1e-8, 0, 1e-8, 0.1, 1, 2, 3, 5, 10, 30, 100, 1e5, 1e10, 1e100]:
            c, q = cdf(x), sfun(x)
            add("studentT", "cdf", [nu], x, c, prob=c)
            add("studentT", "survival", [nu], x, q, prob=q)
            add("studentT", "pdf", [nu], x, pdf(x), prob=pdf(x))
        continuous_quantiles("studentT", [nu], cdf, sfun,
                             lambda p, nu=nu: stats.t.ppf(p, nu), lambda p, nu=nu: stats.t.isf(p, nu), positive=False)


def gamma_family(family, shape, scale, extra_params):
    a = mp.mpf(shape)
    th = mp.mpf(scale)
    cdf = lambda x: mp_gamma_pq(a, mp.mpf(x) / th)[0]
    sfun = lambda x: mp_gamma_pq(a, mp.mpf(x) / th)[1]

    def pdf(x):
        x = mp.mpf(x)
        return mp.exp((a - 1) * mp.log(x) - x / th - mp.loggamma(a) - a * mp.log(th))
    m = float(shape * scale)
    sd = math.sqrt(shape) * scale
    xs = {m * f for f in [1e-10, 1e-3, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0, 20.0]}
    xs |= {1e-5 * scale, 0.5 * scale, 1.0 * scale, 3.0 * scale, 100.0 * scale, 700.0 * scale}
    xs |= {m + z * sd for z in [-10, -3, -1, 1, 3, 10, 40] if m + z * sd > 0}
    for x in sorted(xs):
        c, q = cdf(x), sfun(x)
        add(family, "cdf", extra_params, x, c, prob=c)
        add(family, "survival", extra_params, x, q, prob=q)
        d = pdf(x)
        add(family, "pdf", extra_params, x, d, prob=d)
    continuous_quantiles(family, extra_params, cdf, sfun,
                         lambda p: stats.gamma.ppf(p, shape, scale=scale),
                         lambda p: stats.gamma.isf(p, shape, scale=scale))


def gen_gamma_chi2():
    for shape, scale in [(0.01, 1.0), (0.5, 1.0), (1.0, 2.5), (2.5, 1.0), (10.0, 0.5), (1e3, 1.0), (1e5, 3.0)]:
        gamma_family("gamma", shape, scale, [shape, scale])
    for df in [0.5, 1.0, 2.0, 3.0, 7.5, 10.0, 50.0, 100.0, 1e3, 1e4]:
        gamma_family("chiSquared", df / 2, 2.0, [df])
    # Exact Poisson limits: df = 2k (k >= 1) and 2(k+1), k = 0..20.
    dfs = sorted({2 * k for k in range(1, 21)} | {2 * (k + 1) for k in range(0, 21)})
    for df in dfs:
        a = mp.mpf(df) / 2
        for p in [0.025, 0.975, 0.001, 0.999]:
            F = lambda x, a=a: mp_gamma_pq(a, mp.mpf(x) / 2)[0]
            x = solve_root(F, mp.mpf(p), mp.log(stats.chi2.ppf(p, df)), increasing=True)
            add("chiSquaredPoissonLimits", "quantile", [df], p, x, prob=p)


def gen_beta_f():
    for a, b in [(0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (0.1, 10.0), (10.0, 0.1), (50.0, 50.0), (0.5, 5000.0), (1e3, 1e3)]:
        cdf = lambda x, a=a, b=b: mp_beta_pair(a, b, x)[0]
        sfun = lambda x, a=a, b=b: mp_beta_pair(a, b, x)[1]

        def pdf(x, a=a, b=b):
            x = mp.mpf(x)
            return mp.exp((a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)))
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        xs = {1e-100, 1e-8, 1e-3, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1 - 1e-8}
        xs |= {m + z * sd for z in [-10, -3, -1, 1, 3, 10] if 0 < m + z * sd < 1}
        for x in sorted(xs):
            c, q = cdf(x), sfun(x)
            add("beta", "cdf", [a, b], x, c, prob=c)
            add("beta", "survival", [a, b], x, q, prob=q)
            add("beta", "pdf", [a, b], x, pdf(x), prob=pdf(x))
        for p in PS_BODY + PS_TAIL:
            for kind, lower in (("quantile", True), ("inverseSurvival", False)):
                F = logit_beta(a, b, 0 if lower else 1)
                s = sf(stats.beta.ppf(p, a, b) if lower else stats.beta.isf(p, a, b))
                u0 = mp.log(s / (1 - s)) if (s and 0 < s < 1) else mp.mpf(0)
                try:
                    u = solve_root(F, mp.mpf(p), u0, increasing=lower, transform=lambda u: u)
                    x = 1 / (1 + mp.exp(-u))
                except RuntimeError as e:
                    print("WARN beta", a, b, p, e, file=sys.stderr)
                    skipped["beta:noRoot"] += 1
                    continue
                add("beta", kind, [a, b], p, x, prob=p)
    for d1, d2 in [(1.0, 1.0), (3.0, 7.0), (0.5, 2.0), (10.0, 1e4), (1e4, 10.0), (100.0, 100.0)]:
        a, b = mp.mpf(d1) / 2, mp.mpf(d2) / 2

        def split(x, d1=d1, d2=d2):
            x = mp.mpf(x)
            return d1 * x / (d1 * x + d2), d2 / (d1 * x + d2)
        cdf = lambda x, a=a, b=b, split=split: mp_beta_pair(a, b, *split(x))[0] if x > 0 else mp.mpf(0)
        sfun = lambda x, a=a, b=b, split=split: mp_beta_pair(a, b, *split(x))[1] if x > 0 else mp.mpf(1)

        def pdf(x, a=a, b=b, split=split):
            u, v = split(x)
            return mp.exp(a * mp.log(u) + b * mp.log(v) - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b))) / mp.mpf(x)
        for x in [1e-100, 1e-10, 1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 100.0, 1e5, 1e10, 1e50]:
            c, q = cdf(x), sfun(x)
            add("fDistribution", "cdf", [d1, d2], x, c, prob=c)
            add("fDistribution", "survival", [d1, d2], x, q, prob=q)
            add("fDistribution", "pdf", [d1, d2], x, pdf(x), prob=pdf(x))
        continuous_quantiles("fDistribution", [d1, d2], cdf, sfun,
                             lambda p, d1=d1, d2=d2: stats.f.ppf(p, d1, d2),
                             lambda p, d1=d1, d2=d2: stats.f.isf(p, d1, d2))


# ---------------------------------------------------------------- discrete distributions

def discrete_quantiles(family, params, cdf_mp, start, upper=None):
    for p in PS_BODY + PS_TAIL + [1 - 1e-12, 1 - 1e-15]:
        pm = mp.mpf(p)
        k = sf(start(p))
        k = 0 if k is None else int(max(0, k))
        if upper is not None:
            k = min(k, upper)
        # move to the smallest k with cdf(k) >= p
        while cdf_mp(k) < pm:
            k += 1
        while k > 0 and cdf_mp(k - 1) >= pm:
            k -= 1
        add(family, "quantile", params, p, k, prob=min(pm, 1 - pm))


def gen_poisson():
    for lam in [1e-3, 0.5, 3.0, 10.0, 100.5, 1e4, 1e6]:
        L = mp.mpf(lam)
        pmf = lambda k: mp.exp(-L + k * mp.log(L) - mp.loggamma(k + 1))
        cdf = lambda k: mp_gamma_pq(k + 1, L)[1] if k >= 0 else mp.mpf(0)
        sfun = lambda k: mp_gamma_pq(k + 1, L)[0] if k >= 0 else mp.mpf(1)
        sd = math.sqrt(lam)
        ks = {0, 1, 2, 5, 10, 30, 100}
        ks |= {int(lam + z * sd) for z in [-40, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 40, 100] if lam + z * sd >= 0}
        ks |= {int(lam * 3), int(lam * 10) + 5}
        for k in sorted(ks):
            add("poisson", "pmf", [lam], k, pmf(k), prob=pmf(k))
            c, q = cdf(k), sfun(k)
            add("poisson", "cdf", [lam], k, c, prob=c)
            add("poisson", "survival", [lam], k, q, prob=q)
        add("poisson", "pmf", [lam], -1, 0)
        add("poisson", "cdf", [lam], -1, 0)
        add("poisson", "survival", [lam], -1, 1)
        discrete_quantiles("poisson", [lam], cdf, lambda p, lam=lam: stats.poisson.ppf(p, lam))


def binom_pair(n, p, k):
    """(P(X <= k), P(X > k)) = (I_{1-p}(n-k, k+1), I_p(k+1, n-k))."""
    p = mp.mpf(p)
    if k < 0:
        return mp.mpf(0), mp.mpf(1)
    if k >= n:
        return mp.mpf(1), mp.mpf(0)
    w, w1 = mp_beta_pair(k + 1, n - k, p, 1 - p)
    return w1, w


def gen_binomial():
    for n, pr in [(10, 0.3), (20, 0.5), (1000, 0.01), (100000, 0.3), (10_000_000, 0.5), (10_000_000, 1e-6), (10_000_000, 0.999)]:
        P = mp.mpf(pr)

        def pmf(k, n=n, P=P):
            return mp.exp(mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1) + k * mp.log(P) + (n - k) * mp.log(1 - P))
        m = n * pr
        sd = math.sqrt(n * pr * (1 - pr))
        ks = {0, 1, n - 1, n}
        ks |= {int(m + z * sd) for z in [-40, -20, -10, -5, -2, -1, -0.3, 0, 0.3, 1, 2, 5, 10, 20, 40] if 0 <= m + z * sd <= n}
        for k in sorted(ks):
            add("binomial", "pmf", [n, pr], k, pmf(k), prob=pmf(k))
            c, q = binom_pair(n, pr, k)
            add("binomial", "cdf", [n, pr], k, c, prob=c)
            add("binomial", "survival", [n, pr], k, q, prob=q)
        add("binomial", "pmf", [n, pr], -1, 0)
        add("binomial", "pmf", [n, pr], n + 1, 0)
        discrete_quantiles("binomial", [n, pr], lambda k, n=n, pr=pr: binom_pair(n, pr, k)[0],
                           lambda p, n=n, pr=pr: stats.binom.ppf(p, n, pr), upper=n)


def gen_negbin():
    specs = [("size", 2.5, 0.3), ("size", 1.0, 0.5), ("size", 0.1, 0.9), ("size", 100.0, 0.01), ("size", 1e4, 0.999),
             ("mu", 10.0, 2.0), ("mu", 1e-3, 1e3), ("mu", 1000.0, 0.5), ("mu", 50.0, 1e5)]
    for kind, u, v in specs:
        if kind == "size":
            r, P = mp.mpf(u), mp.mpf(v)
            Q = 1 - P
            fam_params = [u, v]
            f = "negbinSize"
        else:
            mu, r = mp.mpf(u), mp.mpf(v)
            P, Q = r / (r + mu), mu / (r + mu)
            fam_params = [u, v]
            f = "negbinMean"

        def pmf(k, r=r, P=P, Q=Q):
            return mp.exp(mp.loggamma(k + r) - mp.loggamma(r) - mp.loggamma(k + 1) + r * mp.log(P) + k * mp.log(Q))

        def pair(k, r=r, P=P, Q=Q):
            if k < 0:
                return mp.mpf(0), mp.mpf(1)
            return mp_beta_pair(r, k + 1, P, Q)
        m = float(r * Q / P)
        sd = float(mp.sqrt(r * Q) / P)
        ks = {0, 1, 2, 5, 20}
        ks |= {int(m + z * sd) for z in [-5, -2, -1, 0, 1, 2, 5, 10, 20, 50] if m + z * sd >= 0}
        for k in sorted(ks):
            add("negativeBinomial", f + ".pmf", fam_params, k, pmf(k), prob=pmf(k))
            c, q = pair(k)
            add("negativeBinomial", f + ".cdf", fam_params, k, c, prob=c)
            add("negativeBinomial", f + ".survival", fam_params, k, q, prob=q)
        pp, nn = float(P), float(r)
        for p in PS_BODY + [1e-15, 1e-100]:
            pm = mp.mpf(p)
            k = sf(stats.nbinom.ppf(p, nn, pp))
            k = 0 if k is None else int(max(0, k))
            while pair(k)[0] < pm:
                k += 1
            while k > 0 and pair(k - 1)[0] >= pm:
                k -= 1
            add("negativeBinomial", f + ".quantile", fam_params, p, k, prob=pm)


# ---------------------------------------------------------------- random sweeps (fixed seed)

def gen_sweeps():
    """Parameters and arguments drawn log-uniformly with a fixed seed, to probe
    regions between the hand-picked grid points. Same families and oracles."""
    import random
    rng = random.Random(20261125)
    for _ in range(500):
        a = 10 ** rng.uniform(-3, 6)
        if rng.random() < 0.5:
            x = a * math.exp(rng.gauss(0, 1) * rng.choice([0.01, 0.1, 1, 3]))
        else:
            x = max(1e-300, a + rng.gauss(0, 1) * rng.choice([1, 5, 20]) * math.sqrt(a))
        p, q = mp_gamma_pq(a, x)
        add("gammaP", "P", [a], x, p, prob=p)
        add("gammaQ", "Q", [a], x, q, prob=q)
    for _ in range(500):
        a, b = 10 ** rng.uniform(-2, 5), 10 ** rng.uniform(-2, 5)
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        if rng.random() < 0.5:
            x = m + rng.gauss(0, 1) * rng.choice([1, 5, 20]) * sd
        else:
            x = rng.random()
        if not 0 < x < 1:
            continue
        w, w1 = mp_beta_pair(a, b, x)
        add("betaI", "I", [a, b], x, w, prob=w)
        add("betaI", "Ic", [a, b], x, w1, prob=w1)
    for _ in range(150):
        a = 10 ** rng.uniform(-2, 6)
        p = 10 ** rng.uniform(-300, -0.31)
        lower = rng.random() < 0.5
        F = (lambda x, a=a: mp_gamma_pq(a, x)[0]) if lower else (lambda x, a=a: mp_gamma_pq(a, x)[1])
        st = sf(special.gammaincinv(a, p) if lower else special.gammainccinv(a, p))
        u0 = mp.log(st) if st and st > 0 else mp.log(a)
        try:
            x = solve_root(F, mp.mpf(p), u0, increasing=lower)
        except RuntimeError:
            skipped["gammaInverse:noRoot"] += 1
            continue
        add("gammaInverse", "invP" if lower else "invQ", [a], p, x, prob=p)
    for _ in range(150):
        a, b = 10 ** rng.uniform(-1.5, 4.5), 10 ** rng.uniform(-1.5, 4.5)
        p = 10 ** rng.uniform(-300, -0.31)
        lower = rng.random() < 0.5
        F = logit_beta(a, b, 0 if lower else 1)
        st = sf(special.betaincinv(a, b, p) if lower else special.betaincinv(a, b, 1 - p))
        u0 = mp.log(st / (1 - st)) if (st and 0 < st < 1) else mp.mpf(0)
        try:
            u = solve_root(F, mp.mpf(p), u0, increasing=lower, transform=lambda u: u)
        except RuntimeError:
            skipped["betaInverse:noRoot"] += 1
            continue
        add("betaInverse", "invI" if lower else "invIc", [a, b], p, 1 / (1 + mp.exp(-u)), prob=p)
    for _ in range(200):
        lam = 10 ** rng.uniform(-3, 6)
        k = max(0, int(lam + rng.gauss(0, 1) * rng.choice([1, 5, 20]) * math.sqrt(lam)))
        c, q = mp_gamma_pq(k + 1, lam)[1], mp_gamma_pq(k + 1, lam)[0]
        L = mp.mpf(lam)
        pm = mp.exp(-L + k * mp.log(L) - mp.loggamma(k + 1))
        add("poisson", "pmf", [lam], k, pm, prob=pm)
        add("poisson", "cdf", [lam], k, c, prob=c)
        add("poisson", "survival", [lam], k, q, prob=q)
    for _ in range(200):
        n = int(10 ** rng.uniform(0, 7))
        pr = 10 ** rng.uniform(-6, 0) if rng.random() < 0.7 else 1 - 10 ** rng.uniform(-6, -0.31)
        m, sd = n * pr, math.sqrt(n * pr * (1 - pr))
        k = int(round(m + rng.gauss(0, 1) * rng.choice([1, 5, 20]) * sd))
        if not 0 <= k <= n:
            continue
        P = mp.mpf(pr)
        pm = mp.exp(mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1) + k * mp.log(P) + (n - k) * mp.log(1 - P))
        c, q = binom_pair(n, pr, k)
        add("binomial", "pmf", [n, pr], k, pm, prob=pm)
        add("binomial", "cdf", [n, pr], k, c, prob=c)
        add("binomial", "survival", [n, pr], k, q, prob=q)
    for _ in range(150):
        nu = 10 ** rng.uniform(-0.3, 4)
        x = rng.gauss(0, 1) * 10 ** rng.uniform(-3, 3)
        c = t_cdf(nu, x)
        add("studentT", "cdf", [nu], x, c, prob=c)
        add("studentT", "survival", [nu], x, 1 - c if x < 0 else t_cdf(nu, -x), prob=t_cdf(nu, -x))


# ---------------------------------------------------------------- edges and log-densities

def gen_edges():
    inf = mp.inf
    for a in [0.5, 3.0]:
        add("gammaP", "P", [a], 0, 0)
        add("gammaQ", "Q", [a], 0, 1)
        add("gammaP", "P", [a], inf, 1)
        add("gammaInverse", "invP", [a], 0, 0)
        add("gammaInverse", "invP", [a], 1, inf)
        add("gammaInverse", "invQ", [a], 1, 0)
        add("gammaInverse", "invQ", [a], 0, inf)
    for a, b in [(0.5, 2.0), (3.0, 4.0)]:
        add("betaI", "I", [a, b], 0, 0)
        add("betaI", "I", [a, b], 1, 1)
        add("betaInverse", "invI", [a, b], 0, 0)
        add("betaInverse", "invI", [a, b], 1, 1)
    add("logGamma", "logGamma", [], 1, 0)
    add("logGamma", "logGamma", [], 2, 0)
    add("logGamma", "logGamma", [], 0, inf)
    add("logGamma", "logGamma", [], -3, inf)
    for fam, params in [("normal", [0.0, 1.0]), ("studentT", [3.0])]:
        add(fam, "quantile", params, 0, -inf)
        add(fam, "quantile", params, 1, inf)
        add(fam, "inverseSurvival", params, 0, inf)
        add(fam, "inverseSurvival", params, 1, -inf)
        add(fam, "cdf", params, -inf, 0)
        add(fam, "cdf", params, inf, 1)
        add(fam, "survival", params, inf, 0)
    add("studentT", "quantile", [3.0], 0.5, 0)
    add("studentT", "cdf", [3.0], 0, 0.5)
    for fam, params in [("gamma", [0.5, 2.0]), ("gamma", [1.0, 2.0]), ("gamma", [3.0, 2.0]), ("chiSquared", [4.0]),
                        ("fDistribution", [3.0, 7.0])]:
        add(fam, "quantile", params, 0, 0)
        add(fam, "quantile", params, 1, inf)
        add(fam, "inverseSurvival", params, 1, 0)
        add(fam, "inverseSurvival", params, 0, inf)
        add(fam, "cdf", params, 0, 0)
        add(fam, "survival", params, 0, 1)
        add(fam, "cdf", params, -1, 0)
    add("gamma", "pdf", [0.5, 2.0], 0, inf)
    add("gamma", "pdf", [1.0, 2.0], 0, 0.5)
    add("gamma", "pdf", [3.0, 2.0], 0, 0)
    add("gamma", "pdf", [3.0, 2.0], -1, 0)
    add("chiSquared", "pdf", [2.0], 0, 0.5)
    for params in ([0.5, 2.0], [1.0, 1.0], [3.0, 4.0]):
        add("beta", "quantile", params, 0, 0)
        add("beta", "quantile", params, 1, 1)
        add("beta", "inverseSurvival", params, 0, 1)
        add("beta", "cdf", params, 0, 0)
        add("beta", "cdf", params, 1, 1)
        add("beta", "survival", params, 1, 0)
        add("beta", "pdf", params, -0.5, 0)
        add("beta", "pdf", params, 1.5, 0)
    add("beta", "pdf", [0.5, 2.0], 0, inf)
    add("beta", "pdf", [1.0, 1.0], 0, 1)
    add("beta", "pdf", [3.0, 4.0], 0, 0)
    add("beta", "pdf", [3.0, 1.0], 1, 3)
    for lam in [0.0, 2.5]:
        add("poisson", "pmf", [lam], -1, 0)
        add("poisson", "cdf", [lam], -1, 0)
        add("poisson", "survival", [lam], -1, 1)
        add("poisson", "quantile", [lam], 0, 0)
        if lam == 0:
            add("poisson", "pmf", [lam], 0, 1)
            add("poisson", "cdf", [lam], 0, 1)
            add("poisson", "pmf", [lam], 3, 0)
            add("poisson", "quantile", [lam], 0.7, 0)
        else:
            add("poisson", "quantile", [lam], 1, 9223372036854775807)
    for n, pr in [(10, 0.3), (10, 0.0), (10, 1.0), (0, 0.4)]:
        add("binomial", "quantile", [n, pr], 0, 0)
        add("binomial", "quantile", [n, pr], 1, n if pr > 0 else 0)
        add("binomial", "cdf", [n, pr], -1, 0)
        add("binomial", "cdf", [n, pr], n, 1)
        add("binomial", "survival", [n, pr], n, 0)
        add("binomial", "pmf", [n, pr], n + 1, 0)
    add("binomial", "pmf", [10, 0.0], 0, 1)
    add("binomial", "pmf", [10, 1.0], 10, 1)
    add("binomial", "pmf", [0, 0.4], 0, 1)
    add("negativeBinomial", "negbinSize.pmf", [2.0, 1.0], 0, 1)
    add("negativeBinomial", "negbinSize.cdf", [2.0, 0.4], -1, 0)
    add("negativeBinomial", "negbinSize.quantile", [2.0, 0.4], 0, 0)
    add("negativeBinomial", "negbinSize.quantile", [2.0, 0.4], 1, 9223372036854775807)
    add("negativeBinomial", "negbinMean.pmf", [0.0, 3.0], 0, 1)
    add("negativeBinomial", "negbinMean.pmf", [0.0, 3.0], 2, 0)
    # log-densities where the density itself is tiny or underflows (their purpose).
    for z in [-60.0, -40.0, 50.0, 1e3]:
        add("logDensity", "normal", [0.0, 1.0], z, -z * z / 2 - mp.log(mp.sqrt(2 * mp.pi)))
    for nu in [1.0, 5.0, 1e4]:
        for x in [1e5, 1e30, -1e100]:
            nu_, xm = mp.mpf(nu), mp.mpf(x)
            v = mp.loggamma((nu_ + 1) / 2) - mp.loggamma(nu_ / 2) - mp.log(mp.sqrt(nu_ * mp.pi)) - (nu_ + 1) / 2 * mp.log1p(xm * xm / nu_)
            add("logDensity", "studentT", [nu], x, v)
    for shape, scale, x in [(2.5, 1.0, 2000.0), (1e5, 1.0, 2e5), (0.5, 2.0, 1e-300), (1e3, 1.0, 10.0)]:
        a, th, xm = mp.mpf(shape), mp.mpf(scale), mp.mpf(x)
        add("logDensity", "gamma", [shape, scale], x, (a - 1) * mp.log(xm) - xm / th - mp.loggamma(a) - a * mp.log(th))
    for a, b, x in [(2.0, 3.0, 1e-200), (500.0, 500.0, 0.1), (0.5, 0.5, 1e-300)]:
        a_, b_, xm = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        add("logDensity", "beta", [a, b], x, (a_ - 1) * mp.log(xm) + (b_ - 1) * mp.log1p(-xm) - mp.log(mp.beta(a_, b_)))
    for lam, k in [(3.0, 1000), (1e6, 0), (1e6, 2_000_000), (0.01, 500)]:
        L = mp.mpf(lam)
        add("logDensity", "poisson", [lam], k, -L + k * mp.log(L) - mp.loggamma(k + 1))
    for n, pr, k in [(10_000_000, 0.5, 0), (10_000_000, 0.5, 2_000_000), (1000, 1e-3, 900)]:
        P = mp.mpf(pr)
        add("logDensity", "binomial", [n, pr], k,
            mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1) + k * mp.log(P) + (n - k) * mp.log(1 - P))


def gen_moments():
    """Mean and variance (closed forms; scipy's .stats evaluates the same formulas)."""
    specs = [("normal", [3.0, 2.0], stats.norm(3, 2)), ("studentT", [5.0], stats.t(5)),
             ("studentT", [1.5], stats.t(1.5)), ("chiSquared", [7.5], stats.chi2(7.5)),
             ("fDistribution", [3.0, 7.0], stats.f(3, 7)), ("fDistribution", [3.0, 4.0], stats.f(3, 4)),
             ("gamma", [2.5, 3.0], stats.gamma(2.5, scale=3)), ("beta", [2.0, 3.0], stats.beta(2, 3)),
             ("poisson", [3.5], stats.poisson(3.5)), ("binomial", [20, 0.3], stats.binom(20, 0.3)),
             ("negbinSize", [2.5, 0.3], stats.nbinom(2.5, 0.3)),
             ("negbinMean", [10.0, 2.0], stats.nbinom(2.0, 2.0 / 12.0))]
    for name, params, d in specs:
        m, v = d.stats(moments="mv")
        add("moments", name + ".mean", params, 0, mp.mpf(float(m)))
        add("moments", name + ".variance", params, 0, mp.mpf(float(v)))


# ---------------------------------------------------------------- PRNG

M64 = (1 << 64) - 1


def splitmix64_stream(seed):
    s = seed & M64
    while True:
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


def xoshiro_outputs(state, n):
    s = list(state)
    out = []
    for _ in range(n):
        out.append(rotl((s[1] * 5) & M64, 7) * 9 & M64)
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
    return out


def gen_prng():
    res = {"fromState": [], "fromSeed": []}
    for st in [(1, 2, 3, 4), (0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x0F1E2D3C4B5A6978, 0x8796A5B4C3D2E1F0)]:
        res["fromState"].append({"state": [str(v) for v in st], "outputs": [str(v) for v in xoshiro_outputs(st, 12)]})
    for seed in [0, 1, 42, 20260101, M64]:
        g = splitmix64_stream(seed)
        st = tuple(next(g) for _ in range(4))
        res["fromSeed"].append({"seed": str(seed), "state": [str(v) for v in st],
                                "outputs": [str(v) for v in xoshiro_outputs(st, 12)]})
    return res


def main():
    t0 = time.time()
    for gen in (gen_special, gen_normal, gen_t, gen_gamma_chi2, gen_beta_f, gen_poisson, gen_binomial, gen_negbin,
                gen_sweeps, gen_edges, gen_moments):
        t = time.time()
        gen()
        print(f"{gen.__name__}: {len(cases)} cases so far ({time.time() - t:.1f}s)", file=sys.stderr)
    out = {
        "generator": "notebooks-data/references/distributions/make_reference.py",
        "oracle": f"mpmath {mp.__version__} at {mp.mp.dps} digits (scipy only for start values)",
        "tailThreshold": float(TAIL),
        "skippedUnrepresentable": dict(skipped),
        "cases": cases,
        "prng": gen_prng(),
    }
    # One case per line keeps the committed file small and its diffs readable.
    with open(os.path.join(HERE, "reference.json"), "w") as fh:
        body = {k: v for k, v in out.items() if k != "cases"}
        fh.write("{\n")
        for k, v in body.items():
            fh.write(json.dumps(k) + ": " + json.dumps(v) + ",\n")
        fh.write('"cases": [\n')
        fh.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        fh.write("\n]\n}\n")
    print(f"wrote {len(cases)} cases in {time.time() - t0:.1f}s; skipped {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
