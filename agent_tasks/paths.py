"""Where the specs and built-in fixtures live, in a checkout or in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A checkout (or editable install) keeps spec/ and fixtures/ beside the package; a wheel ships
# them inside it under _data/ (see pyproject's force-include).
_CHECKOUT = _PACKAGE.parent
_DATA = _PACKAGE / "_data"
ROOT = _CHECKOUT if (_CHECKOUT / "spec").is_dir() else _DATA
SPEC_DIR = ROOT / "spec"
FIXTURES_DIR = ROOT / "fixtures"
