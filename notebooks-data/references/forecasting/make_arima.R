# Reference for Arima (forecast::Arima, i.e. stats::arima with forecast's drift, sigma2 and AICc):
# fixed orders on six classic series (plus log AirPassengers) and 14 M3 monthly series.
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_arima.R
# Writes arima.json next to this script (17 significant digits; R NA -> null). A fit R refuses
# (e.g. "non-stationary AR part from CSS") is recorded with its error message instead.
suppressPackageStartupMessages(library(forecast))
here <- "notebooks-data/references/forecasting"
source(file.path(here, "series.R"))
series <- c(classic_series(log_air = TRUE), m3_series("monthly", paste0("M", seq(7, 1428, by = 101))))
# order, seasonal order, drift, method; "all3" series (the classic ones) also get ML and CSS.
cases <- list(
  list(o = c(0, 1, 1), s = c(0, 1, 1), drift = FALSE, method = "CSS-ML"),
  list(o = c(1, 0, 0), s = c(0, 0, 0), drift = FALSE, method = "CSS-ML"),
  list(o = c(2, 1, 1), s = c(0, 0, 0), drift = TRUE, method = "CSS-ML"),
  list(o = c(1, 1, 0), s = c(1, 1, 0), drift = FALSE, method = "CSS-ML"),
  list(o = c(0, 0, 2), s = c(0, 0, 0), drift = FALSE, method = "CSS-ML"),
  list(o = c(1, 0, 1), s = c(0, 0, 0), drift = TRUE, method = "CSS-ML"),
  list(o = c(0, 1, 1), s = c(0, 1, 1), drift = FALSE, method = "ML"),
  list(o = c(0, 1, 1), s = c(0, 1, 1), drift = FALSE, method = "CSS"),
  list(o = c(1, 0, 1), s = c(1, 1, 0), drift = TRUE, method = "ML"),
  list(o = c(2, 0, 0), s = c(0, 0, 0), drift = FALSE, method = "CSS"),
  list(o = c(1, 1, 1), s = c(0, 1, 1), drift = FALSE, method = "CSS-ML")
)
num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(as.numeric(x)), collapse = ","), "]")
str <- function(x) paste0("[", paste0('"', x, '"', collapse = ","), "]")
rows <- c()
for (k in seq_along(series)) {
  s <- series[[k]]
  m <- frequency(s$y)
  h <- 2 * m
  fits <- c()
  for (ci in seq_along(cases)) {
    cs <- cases[[ci]]
    if (k > 7 && cs$method != "CSS-ML" && ci != 9) next
    head <- sprintf('"order":[%d,%d,%d],"seasonal":[%d,%d,%d],"drift":%s,"methodArg":"%s"',
                    cs$o[1], cs$o[2], cs$o[3], cs$s[1], cs$s[2], cs$s[3], tolower(cs$drift), cs$method)
    fit <- tryCatch(Arima(s$y, order = cs$o, seasonal = cs$s, include.drift = cs$drift, method = cs$method),
                    error = function(e) conditionMessage(e))
    if (is.character(fit)) {
      fits <- c(fits, sprintf('{%s,"error":"%s"}', head, gsub('"', "'", fit)))
      next
    }
    fc <- forecast(fit, h = h, level = c(80, 95))
    # stats::arima's least-squares starting values for the regression coefficients and their
    # standard errors (parscale = 10 se), recomputed as arima does (SVD-rotated when 2 columns).
    xreg <- NULL
    if (cs$drift) xreg <- cbind(drift = seq_along(s$y))
    if (cs$o[2] + cs$s[2] == 0) xreg <- cbind(intercept = rep(1, length(s$y)), xreg)
    lmstart <- ""
    if (!is.null(xreg)) {
      if (ncol(xreg) > 1) xreg <- xreg %*% svd(xreg)$v
      dx <- as.numeric(s$y); dxreg <- xreg
      if (cs$o[2] > 0) { dx <- diff(dx, 1, cs$o[2]); dxreg <- diff(dxreg, 1, cs$o[2]) }
      if (cs$s[2] > 0) { dx <- diff(dx, m, cs$s[2]); dxreg <- diff(dxreg, m, cs$s[2]) }
      lf <- lm(dx ~ dxreg - 1)
      lmstart <- sprintf(',"lmCoef":%s,"lmSE":%s', arr(coef(lf)), arr(summary(lf)$coefficients[, 2]))
    }
    se <- if (length(fit$var.coef)) sqrt(diag(fit$var.coef)) else numeric()
    fits <- c(fits, sprintf(paste0('{%s,"method":"%s","names":%s,"coef":%s,"se":%s,"varcoef":%s,',
                                   '"sigma2":%s,"loglik":%s,"aic":%s,"aicc":%s,"bic":%s,"code":%d,',
                                   '"residuals":%s,"mean":%s,"lower80":%s,"upper80":%s,"lower95":%s,"upper95":%s%s}'),
                            head, fc$method, str(names(fit$coef)), arr(fit$coef), arr(se), arr(fit$var.coef),
                            num(fit$sigma2), num(fit$loglik), num(fit$aic), num(fit$aicc), num(fit$bic),
                            fit$code, arr(residuals(fit)), arr(fc$mean), arr(fc$lower[, 1]), arr(fc$upper[, 1]),
                            arr(fc$lower[, 2]), arr(fc$upper[, 2]), lmstart))
  }
  rows <- c(rows, sprintf('{"id":"%s","period":%d,"y":%s,"fits":[%s]}', s$id, m, arr(s$y),
                          paste(fits, collapse = ",\n")))
}
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "arima.json"))
cat("wrote arima.json:", length(rows), "series\n")

# stats::arima's internal maInvert and arCheck (copied from print(stats::arima), R 4.2.2), on
# hand-made coefficient vectors: writes arima_roots.json.
maInvert <- function(ma) {
  q <- length(ma); q0 <- max(which(c(1, ma) != 0)) - 1L
  if (!q0) return(ma)
  roots <- polyroot(c(1, ma[1L:q0])); ind <- Mod(roots) < 1
  if (all(!ind)) return(ma)
  if (q0 == 1) return(c(1/ma[1L], rep.int(0, q - q0)))
  roots[ind] <- 1/roots[ind]
  x <- 1
  for (r in roots) x <- c(x, 0) - c(0, x)/r
  c(Re(x[-1L]), rep.int(0, q - q0))
}
arCheck <- function(ar) {
  p <- max(which(c(1, -ar) != 0)) - 1
  if (!p) return(TRUE)
  all(Mod(polyroot(c(1, -ar[1L:p]))) > 1)
}
mas <- list(c(1.5, 0.56), c(-2.5, 1.2, 0), c(0.3, -1.8, 0.4), 2, c(1.2, 0.9, 0.5, 0.3), c(-1.1, 0.3, 0.2, -0.6))
ars <- list(0.5, 1.01, c(0.5, 0.49), c(0.5, 0.51), c(1.2, -0.3, 0), c(rep(0, 11), 0.99), c(rep(0, 11), 1.0001))
rows <- c(vapply(mas, function(ma) sprintf('{"ma":%s,"inverted":%s}', arr(ma), arr(maInvert(ma))), ""),
          vapply(ars, function(a) sprintf('{"ar":%s,"stationary":%s}', arr(a), tolower(arCheck(a))), ""))
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "arima_roots.json"))
cat("wrote arima_roots.json\n")
