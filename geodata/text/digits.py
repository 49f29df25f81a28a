"""Arabic-Indic and Eastern Arabic-Indic digits."""

from __future__ import annotations

_TABLE = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬",
    "01234567890123456789.,",
)


def to_western_digits(text: str) -> str:
    """``text`` with Arabic-Indic (٠-٩) and Persian (۰-۹) digits written as 0-9."""
    return text.translate(_TABLE)


def parse_int(text: str) -> int | None:
    """The integer written in ``text`` in any of the digit systems, or None."""
    cleaned = to_western_digits(text).replace(",", "").strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None
