"""Plain-Python support for the mock's domain: store, cursors, errors. Never imports Connexion."""
