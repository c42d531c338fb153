# Reference numbers for the Outcomes tests, computed independently of SaferCity with R
# forecast. Run from the repository root:
#   Rscript notebooks-data/references/outcomes/make_reference.R
# Writes notebooks-data/references/outcomes/reference.json.
#
# For each outcome series (built here straight from the CSVs) it gives:
#  - the financial-year values (checks SaferCity's loaders);
#  - naive() forecasts to the deadline and the analytic P(deadline value < baseline value)
#    = pnorm((baseline - mean_h) / sd_h), sd_h from R's 95% interval (checks the Monte Carlo
#    probability of the projection engine when the naive model is chosen);
#  - rolling-origin MASE for naive, drift (rwf), thetaf, auto.arima and a linear trend (lm), with origins
#    max(4, n-8) .. n-1 and horizons 1..min(H, n-origin), scaled by the in-sample naive MAE;
#    for the count series also a negative-binomial GLM with log-linear trend (MASS::glm.nb).
suppressMessages({ library(forecast); library(jsonlite); library(MASS) })

lape <- read.csv("notebooks-data/fingertips_lape/alcohol_related_admissions.csv", stringsAsFactors = FALSE)
ons <- read.csv("notebooks-data/ons_recorded_crime_pfa/rec-crime-pfa.csv", stringsAsFactors = FALSE, check.names = FALSE)
names(ons) <- c("date", "pfa", "region", "offence", "n")

fy_from_ons <- function(pfa, offence) {
  d <- ons[ons$pfa == pfa & ons$offence == offence & substr(ons$date, 1, 6) == "31-03-", ]
  yr <- as.integer(substr(d$date, 7, 10))
  d <- d[order(yr), ]
  yr <- sort(yr)
  list(periods = sprintf("%d/%02d", yr - 1, yr %% 100), values = as.numeric(d$n))
}
alc <- lape[lape$area_code == "E06000021", ]
alc <- alc[order(alc$period), ]

series <- list(
  "alcohol-admissions-stoke" = list(periods = alc$period, values = as.numeric(alc$value), baseline = "2016/17"),
  "violence-with-injury-staffordshire" = c(fy_from_ons("Staffordshire", "Violence with injury"), baseline = "2016/17"),
  "public-order-staffordshire" = c(fy_from_ons("Staffordshire", "Public order offences"), baseline = "2016/17"))

lm_trend_fc <- function(y, h) {
  t <- seq_along(y); fit <- lm(y ~ t)
  as.numeric(predict(fit, newdata = data.frame(t = length(y) + seq_len(h))))
}
negbin_trend_fc <- function(y, h) {
  t <- seq_along(y); fit <- glm.nb(y ~ t, control = glm.control(epsilon = 1e-12, maxit = 100))
  as.numeric(predict(fit, newdata = data.frame(t = length(y) + seq_len(h)), type = "response"))
}
methods <- list(
  naive = function(y, h) as.numeric(naive(y, h = h)$mean),
  drift = function(y, h) as.numeric(rwf(y, h = h, drift = TRUE)$mean),
  theta = function(y, h) as.numeric(thetaf(y, h = h)$mean),
  arima = function(y, h) as.numeric(forecast(auto.arima(y), h = h)$mean),
  "linear-trend" = lm_trend_fc)

out <- list()
for (id in names(series)) {
  s <- series[[id]]
  y <- s$values; n <- length(y)
  last <- s$periods[n]
  H <- 2019 - as.integer(substr(last, 1, 4))   # financial years from the last one to 2019/20
  fc <- naive(y, h = H, level = 95)
  mean_h <- as.numeric(fc$mean[H]); sd_h <- (as.numeric(fc$upper[H, 1]) - mean_h) / qnorm(0.975)
  base <- y[s$periods == s$baseline]
  scale <- mean(abs(diff(y)))
  mase <- list()
  ms <- names(methods)
  if (id != "alcohol-admissions-stoke") ms <- c(ms, "negbin-trend")
  methods[["negbin-trend"]] <- negbin_trend_fc
  for (m in ms) {
    errs <- c()
    for (origin in max(4, n - 8):(n - 1)) {
      h <- min(H, n - origin)
      f <- methods[[m]](y[1:origin], h)
      errs <- c(errs, abs(y[origin + seq_len(h)] - f))
    }
    mase[[m]] <- mean(errs) / scale
  }
  out[[id]] <- list(periods = s$periods, values = y, horizon = H, baseline = s$baseline, baseline_value = base,
                    naive_mean = mean_h, naive_sd = sd_h, p_below_baseline_naive = pnorm((base - mean_h) / sd_h),
                    backtest_mase = mase)
}
out$r_version <- R.version.string
out$forecast_version <- as.character(packageVersion("forecast"))
writeLines(toJSON(out, auto_unbox = TRUE, digits = 15, pretty = TRUE), "notebooks-data/references/outcomes/reference.json")
cat("wrote notebooks-data/references/outcomes/reference.json\n")
