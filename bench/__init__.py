"""Hearth's benchmarks: `make bench` runs them against a real server and writes bench/results/latest.json."""
