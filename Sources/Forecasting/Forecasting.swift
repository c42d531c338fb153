// Forecasting module: ETS, STL, Theta, baselines, accuracy, backtests.
