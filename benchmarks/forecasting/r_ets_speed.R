# R forecast's ets() (defaults, model "ZZZ") on the first N M3 monthly training series, single
# thread: series per second, for the side-by-side speed comparison of benchmarks/forecasting/run.sh.
# Usage (from the repository root): Rscript benchmarks/forecasting/r_ets_speed.R [N]   (default 200)
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) > 0) as.integer(args[1]) else 200L
train <- read.csv("notebooks-data/m3/m3_monthly_train.csv", stringsAsFactors = FALSE)
ids <- unique(train$series_id)[seq_len(n)]
tr <- split(train$value, factor(train$series_id, levels = unique(train$series_id)))
t0 <- proc.time()[["elapsed"]]
for (id in ids) fit <- ets(ts(tr[[id]], frequency = 12))
secs <- proc.time()[["elapsed"]] - t0
cat(sprintf("R %s.%s forecast %s ets() (monthly, first %d series): %.2f series/s (%.1f s, one thread)\n",
            R.version$major, R.version$minor, packageVersion("forecast"), n, n / secs, secs))
