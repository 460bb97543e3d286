"""Money as integer fen (1 yuan = 10 jiao = 100 fen), never float.

Text from people or integrators is parsed exactly with Decimal; anything that is not a whole
number of fen is refused rather than rounded, because silently rounding a payment loses money.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from babel.numbers import format_currency

FEN_PER_YUAN = 100
CURRENCY = "CNY"

# Plain ASCII digits with an optional sign and at most one decimal point. No exponents,
# thousands separators, underscores, NaN/Infinity or full-width digits (all of which
# Decimal() itself would accept).
_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_MAX_INPUT_CHARS = 40


def _require_int(fen: object) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"money must be an int number of fen, not {type(fen).__name__}")
    return fen


def parse_yuan(text: str, *, allow_negative: bool = False) -> int:
    """Parse a yuan amount such as "12.5" into fen (1250), exactly.

    Raises TypeError for anything but str (a float has already lost exactness) and
    ValueError for text that is not a plain amount, has fractions of a fen, or is negative
    when ``allow_negative`` is False.
    """
    if not isinstance(text, str):
        raise TypeError(f"amount must be given as text such as '12.50', not {type(text).__name__}")
    cleaned = text.strip()
    if len(cleaned) > _MAX_INPUT_CHARS or not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"not a yuan amount: {text!r} (expected digits like '12.50')")
    with localcontext() as ctx:
        ctx.prec = _MAX_INPUT_CHARS + 4  # enough digits that the product below is exact
        fen = Decimal(cleaned) * FEN_PER_YUAN
        if fen != fen.to_integral_value():
            raise ValueError(
                f"amount {text!r} has fractions of a fen; use at most two decimal places"
            )
    result = int(fen)
    if result < 0 and not allow_negative:
        raise ValueError(f"amount {text!r} must not be negative")
    return result


def to_decimal_yuan(fen: int) -> Decimal:
    """Exact Decimal yuan for fen (1250 -> Decimal('12.50'))."""
    return Decimal(_require_int(fen)).scaleb(-2)


def to_yuan_str(fen: int) -> str:
    """Canonical machine text for an amount: 12345 -> "123.45", -300 -> "-3.00"."""
    _require_int(fen)
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{rest:02d}"


def format_money(fen: int, locale: str) -> str:
    """Human text for an amount in a locale ("zh_CN" -> "¥123.45", "en" -> "CN¥123.45")."""
    return format_currency(to_decimal_yuan(fen), CURRENCY, locale=locale)


def split_yuan_jiao_fen(fen: int) -> tuple[int, int, int]:
    """Split a non-negative amount for speaking: 12345 -> (123, 4, 5).

    Negative amounts are refused: the caller speaks the sign ("you owe") and passes abs().
    """
    _require_int(fen)
    if fen < 0:
        raise ValueError("split_yuan_jiao_fen takes a non-negative amount; speak the sign apart")
    yuan, rest = divmod(fen, FEN_PER_YUAN)
    jiao, single_fen = divmod(rest, 10)
    return yuan, jiao, single_fen
