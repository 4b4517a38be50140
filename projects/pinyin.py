"""Pinyin initials of project names, so that staff can type "dgj" to find 东关街..."""

from pypinyin import Style, lazy_pinyin


def name_initials(name: str) -> str:
    """东关街改造 -> 'dgjgz'. Letters and digits in the name are kept, lower-cased."""
    parts = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for ch in "".join(parts).lower() if ch.isalnum())[:200]
