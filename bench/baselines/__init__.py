"""Bare Textual apps the benchmarks measure pendulate against."""
