"""Monitoring of functions and models: volume, latency, errors, review share, and drift against a baseline."""
