# thetaf() on series too short for ets()'s likelihood fit (n <= 6), where R falls back to
# HoltWintersZZ (SES by SSE, L-BFGS-B from alpha = 0.2). Real data: the first 4..6 financial
# years of Stoke-on-Trent alcohol-related admissions (notebooks-data/fingertips_lape) and of
# ONS Staffordshire public order offences. Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_short_theta.R
suppressMessages({ library(forecast); library(jsonlite) })
lape <- read.csv("notebooks-data/fingertips_lape/alcohol_related_admissions.csv", stringsAsFactors = FALSE)
alc <- lape[lape$area_code == "E06000021", ]; alc <- alc[order(alc$period), ]
ons <- read.csv("notebooks-data/ons_recorded_crime_pfa/rec-crime-pfa.csv", stringsAsFactors = FALSE, check.names = FALSE)
names(ons) <- c("date", "pfa", "region", "offence", "n")
po <- ons[ons$pfa == "Staffordshire" & ons$offence == "Public order offences" & substr(ons$date, 1, 6) == "31-03-", ]
po <- po[order(as.integer(substr(po$date, 7, 10))), ]
out <- list()
for (s in list(list(name = "alcohol", y = as.numeric(alc$value)), list(name = "public-order", y = as.numeric(po$n)))) {
  for (o in 3:6) {
    f <- thetaf(s$y[1:o], h = 3, level = c(80, 95))
    out[[length(out) + 1]] <- list(series = s$name, y = s$y[1:o], mean = as.numeric(f$mean),
      lower80 = as.numeric(f$lower[, 1]), upper80 = as.numeric(f$upper[, 1]))
  }
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = 15, pretty = TRUE), "notebooks-data/references/forecasting/short_theta.json")
cat("wrote short_theta.json\n")
