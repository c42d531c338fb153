# Oracle for the ETS admissibility test (issue 5): R forecast's own `admissible()` (which calls
# `polyroot` on the characteristic polynomial and rejects when a root has modulus > 1 + 1e-10) on
# seasonal parameter sets, half of them placed on purpose next to the boundary, where the decision
# is hard. For each case we record the parameters (17 significant digits, so that they read back as
# the same doubles), the largest root modulus R computes and R's decision.
#
# Usage: Rscript notebooks-data/references/forecasting/make_admissibility.R
# Writes: notebooks-data/references/forecasting/admissibility.json
suppressMessages(library(forecast))
set.seed(20261125)
admissible <- forecast:::admissible
poly <- function(a, b, g, p, m) c(p * (1 - a - g), a + b - a * p + g - 1, rep(a + b - a * p, m - 2), a + b - p, 1)
maxmod <- function(a, b, g, p, m) max(Mod(polyroot(poly(a, b, g, p, m))))
cases <- list()
add <- function(kind, a, b, g, p, m) {
  num <- function(x) sprintf("%.17g", x)
  cases[[length(cases) + 1]] <<- sprintf(
    '{"kind":"%s","m":%d,"alpha":%s,"beta":%s,"gamma":%s,"phi":%s,"maxmod":%s,"admissible":%s}',
    kind, m, num(a), num(b), num(g), num(p), num(maxmod(a, b, g, p, m)),
    if (admissible(a, b, g, p, m) == 1) "true" else "false")
}
ms <- c(2, 4, 7, 12, 24)
# 1. Random parameter sets inside R's usual bounds (alpha, beta <= alpha, gamma <= 1 - alpha, phi).
for (i in 1:1000) {
  m <- sample(ms, 1); a <- runif(1, 1e-4, 0.9999); b <- runif(1, 1e-4, a)
  g <- runif(1, 1e-4, max(1e-4, 1 - a)); p <- runif(1, 0.8, 0.98)
  if (runif(1) < 0.3) p <- 1
  add("random", a, b, g, p, m)
}
# 2. Wide random sets (outside the usual bounds too, as the admissible-only bounds allow).
for (i in 1:300) {
  m <- sample(ms, 1); add("wide", runif(1, -0.5, 2), runif(1, -1, 2), runif(1, -0.5, 1.5), runif(1, 0.5, 1), m)
}
# 3. Next to the boundary: along beta (which pushes a root through the circle), bisect to the
# crossing of modulus 1 + 1e-10, then step off it so that the largest modulus differs from
# 1 + 1e-10 by +-1e-5 ... +-1e-9 (both decisions, increasingly hard).
for (i in 1:200) {
  m <- sample(ms, 1); a <- runif(1, 0.05, 0.95); g <- runif(1, 1e-4, max(1e-4, 1 - a) * 0.5)
  p <- if (runif(1) < 0.5) 1 else runif(1, 0.85, 0.98)
  f <- function(b) maxmod(a, b, g, p, m) - (1 + 1e-10)
  lo <- 0; hi <- 8
  if (f(lo) >= 0 || f(hi) <= 0) next
  for (k in 1:200) { mid <- (lo + hi) / 2; if (f(mid) > 0) hi <- mid else lo <- mid; if (hi - lo < 1e-15) break }
  for (target in c(-1e-5, -1e-7, -1e-9, 1e-9, 1e-7, 1e-5)) {
    # a step in beta of size target / slope gives a modulus offset of about target.
    slope <- (f(hi + 1e-7) - f(hi - 1e-7)) / 2e-7
    b <- hi + target / slope
    add(sprintf("boundary%+.0e", target), a, b, g, p, m)
  }
}
out <- "notebooks-data/references/forecasting/admissibility.json"
writeLines(c(sprintf('{"generator":"make_admissibility.R","forecast_version":"%s","R_version":"%s","radius":%s,"cases":[',
  packageVersion("forecast"), R.version.string, sprintf("%.17g", 1 + 1e-10)),
  paste(unlist(cases), collapse = ",\n"), "]}"), out)
cat("wrote", length(cases), "cases;", sum(grepl('"admissible":true', unlist(cases))), "admissible\n")
