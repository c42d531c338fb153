# R forecast's ets() (defaults, model "ZZZ") on every M3 monthly and yearly series: per-series
# sMAPE and MASE over the test horizon, the selected model, and the fitting time.
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/m3_r_ets.R
# Writes m3_r_ets.csv next to this script. Single thread; takes ~10 minutes.
suppressPackageStartupMessages(library(forecast))
here <- "notebooks-data/references/forecasting"
m3_dir <- "notebooks-data/m3"
meta <- read.csv(file.path(m3_dir, "m3_series_metadata.csv"), stringsAsFactors = FALSE)
rows <- list()
for (subset in c("monthly", "yearly")) {
  train <- read.csv(file.path(m3_dir, paste0("m3_", subset, "_train.csv")), stringsAsFactors = FALSE)
  test <- read.csv(file.path(m3_dir, paste0("m3_", subset, "_test.csv")), stringsAsFactors = FALSE)
  freq <- if (subset == "monthly") 12 else 1
  ids <- unique(train$series_id)
  tr <- split(train$value, factor(train$series_id, levels = ids))
  te <- split(test$value, factor(test$series_id, levels = ids))
  for (id in ids) {
    y <- ts(tr[[id]], frequency = freq)
    x <- te[[id]]
    t0 <- proc.time()[["elapsed"]]
    fit <- ets(y)
    fc <- forecast(fit, h = length(x), PI = FALSE)$mean
    secs <- proc.time()[["elapsed"]] - t0
    smape <- mean(200 * abs(x - fc) / (abs(x) + abs(fc)))
    scale <- mean(abs(diff(as.numeric(y), lag = freq)))
    mase <- mean(abs(x - fc)) / scale
    rows[[length(rows) + 1]] <- data.frame(subset = subset, series_id = id, method = fit$method,
                                          smape = sprintf("%.17g", smape), mase = sprintf("%.17g", mase),
                                          seconds = sprintf("%.4f", secs))
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(here, "m3_r_ets.csv"), row.names = FALSE, quote = c(1, 2, 3))
for (s in c("monthly", "yearly")) {
  d <- out[out$subset == s, ]
  cat(s, ": n =", nrow(d), " sMAPE", mean(as.numeric(d$smape)), " MASE", mean(as.numeric(d$mase)),
      " series/s", nrow(d) / sum(as.numeric(d$seconds)), "\n")
}
cat("R", R.version$major, ".", R.version$minor, " forecast ", as.character(packageVersion("forecast")), "\n", sep = "")
