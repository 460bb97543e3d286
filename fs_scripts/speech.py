"""Numbers, money, digit strings, dates and times as ordered lists of prompt ids.

FreeSWITCH's `say` modules need sound packs that cannot be installed here, so the IVR
speaks values by playing its own short prompts (`sounds/prompts/speech.toml`) in the
order these pure functions return. Money is integer fen, never float.

Mandarin conventions:
- 零 marks a gap once: 1005 一千零五, 10010 一万零一十, 100000001 一亿零一.
- 十 alone at the very start (十二, 十万), 一十 inside a number (一百一十, 一万零一十).
- 两 for a 2 that multiplies 百/千/万/亿 (两百, 一千两百, 两千, 两万, 两千万, 两亿); 二 for
  the tens and the units digit (二十, 十二, 一百零二, 二十二万, 二元, 二月). Hours say 两点.
- Digit strings use 一, not the 幺 of spoken phone numbers: the same prompts read ticket,
  order and card numbers, and 一 is what the caption shows.
- Money: 元, 角, 分 with single digits (二角, 五分); no yuan part when the amount is under
  one yuan (四角五分); 零 between yuan and a lone 分 (十元零五分); zero is 零元; no 整.
- Dates: year digit by digit, then month and day (二零二六年三月五日). Times 24-hour
  (十四点三十分, 两点零五分).
English conventions: no "and" in numbers (one hundred twenty-three), money as
"... yuan forty-five fen", dates "March fifth twenty twenty-six", times 12-hour
("two oh five p.m.").
"""

from __future__ import annotations

import datetime

from fs_scripts.prompts import check_lang

MAX_NUMBER = 10**15 - 1
MINUS = "num/minus"

_ZH_UNITS = (
    (10**8, "num/yi"),
    (10**4, "num/wan"),
    (1000, "num/qian"),
    (100, "num/bai"),
    (10, "num/shi"),
)
_EN_SCALES = (
    (10**12, "num/trillion"),
    (10**9, "num/billion"),
    (10**6, "num/million"),
    (1000, "num/thousand"),
)
_DIGIT_STRING_SEPARATORS = " -"


def number(n: int, lang: str) -> list[str]:
    """A cardinal number, e.g. 1005 -> 一千零五 / one thousand five; negative says minus first."""
    check_lang(lang)
    _check_int(n)
    if n < 0:
        return [MINUS, *number(-n, lang)]
    if n > MAX_NUMBER:
        raise ValueError(f"numbers up to {MAX_NUMBER} can be spoken")
    return _zh(n, leading=True) if lang == "zh" else _en(n)


def money(fen: int, lang: str) -> list[str]:
    """An amount in fen, e.g. 12345 -> 一百二十三元四角五分 / one hundred twenty-three yuan forty-five fen."""
    check_lang(lang)
    _check_int(fen)
    if fen < 0:
        return [MINUS, *money(-fen, lang)]
    yuan, change = divmod(fen, 100)
    words = [*number(yuan, lang), "money/yuan"] if yuan or not change else []
    if lang == "en":
        return words + ([*number(change, lang), "money/fen"] if change else [])
    jiao, fen_digit = divmod(change, 10)
    if jiao:
        words += [f"digits/{jiao}", "money/jiao"]
    elif fen_digit and yuan:
        words.append("num/ling")
    if fen_digit:
        words += [f"digits/{fen_digit}", "money/fen"]
    return words


def digits(text: str, lang: str) -> list[str]:
    """A phone, ticket, card or order number read digit by digit; spaces and dashes are skipped.

    The error never repeats the input: this also reads strings a caller keyed in.
    """
    check_lang(lang)
    kept = [char for char in text if char not in _DIGIT_STRING_SEPARATORS]
    if not all(char in "0123456789" for char in kept):
        raise ValueError("a digit string may contain only 0-9, spaces and dashes")
    return [f"digits/{char}" for char in kept]


def date(day: datetime.date, lang: str) -> list[str]:
    """A calendar date: 二零二六年三月五日 / March fifth twenty twenty-six."""
    check_lang(lang)
    if lang == "zh":
        return [
            *digits(str(day.year), lang),
            "date/year",
            f"month/{day.month}",
            *number(day.day, lang),
            "date/day",
        ]
    return [f"month/{day.month}", *_en_ordinal(day.day), *_en_year(day.year)]


def time_of_day(moment: datetime.time, lang: str) -> list[str]:
    """A clock time to the minute: 十四点三十分 / two thirty p.m."""
    check_lang(lang)
    hour, minute = moment.hour, moment.minute
    if lang == "zh":
        words = ["num/liang"] if hour == 2 else number(hour, lang)
        words.append("time/oclock")
        if minute:
            words += [*(["num/ling"] if minute < 10 else []), *number(minute, lang), "time/minute"]
        return words
    words = number(hour % 12 or 12, lang)
    if minute == 0:
        words.append("time/oclock")
    else:
        words += [*(["num/oh"] if minute < 10 else []), *number(minute, lang)]
    return [*words, "time/am" if hour < 12 else "time/pm"]


def _check_int(n: object) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"expected an int, got {type(n).__name__}")


def _zh(n: int, leading: bool) -> list[str]:
    """Mandarin cardinal; `leading` is whether this part starts the whole number (十 vs 一十)."""
    for value, unit in _ZH_UNITS:
        if n < value:
            continue
        head, rest = divmod(n, value)
        if head == 1 and unit == "num/shi" and leading:
            words = []
        elif head == 2 and unit != "num/shi":
            words = ["num/liang"]
        else:
            words = _zh(head, leading)
        words.append(unit)
        if rest:
            if rest < value // 10:
                words.append("num/ling")
            words += _zh(rest, leading=False)
        return words
    return [f"digits/{n}"]


def _en(n: int) -> list[str]:
    for value, scale in _EN_SCALES:
        if n >= value:
            head, rest = divmod(n, value)
            return [*_en(head), scale, *(_en(rest) if rest else [])]
    if n >= 100:
        head, rest = divmod(n, 100)
        return [f"num/{head}", "num/hundred", *(_en(rest) if rest else [])]
    if n < 20:
        return [f"num/{n}"]
    tens, unit = divmod(n, 10)
    return [f"num/{tens * 10}", *([f"num/{unit}"] if unit else [])]


def _en_ordinal(n: int) -> list[str]:
    """Day of the month: first .. thirty-first."""
    if n <= 20 or n % 10 == 0:
        return [f"ord/{n}"]
    tens, unit = divmod(n, 10)
    return [f"num/{tens * 10}", f"ord/{unit}"]


def _en_year(year: int) -> list[str]:
    """Years as people say them: twenty twenty-six, nineteen oh five, two thousand five."""
    if not 1000 <= year <= 9999 or year % 100 == 0 or 2000 <= year <= 2009:
        return _en(year)
    century, rest = divmod(year, 100)
    return [*_en(century), *(["num/oh"] if rest < 10 else []), *_en(rest)]
