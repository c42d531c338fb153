"""Exact rational least squares on NIST Filip, three ways: exact data, double-rounded powers
x**k, and exact powers of the double x. Shows that rounding x**k to double alone limits any
solver to LRE 7.61 on Filip. Run from notebooks-data/nist-strd:
  cd notebooks-data/nist-strd && python3 ../references/linalg/filip_exact.py
Output (2026-11-25): exact 14.34, double-rounded powers 7.61, double x exact powers 14.28"""
from fractions import Fraction as F
import json
lines=open('Filip.dat').read().splitlines()
i=max(k for k,l in enumerate(lines) if l.strip().startswith('Data:'))
rows=[l.split() for l in lines[i+1:] if l.strip()]
y=[F(r[0]) for r in rows]; xs=[F(r[1]) for r in rows]
cert=[float(p['estimate']) for p in json.load(open('lls_certified.json'))['Filip']['parameters']]
def solve(X):
    p=len(X[0]); n=len(X)
    A=[[sum(X[k][i]*X[k][j] for k in range(n)) for j in range(p)] for i in range(p)]
    b=[sum(X[k][i]*y[k] for k in range(n)) for i in range(p)]
    M=[row[:]+[b[i]] for i,row in enumerate(A)]
    for c in range(p):
        piv=max(range(c,p),key=lambda r:abs(M[r][c])); M[c],M[piv]=M[piv],M[c]
        for r in range(p):
            if r!=c:
                f=M[r][c]/M[c][c]; M[r]=[a-f*q for a,q in zip(M[r],M[c])]
    return [M[i][p]/M[i][i] for i in range(p)]
import math
for label,X in [('exact',[[x**k for k in range(11)] for x in xs]),('double-rounded powers',[[F(float(x)**k) for k in range(11)] for x in xs]),('double x, exact powers',[[F(float(x))**k for k in range(11)] for x in xs])]:
    b=solve(X)
    lre=min(-math.log10(abs(float(bb)-c)/abs(c)) if float(bb)!=c else 15 for bb,c in zip(b,cert))
    print(label, lre)
