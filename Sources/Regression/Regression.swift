// Regression module: design terms, linear models, count GLMs, ITS, diagnostics.
