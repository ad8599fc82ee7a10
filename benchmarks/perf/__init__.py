"""Helpers of benchmarks/mock_vs_prism.py: processes, Prism, wrk, page latency and the printed report."""
