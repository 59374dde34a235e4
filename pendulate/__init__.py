"""pendulate: a calm terminal companion for pendulation practice."""

__version__ = "0.1.0"
