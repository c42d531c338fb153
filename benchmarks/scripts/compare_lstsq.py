"""Runs, in one go, the Swift LinearAlgebraBenchmarks (ordo-one/benchmark, release) and
numpy.linalg.lstsq on the same least-squares problems, and prints time and memory ratios.

Usage (from the repository root):
    /opt/venv/bin/python benchmarks/scripts/compare_lstsq.py [N ...]   # default 1000000 10000000
Needs numpy and threadpoolctl in that Python. Both sides run BLAS single-threaded."""
import json, pathlib, re, subprocess, sys

here = pathlib.Path(__file__).resolve().parent
sizes = [int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000]
out = subprocess.run(
    ["swift", "package", "benchmark", "--target", "LinearAlgebraBenchmarks", "--no-progress",
     "--filter", "dgemm.*|" + "|".join(f"least squares {n}x14.*" for n in sizes)],
    cwd=here.parent, capture_output=True, text=True, check=True).stdout
blas = next(l for l in out.splitlines() if l.startswith("BLAS:"))

def metric(name, label):
    block = out.split("\n" + name + "\n", 1)[1]
    row = next(l for l in block.splitlines() if label in l)
    return float(re.split(r"\s*│\s*", row.strip("│ "))[3])  # p50 column

print(blas)
g = metric("dgemm n=2000 (1 thread)", "Time (wall clock)")
print(f"dgemm n=2000, p50 {g:.0f} ms = {2 * 2000**3 / (g / 1000) / 1e9:.1f} GFLOP/s (machine ceiling baseline)")
print(f"{'rows':>10}  {'variant':<22} {'swift ms':>9} {'numpy ms':>9} {'ratio':>6} {'peak MB':>8} {'X MB':>6} {'peak/X':>6}")
for n in sizes:
    npy = json.loads(subprocess.run([sys.executable, str(here / "lstsq_numpy.py"), str(n), "3"],
                                    capture_output=True, text=True, check=True).stdout)
    for variant in ["in place (consume)", "caller keeps X"]:
        name = f"least squares {n}x14, {variant}"
        ms = metric(name, "Time (wall clock)")
        peak = metric(name, "Memory (resident peak)")
        xmb = n * 14 * 8 / 1e6
        print(f"{n:>10}  {variant:<22} {ms:>9.0f} {npy['seconds'] * 1000:>9.0f} {ms / (npy['seconds'] * 1000):>6.2f} "
              f"{peak:>8.0f} {xmb:>6.0f} {peak / xmb:>6.2f}")
print(f"numpy {npy['numpy']}: {npy['blas']} core={npy['core']} threads={npy['threads']} (lstsq = LAPACK dgelsd)")
