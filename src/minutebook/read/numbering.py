"""List numbers as a word processor renders them: 3 as "3", "c", "C", "iii" or "III"."""

from __future__ import annotations

ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def render_number(value: int, style: str) -> str:
    """`value` in a list style: Word's numFmt names (decimal, lowerLetter, upperRoman, ...) or
    OpenDocument's num-format ("1", "a", "A", "i", "I"). Unknown styles count in decimal."""
    if style in ("lowerLetter", "a"):
        return _letters(value)
    if style in ("upperLetter", "A"):
        return _letters(value).upper()
    if style in ("lowerRoman", "i"):
        return _roman(value)
    if style in ("upperRoman", "I"):
        return _roman(value).upper()
    if style == "decimalZero":
        return f"{value:02d}"
    if style in ("none", ""):
        return ""
    return str(value)


def _letters(value: int) -> str:
    """a..z, then aa, bb (Word repeats the letter rather than counting on as spreadsheets do)."""
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value < 1:
        return str(value)
    out = []
    for amount, numeral in ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)
