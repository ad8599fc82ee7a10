"""The HTTP edge: the only part of the mock that imports Connexion, Flask or Starlette."""
