"""The broken-server catalogue's tests share the mocks they start (see test_catalogue.py)."""
