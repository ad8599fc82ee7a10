"""ULIDs (26 Crockford base32 characters, 48-bit millisecond time + 80 random bits): orq's task IDs."""

from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Two characters per lookup (10 bits): half the steps of a digit-by-digit loop, for million-task worlds.
_PAIRS = [high + low for high in ALPHABET for low in ALPHABET]
_SHIFTS = range(120, -1, -10)
PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
# Crockford digits -> the digits int(_, 32) reads (0-9a-v), so parsing runs in C.
_TO_BASE32 = str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")
_MAX_TIME = 2**48 - 1


def encode(millis: int, randomness: int) -> str:
    """The ULID of time `millis` (ms since the epoch) and an 80-bit `randomness`."""
    if not 0 <= millis <= _MAX_TIME or not 0 <= randomness < 2**80:
        raise ValueError(f"ULID parts out of range: time {millis}, randomness {randomness}")
    number = (millis << 80) | randomness  # 26 characters carry 130 bits: two zero bits, then these 128
    return "".join([_PAIRS[(number >> shift) & 1023] for shift in _SHIFTS])


def timestamp_ms(ulid: str) -> int:
    """The creation time encoded in `ulid`, in ms; ValueError if it is not a valid ULID."""
    if not PATTERN.match(ulid) or ulid[0] > "7":
        # A first character above 7 would need more than the 128 bits a ULID has.
        raise ValueError(f"{ulid!r} is not a ULID (26 Crockford base32 characters, first one 0-7)")
    return int(ulid[:10].translate(_TO_BASE32), 32)
