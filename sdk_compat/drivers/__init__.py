"""Drivers: one per client, each run with its own environment's Python (standard library + client only)."""
