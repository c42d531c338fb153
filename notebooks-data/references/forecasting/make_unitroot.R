# Reference for the unit-root and seasonal-differencing tests that forecast::auto.arima uses:
# urca::ur.kpss (level "mu" and trend "tau"; lag rules short/long/nil and forecast's
# trunc(3 sqrt(n) / 13)), urca::ur.df (ADF) and urca::ur.pp (Phillips-Perron), forecast::ndiffs
# (tests kpss/adf/pp at alpha 0.01/0.05/0.10, level and trend),
# forecast:::seas.heuristic (seasonal strength from mstl) and forecast::nsdiffs (tests "seas"
# and "ocsb"; the OCSB statistic and critical value too).
# Series: six classic series and log(AirPassengers), their first and seasonal differences;
# 60 M3 monthly and 30 M3 yearly training series.
#
# Run from the repository root (R 4.2.2, forecast 8.20, urca 1.3-3):
#   Rscript notebooks-data/references/forecasting/make_unitroot.R
# Writes unitroot.json next to this script (17 significant digits; NA as null).
suppressPackageStartupMessages({ library(forecast); library(urca) })
here <- "notebooks-data/references/forecasting"
source(file.path(here, "series.R"))
series <- list()
for (s in classic_series(log_air = TRUE)) {
  series[[length(series) + 1]] <- s
  series[[length(series) + 1]] <- list(id = paste0(s$id, ".diff"), y = diff(s$y))
  series[[length(series) + 1]] <- list(id = paste0(s$id, ".sdiff"), y = diff(s$y, lag = frequency(s$y)))
}
series <- c(series, m3_series("monthly", paste0("M", seq(5, 1428, by = 23)[1:60])),
            m3_series("yearly", paste0("Y", seq(3, 645, by = 21)[1:30])))
num <- function(x) if (is.null(x) || length(x) == 0 || is.na(x)) "null" else sprintf("%.17g", x)
int <- function(x) if (is.null(x) || length(x) == 0 || is.na(x)) "null" else sprintf("%d", as.integer(x))
safe <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NA)
kpss_obj <- function(y, type, lags = "short", use.lag = NULL) {
  k <- ur.kpss(y, type = type, lags = lags, use.lag = use.lag)
  sprintf('{"stat":%s,"lag":%d}', num(k@teststat), k@lag)
}
rows <- c()
for (s in series) {
  y <- s$y
  n <- length(y)
  m <- frequency(y)
  flag <- trunc(3 * sqrt(n) / 13)
  kp <- c()
  for (type in c("mu", "tau")) {
    kp <- c(kp, sprintf('"%s":{"forecast":%s,"short":%s,"long":%s,"nil":%s,"fixed3":%s}', type,
                        kpss_obj(y, type, use.lag = flag), kpss_obj(y, type, "short"),
                        kpss_obj(y, type, "long"), kpss_obj(y, type, "nil"), kpss_obj(y, type, use.lag = 3)))
  }
  nd <- c()
  for (test in c("kpss", "adf", "pp")) for (type in c("level", "trend")) for (a in c(0.01, 0.05, 0.1)) {
    nd <- c(nd, sprintf('{"test":"%s","type":"%s","alpha":%s,"d":%s}', test, type, num(a),
                        int(safe(ndiffs(y, alpha = a, test = test, type = type)))))
  }
  adf_obj <- function(type, lags, select = "Fixed") {
    a <- safe(ur.df(y, type = type, lags = lags, selectlags = select))
    if (identical(a, NA)) return("null")
    sprintf('{"stat":%s,"cval":[%s]}', num(a@teststat[1]), paste(num(a@cval[1, ]), collapse = ","))
  }
  pp_obj <- function(type, model, lags = "short") {
    p <- safe(ur.pp(y, type = type, model = model, lags = lags))
    if (identical(p, NA)) return("null")
    sprintf('{"stat":%s,"lag":%d,"cval":[%s]}', num(p@teststat), p@lag, paste(num(p@cval[1, ]), collapse = ","))
  }
  kp <- c(kp, sprintf('"adf":{"none1":%s,"drift1":%s,"trend1":%s,"drift0":%s,"trend0":%s,"driftAIC4":%s,"trendBIC4":%s}',
                      adf_obj("none", 1), adf_obj("drift", 1), adf_obj("trend", 1), adf_obj("drift", 0),
                      adf_obj("trend", 0), adf_obj("drift", 4, "AIC"), adf_obj("trend", 4, "BIC")))
  kp <- c(kp, sprintf('"pp":{"tauConstant":%s,"tauTrend":%s,"alphaConstant":%s,"alphaTrend":%s,"tauConstantLong":%s}',
                      pp_obj("Z-tau", "constant"), pp_obj("Z-tau", "trend"), pp_obj("Z-alpha", "constant"),
                      pp_obj("Z-alpha", "trend"), pp_obj("Z-tau", "constant", "long")))
  seas <- "null"
  if (m > 1) {
    strength <- safe(forecast:::seas.heuristic(y))
    ocsb_json <- function(maxlag, method) {
      o <- safe(ocsb.test(y, maxlag = maxlag, lag.method = method))
      if (identical(o, NA)) return("null")
      z4 <- summary(o$fitted.model)$coefficients["xregZ4", "t value"]
      sprintf('{"stat":%s,"statZ4":%s,"critical":%s,"lag":%d}', num(o$statistics), num(z4),
              num(o$critical), as.integer(o$lag.order))
    }
    seas <- sprintf(paste0('{"strength":%s,"nsdiffs":%s,"nsdiffsMaxD2":%s,"nsdiffsOCSB":%s,"nsdiffsOCSBMaxD2":%s,',
                           '"ocsb":{"AIC3":%s,"BIC3":%s,"AICc3":%s,"fixed0":%s,"fixed2":%s}}'),
                    num(strength), int(safe(nsdiffs(y))), int(safe(nsdiffs(y, max.D = 2))),
                    int(safe(nsdiffs(y, test = "ocsb"))), int(safe(nsdiffs(y, test = "ocsb", max.D = 2))),
                    ocsb_json(3, "AIC"), ocsb_json(3, "BIC"), ocsb_json(3, "AICc"),
                    ocsb_json(0, "fixed"), ocsb_json(2, "fixed"))
  }
  rows <- c(rows, sprintf('{"id":"%s","period":%d,"y":[%s],"kpss":{%s},"ndiffs":[%s],"seasonal":%s}',
                          s$id, m, paste(num(as.numeric(y)), collapse = ","), paste(kp, collapse = ","),
                          paste(nd, collapse = ","), seas))
}
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "unitroot.json"))
cat("wrote unitroot.json:", length(rows), "series\n")
