"""Analyses over scored comments: time series and spikes, hostility, mood, topics, data quality."""
