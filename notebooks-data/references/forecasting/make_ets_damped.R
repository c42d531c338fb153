# Reference for R's `damped` argument of ets() (issue 5): ets(y, model, damped = NULL) tries the
# damped and undamped trend and keeps the smaller AICc; damped = TRUE/FALSE keeps one; a Z trend
# with damped = TRUE tries only damped trends (R skips N). Six classic series and 12 M3 monthly ones.
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_ets_damped.R
# Writes ets_damped.json next to this script (17 significant digits).
suppressPackageStartupMessages(library(forecast))
here <- "notebooks-data/references/forecasting"
source(file.path(here, "series.R"))
series <- c(classic_series(), m3_series("monthly", paste0("M", seq(7, 1428, by = 119))))
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
