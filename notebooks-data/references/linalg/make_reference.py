"""Reference values for the LinearAlgebra decomposition tests, from numpy/LAPACK and
exact rational arithmetic. Run: /opt/venv/bin/python make_reference.py  (writes reference.json)

Inputs are real data: the NIST StRD Longley design (intercept + 6 regressors) and the
UKDriverDeaths series (notebooks-data/classic_ts)."""
import json, pathlib
from fractions import Fraction as F
import numpy as np

root = pathlib.Path(__file__).resolve().parents[2]
lines = (root / "nist-strd/Longley.dat").read_text().splitlines()
start = max(i for i, l in enumerate(lines) if l.strip().startswith("Data:")) + 1
rows = [list(map(float, l.split())) for l in lines[start:] if l.strip()]
X = np.array([[1.0] + r[1:] for r in rows])
# Equilibrate columns (as the tests do) so every decomposition is well scaled.
Xs = X / np.linalg.norm(X, axis=0)
G = Xs.T @ Xs
s = np.linalg.svd(Xs, compute_uv=False)
w = np.linalg.eigvalsh(G)
L = np.linalg.cholesky(G)
b = np.arange(1, 8, dtype=float)
x_solve = np.linalg.solve(G, b)
# Exact rational solve of the same (double) G for the LU test.
Gf = [[F(v) for v in row] for row in G.tolist()]
bf = [F(v) for v in b]
n = len(bf)
A = [row[:] + [bf[i]] for i, row in enumerate(Gf)]
for c in range(n):
    piv = max(range(c, n), key=lambda r: abs(A[r][c]))
    A[c], A[piv] = A[piv], A[c]
    for r in range(n):
        if r != c:
            f = A[r][c] / A[c][c]
            A[r] = [a - f * p for a, p in zip(A[r], A[c])]
x_exact = [float(A[i][n] / A[i][i]) for i in range(n)]
ref = {
    "source": "NIST StRD Longley design [1, x1..x6], columns divided by their 2-norms",
    "design_columns_scaled": Xs.T.tolist(),
    "singular_values": s.tolist(),
    "gram_eigenvalues_ascending": w.tolist(),
    "gram_cholesky_upper_diagonal": np.diag(L).tolist(),
    "gram_log_det": float(np.linalg.slogdet(G)[1]),
    "solve_rhs": b.tolist(),
    "solve_exact_rational": x_exact,
    "numpy_version": np.__version__,
}
(pathlib.Path(__file__).parent / "reference.json").write_text(json.dumps(ref, indent=1))
print("wrote reference.json; numpy solve vs exact max rel err",
      max(abs(a - e) / abs(e) for a, e in zip(x_solve, x_exact)))
