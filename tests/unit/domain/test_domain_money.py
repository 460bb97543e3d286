from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain.money import (
    format_money,
    parse_yuan,
    split_yuan_jiao_fen,
    to_decimal_yuan,
    to_yuan_str,
)

BIG = 10**15  # ten trillion yuan, far beyond any real bill
fen_amounts = st.integers(min_value=-BIG, max_value=BIG)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.5", 1250),
        ("12.50", 1250),
        ("12", 1200),
        ("0.01", 1),
        (".5", 50),
        ("12.", 1200),
        ("  7.30 ", 730),
        ("+3", 300),
        ("12.340", 1234),  # trailing zero is still a whole number of fen
        ("0", 0),
        ("123456789012.34", 12345678901234),
    ],
)
def test_parse_yuan_accepts_plain_amounts_exactly(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1e3",
        "NaN",
        "Infinity",
        "1,000",
        "1_000",
        "¥12",
        "12.5.1",
        ".",
        "--1",
        "１２",
        "١٢",
        "0x10",
    ],
)
def test_parse_yuan_rejects_text_that_is_not_a_plain_amount(text: str) -> None:
    with pytest.raises(ValueError, match="not a yuan amount"):
        parse_yuan(text)


def test_parse_yuan_rejects_fractions_of_a_fen_with_a_useful_message() -> None:
    with pytest.raises(ValueError, match="fractions of a fen"):
        parse_yuan("12.345")


def test_parse_yuan_rejects_negative_unless_allowed() -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_yuan("-3")
    assert parse_yuan("-3", allow_negative=True) == -300
    assert parse_yuan("-0.00") == 0


@pytest.mark.parametrize("value", [12.5, 12, Decimal("12.5"), None, b"12"])
def test_parse_yuan_refuses_non_text_input(value: object) -> None:
    with pytest.raises(TypeError):
        parse_yuan(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fen", "text"),
    [(12345, "123.45"), (-300, "-3.00"), (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (100, "1.00")],
)
def test_to_yuan_str(fen: int, text: str) -> None:
    assert to_yuan_str(fen) == text


@pytest.mark.parametrize("value", [1.5, True, "100", Decimal(1)])
def test_money_helpers_refuse_non_int_fen(value: object) -> None:
    with pytest.raises(TypeError):
        to_yuan_str(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        split_yuan_jiao_fen(value)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(fen_amounts)
def test_parse_of_formatted_amount_round_trips(fen: int) -> None:
    assert parse_yuan(to_yuan_str(fen), allow_negative=True) == fen


@settings(max_examples=200)
@given(fen_amounts)
def test_decimal_yuan_is_exact(fen: int) -> None:
    assert to_decimal_yuan(fen) * 100 == fen
    assert str(to_decimal_yuan(fen)) == to_yuan_str(fen)


def test_format_money_per_locale() -> None:
    assert format_money(12345, "zh_CN") == "¥123.45"
    assert format_money(12345, "en") == "CN¥123.45"
    assert format_money(-123450, "zh_CN") == "-¥1,234.50"


@settings(max_examples=100)
@given(fen_amounts)
def test_format_money_shows_every_fen(fen: int) -> None:
    shown = format_money(fen, "zh_CN").replace("¥", "").replace(",", "")
    assert parse_yuan(shown, allow_negative=True) == fen


@pytest.mark.parametrize(
    ("fen", "parts"),
    [(12345, (123, 4, 5)), (0, (0, 0, 0)), (5, (0, 0, 5)), (40, (0, 4, 0)), (100, (1, 0, 0))],
)
def test_split_yuan_jiao_fen(fen: int, parts: tuple[int, int, int]) -> None:
    assert split_yuan_jiao_fen(fen) == parts


def test_split_refuses_negative_amounts() -> None:
    with pytest.raises(ValueError):
        split_yuan_jiao_fen(-1)


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=BIG))
def test_split_recombines(fen: int) -> None:
    yuan, jiao, single = split_yuan_jiao_fen(fen)
    assert 0 <= jiao <= 9 and 0 <= single <= 9
    assert yuan * 100 + jiao * 10 + single == fen
