"""Exact conversions of the wire ``decimal``: an Int128 ``raw`` meaning ``raw / 10**12``.

Values are :class:`decimal.Decimal` built from text, never through floats or
a rounding context, so every conversion is exact or fails.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Type, Union

from .errors import EncodingError, WireError

SCALE = 12
UNIT = 10 ** SCALE
INT128_MIN = -(1 << 127)
INT128_MAX = (1 << 127) - 1

# Swift's FixedDecimal(parsing:): optional sign, digits with at most one point,
# optional exponent of at most three digits; ASCII only, no spaces, no "_".
_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def text_from_raw(raw: int) -> str:
    """The canonical text Swift writes: no exponent, no trailing fractional zeros."""
    whole, fraction = divmod(abs(raw), UNIT)
    text = str(whole)
    if fraction:
        text += "." + f"{fraction:0{SCALE}d}".rstrip("0")
    return "-" + text if raw < 0 else text


def from_raw(raw: int) -> Decimal:
    """The value of a raw wire integer."""
    return Decimal(text_from_raw(raw))


def to_raw(value: Union[Decimal, int, str], error: Type[WireError] = EncodingError) -> int:
    """The raw wire integer of ``value``; raises ``error`` if it is not exactly representable.

    Accepts a ``Decimal``, an ``int`` or decimal text (parsed like Swift does).
    Floats are refused: they are not exact.
    """
    if isinstance(value, str):
        value = parse_text(value, error)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise error(f"expected a Decimal, int or decimal text, got {type(value).__name__}")
    if not value.is_finite():
        raise error(f"decimal {value} is not finite")
    sign, digits, exponent = value.as_tuple()
    magnitude = int("".join(map(str, digits)) or "0")
    shift = exponent + SCALE
    if magnitude == 0:
        return 0
    if shift >= 0:
        if shift > 40:
            raise error(f"decimal {value} overflows 128 bits")
        magnitude *= 10 ** shift
    else:
        magnitude, rest = divmod(magnitude, 10 ** min(-shift, 400))
        if rest or -shift > 400:
            raise error(f"decimal {value} needs more than {SCALE} fractional digits")
    raw = -magnitude if sign else magnitude
    if not INT128_MIN <= raw <= INT128_MAX:
        raise error(f"decimal {value} overflows 128 bits")
    return raw


def parse_text(text: str, error: Type[WireError] = EncodingError) -> Decimal:
    """Decimal text checked against the syntax Swift accepts."""
    if len(text) > 256 or not _TEXT.fullmatch(text):
        raise error(f"invalid decimal text {text[:64]!r}")
    return Decimal(text)
