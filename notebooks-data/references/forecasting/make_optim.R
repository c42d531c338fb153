# Reference for ROptim (the port of R's optim(method = "BFGS") with a numerical gradient, and
# optimHess): hand-made test functions, R 4.2.2.
#
# Run from the repository root:
#   Rscript notebooks-data/references/forecasting/make_optim.R
# Writes optim_bfgs.json next to this script (17 significant digits).
here <- "notebooks-data/references/forecasting"
num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(as.numeric(x)), collapse = ","), "]")
rosenbrock <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2
wood <- function(x) 100 * (x[1]^2 - x[2])^2 + (1 - x[1])^2 + 90 * (x[3]^2 - x[4])^2 + (1 - x[3])^2 +
  10.1 * ((x[2] - 1)^2 + (x[4] - 1)^2) + 19.8 * (x[2] - 1) * (x[4] - 1)
quad <- function(x) (x[1] - 1)^2 * 1 + (x[2] - -2)^2 * 10 + (x[3] - 3)^2 * 100 + x[1] * x[2]
cases <- list(
  list(name = "rosenbrock", f = rosenbrock, par = c(-1.2, 1), parscale = c(1, 1), maxit = 100),
  list(name = "rosenbrock-parscale", f = rosenbrock, par = c(-1.2, 1), parscale = c(2, 0.5), maxit = 100),
  list(name = "rosenbrock-maxit10", f = rosenbrock, par = c(-1.2, 1), parscale = c(1, 1), maxit = 10),
  list(name = "wood", f = wood, par = c(-3, -1, -3, -1), parscale = c(1, 1, 1, 1), maxit = 100),
  list(name = "quadratic", f = quad, par = c(0, 0, 0), parscale = c(1, 10, 0.1), maxit = 100)
)
rows <- vapply(cases, function(cs) {
  r <- optim(cs$par, cs$f, method = "BFGS", hessian = TRUE,
             control = list(parscale = cs$parscale, maxit = cs$maxit))
  sprintf('{"name":"%s","start":%s,"parscale":%s,"maxit":%d,"par":%s,"value":%s,"convergence":%d,"hessian":%s}',
          cs$name, arr(cs$par), arr(cs$parscale), cs$maxit, arr(r$par), num(r$value), r$convergence, arr(r$hessian))
}, "")
writeLines(paste0("[", paste(rows, collapse = ",\n"), "]"), file.path(here, "optim_bfgs.json"))
cat("wrote optim_bfgs.json\n")
