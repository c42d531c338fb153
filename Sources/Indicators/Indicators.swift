// SPDX-License-Identifier: GPL-3.0-or-later
// Indicators module: PHE/OHID indicator methods (Wilson, Byar, exact Poisson, Dobson DSR,
// ISR/SMR, t means), Fingertips benchmark comparison, two-sample tests, Spiegelhalter funnel
// plots and trend tests. Guide: docs/Indicators.md. Depends on Distributions (quantiles) and
// SeriesData (readers).
