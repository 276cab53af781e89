"""Benchmarks of the explorer: `python -m benchmarks --help`."""
