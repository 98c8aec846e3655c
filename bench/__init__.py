"""Benchmarks that `make bench` runs; each module is a script."""
