# Reference for AutoArima: forecast::auto.arima(y) with all defaults (stepwise, KPSS ndiffs,
# seasonal-strength nsdiffs, AICc, approximation when n > 150 or m > 12) on the six classic series,
# log AirPassengers, 36 M3 monthly series (every 40th from M10) and 11 M3 yearly series (every 64th
# from Y5; period 1, so no seasonal part).
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_auto_arima.R
# Writes auto_arima.json next to this script (17 significant digits).
suppressPackageStartupMessages(library(forecast))
here <- "notebooks-data/references/forecasting"
source(file.path(here, "series.R"))
series <- c(classic_series(log_air = TRUE), m3_series("monthly", paste0("M", seq(10, 1428, by = 40))),
            m3_series("yearly", paste0("Y", seq(5, 645, by = 64))))
num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(as.numeric(x)), collapse = ","), "]")
str <- function(x) paste0("[", paste0('"', x, '"', collapse = ","), "]")
rows <- c()
for (s in series) {
  m <- frequency(s$y)
  h <- 2 * m
  fit <- auto.arima(s$y)
  fc <- forecast(fit, h = h, level = c(80, 95))
  D <- if (m > 1 && length(s$y) > 2 * m) nsdiffs(s$y) else 0
  d <- ndiffs(if (D > 0) diff(s$y, lag = m, differences = D) else s$y)
  if (m == 1) h <- 6
  approx <- length(s$y) > 150 | m > 12
  rows <- c(rows, sprintf(paste0('{"id":"%s","period":%d,"y":%s,"d":%d,"D":%d,"approximation":%s,',
                                 '"arma":%s,"method":"%s","names":%s,"coef":%s,"sigma2":%s,"loglik":%s,"aic":%s,',
                                 '"aicc":%s,"bic":%s,"mean":%s,"lower80":%s,"upper80":%s,"lower95":%s,"upper95":%s}'),
                          s$id, m, arr(s$y), d, D, tolower(approx), arr(fit$arma), fc$method,
                          str(names(fit$coef)), arr(fit$coef), num(fit$sigma2), num(fit$loglik), num(fit$aic),
                          num(fit$aicc), num(fit$bic), arr(fc$mean), arr(fc$lower[, 1]), arr(fc$upper[, 1]),
                          arr(fc$lower[, 2]), arr(fc$upper[, 2])))
}
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "auto_arima.json"))
cat("wrote auto_arima.json:", length(rows), "series\n")
