"""Servers written from the published contracts, not from the mock: the suite passes them by default."""
