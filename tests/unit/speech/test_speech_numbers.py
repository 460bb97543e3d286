"""Spoken numbers, money, digit strings, dates and times, checked through their captions."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fs_scripts import prompts, speech

CATALOGUE = prompts.catalogue()


def zh(ids: list[str]) -> str:
    return CATALOGUE.sentence(ids, "zh")


def en(ids: list[str]) -> str:
    return CATALOGUE.sentence(ids, "en")


# --- independent readers of the captions, used as oracles ------------------------------

_ZH_DIGITS = {char: value for value, char in enumerate("零一二三四五六七八九")} | {"两": 2}
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


def read_zh_number(text: str) -> int:
    """Reads as a listener does: a bare last digit after a unit counts one place lower
    (一百二 is 120, 一万二 is 12000), so a missing 零 gives a different number."""
    done, wan, section, digit, place = 0, 0, 0, 0, 1
    for char in text:
        if char == "零":
            digit, place = 0, 1
        elif char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_UNITS:
            section += (digit or 1) * _ZH_SMALL_UNITS[char]
            digit, place = 0, _ZH_SMALL_UNITS[char] // 10
        elif char == "万":
            wan, section, digit, place = section + digit * place, 0, 0, 1000
        elif char == "亿":
            done = (done + wan * 10**4 + section + digit * place) * 10**8
            wan, section, digit, place = 0, 0, 0, 10**7
        else:
            raise AssertionError(f"unexpected {char!r} in {text!r}")
    return done + wan * 10**4 + section + digit * place


_EN_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def read_en_number(text: str) -> int:
    total = current = 0
    for word in text.replace("-", " ").split():
        if word in _EN_WORDS:
            current += _EN_WORDS[word]
        elif word == "hundred":
            current *= 100
        else:
            total += current * _EN_SCALES[word]
            current = 0
    return total + current


# --- tables ----------------------------------------------------------------------------

MONEY = [  # fen, Mandarin, English
    (0, "零元", "zero yuan"),
    (5, "五分", "five fen"),
    (50, "五角", "fifty fen"),
    (45, "四角五分", "forty-five fen"),
    (200, "二元", "two yuan"),
    (500, "五元", "five yuan"),
    (1000, "十元", "ten yuan"),
    (1005, "十元零五分", "ten yuan five fen"),
    (1050, "十元五角", "ten yuan fifty fen"),
    (1200, "十二元", "twelve yuan"),
    (2000, "二十元", "twenty yuan"),
    (10000, "一百元", "one hundred yuan"),
    (10100, "一百零一元", "one hundred one yuan"),
    (11000, "一百一十元", "one hundred ten yuan"),
    (20000, "两百元", "two hundred yuan"),
    (100000, "一千元", "one thousand yuan"),
    (100500, "一千零五元", "one thousand five yuan"),
    (120000, "一千两百元", "one thousand two hundred yuan"),
    (1000000, "一万元", "ten thousand yuan"),
    (1001000, "一万零一十元", "ten thousand ten yuan"),
    (10000000000, "一亿元", "one hundred million yuan"),
    (12345, "一百二十三元四角五分", "one hundred twenty-three yuan forty-five fen"),
    (
        1234567,
        "一万两千三百四十五元六角七分",
        "twelve thousand three hundred forty-five yuan sixty-seven fen",
    ),
    (-12345, "负一百二十三元四角五分", "minus one hundred twenty-three yuan forty-five fen"),
    (10**14, "一万亿元", "one trillion yuan"),
]

NUMBERS = [
    (0, "零", "zero"),
    (10, "十", "ten"),
    (12, "十二", "twelve"),
    (20, "二十", "twenty"),
    (22, "二十二", "twenty-two"),
    (102, "一百零二", "one hundred two"),
    (110, "一百一十", "one hundred ten"),
    (1050, "一千零五十", "one thousand fifty"),
    (2222, "两千两百二十二", "two thousand two hundred twenty-two"),
    (20000, "两万", "twenty thousand"),
    (100000, "十万", "one hundred thousand"),
    (220000, "二十二万", "two hundred twenty thousand"),
    (20000000, "两千万", "twenty million"),
    (100010000, "一亿零一万", "one hundred million ten thousand"),
    (100000001, "一亿零一", "one hundred million one"),
    (200000000, "两亿", "two hundred million"),
    (2000000000, "二十亿", "two billion"),
    (110000000, "一亿一千万", "one hundred ten million"),
    (-7, "负七", "minus seven"),
]


@pytest.mark.parametrize(("fen", "mandarin", "english"), MONEY)
def test_money_reads_as_expected(fen: int, mandarin: str, english: str) -> None:
    assert zh(speech.money(fen, "zh")) == mandarin
    assert en(speech.money(fen, "en")) == english


@pytest.mark.parametrize(("n", "mandarin", "english"), NUMBERS)
def test_number_reads_as_expected(n: int, mandarin: str, english: str) -> None:
    assert zh(speech.number(n, "zh")) == mandarin
    assert en(speech.number(n, "en")) == english


def test_digits_are_read_one_by_one_skipping_separators() -> None:
    assert zh(speech.digits("10000", "zh")) == "一零零零零"
    assert en(speech.digits("138-0013 8000", "en")) == (
        "one three eight zero zero one three eight zero zero zero"
    )
    assert speech.digits("", "zh") == []


def test_given_a_non_digit_when_reading_digits_then_the_error_does_not_repeat_the_input() -> None:
    with pytest.raises(ValueError) as error:
        speech.digits("12345x", "zh")
    assert "12345" not in str(error.value)


@pytest.mark.parametrize(
    ("day", "mandarin", "english"),
    [
        (datetime.date(2026, 3, 5), "二零二六年三月五日", "March fifth twenty twenty-six"),
        (
            datetime.date(2026, 12, 21),
            "二零二六年十二月二十一日",
            "December twenty-first twenty twenty-six",
        ),
        (datetime.date(2005, 2, 2), "二零零五年二月二日", "February second two thousand five"),
        (datetime.date(1905, 10, 30), "一九零五年十月三十日", "October thirtieth nineteen oh five"),
        (datetime.date(2000, 1, 31), "二零零零年一月三十一日", "January thirty-first two thousand"),
    ],
)
def test_date_reads_as_expected(day: datetime.date, mandarin: str, english: str) -> None:
    assert zh(speech.date(day, "zh")) == mandarin
    assert en(speech.date(day, "en")) == english


@pytest.mark.parametrize(
    ("moment", "mandarin", "english"),
    [
        (datetime.time(14, 30), "十四点三十分", "two thirty p.m."),
        (datetime.time(2, 5), "两点零五分", "two oh five a.m."),
        (datetime.time(0, 0), "零点", "twelve o'clock a.m."),
        (datetime.time(12, 0), "十二点", "twelve o'clock p.m."),
        (datetime.time(22, 10), "二十二点十分", "ten ten p.m."),
    ],
)
def test_time_of_day_reads_as_expected(moment: datetime.time, mandarin: str, english: str) -> None:
    assert zh(speech.time_of_day(moment, "zh")) == mandarin
    assert en(speech.time_of_day(moment, "en")) == english


def test_rejects_unknown_language_non_int_and_too_large() -> None:
    with pytest.raises(ValueError):
        speech.money(100, "fr")
    with pytest.raises(TypeError):
        speech.money(1.5, "zh")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        speech.number(True, "en")
    with pytest.raises(ValueError):
        speech.number(speech.MAX_NUMBER + 1, "zh")
    assert speech.number(speech.MAX_NUMBER, "en")


# --- properties ------------------------------------------------------------------------


def assert_playable(ids: list[str], lang: str) -> None:
    assert ids
    for prompt_id in ids:
        assert CATALOGUE.caption(prompt_id, lang), f"{prompt_id} has no {lang} prompt"


@given(st.integers(min_value=-(10**10), max_value=10**10))
def test_every_amount_up_to_ten_to_the_ten_fen_uses_only_existing_prompts(fen: int) -> None:
    for lang in prompts.LANGS:
        assert_playable(speech.money(fen, lang), lang)


@given(st.integers(min_value=0, max_value=10**14))
def test_mandarin_money_reads_back_to_the_same_amount(fen: int) -> None:
    yuan_text, has_yuan, change_text = zh(speech.money(fen, "zh")).rpartition("元")
    yuan = read_zh_number(yuan_text) if has_yuan else 0
    jiao = _ZH_DIGITS[change_text[change_text.index("角") - 1]] if "角" in change_text else 0
    fen_digit = _ZH_DIGITS[change_text[change_text.index("分") - 1]] if "分" in change_text else 0
    assert yuan * 100 + jiao * 10 + fen_digit == fen


@given(st.integers(min_value=0, max_value=speech.MAX_NUMBER))
def test_mandarin_number_reads_back_and_follows_the_conventions(n: int) -> None:
    ids = speech.number(n, "zh")
    assert_playable(ids, "zh")
    text = zh(ids)
    assert read_zh_number(text) == n
    assert "零零" not in text
    assert n == 0 or not text.endswith("零")
    assert all(text[i + 1] in "百千万亿" for i, char in enumerate(text) if char == "两")
    assert not text.startswith("一十")


@given(st.integers(min_value=0, max_value=speech.MAX_NUMBER))
def test_english_number_reads_back(n: int) -> None:
    ids = speech.number(n, "en")
    assert_playable(ids, "en")
    assert read_en_number(en(ids)) == n


@given(st.dates(), st.times())
def test_every_date_and_time_uses_only_existing_prompts(
    day: datetime.date, moment: datetime.time
) -> None:
    for lang in prompts.LANGS:
        assert_playable(speech.date(day, lang), lang)
        assert_playable(speech.time_of_day(moment, lang), lang)
