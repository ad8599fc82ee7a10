"""Publishable forms of the specs: offline HTML documentation and single-file bundles."""
