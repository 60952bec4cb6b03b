"""Named days ("Christmas Day", "Easter", "Ramadan", "Thanksgiving"): their
dates in a given Gregorian year, from the rules of ``time_holidays.yaml``
(and the files named in ``PARALLAX_HOLIDAYS``).

The rules are calendar arithmetic: fixed days, Easter (Western and
Orthodox computus), the n-th weekday of a month, and the tabular Islamic
calendar (which can differ from the observed start by a day or two, so its
days are marked approximate).
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..resources import DATA_DIR

HOLIDAYS_FILE = DATA_DIR / "time_holidays.yaml"


@dataclass(frozen=True)
class Holiday:
    names: tuple[str, ...]
    rule: str
    args: tuple[int, ...]
    days: int = 1
    approximate: bool = False

    def span(self, year: int) -> tuple[date, date] | None:
        """First and last day of the holiday whose first day falls in ``year``."""
        first = _first_day(self.rule, self.args, year)
        return None if first is None else (first, first + timedelta(days=self.days - 1))

    def spans_near(self, year: int) -> list[tuple[date, date]]:
        """Every occurrence starting in year-1 .. year+1 (a lunar holiday may
        fall twice in one Gregorian year)."""
        if self.rule != "hijri":
            return [s for y in (year - 1, year, year + 1) if (s := self.span(y))]
        out = []
        for hy in range(_hijri_year(date(year - 1, 1, 1)) - 1, _hijri_year(date(year + 1, 12, 31)) + 2):
            first = hijri_to_gregorian(hy, self.args[0], self.args[1])
            if year - 1 <= first.year <= year + 1:
                out.append((first, first + timedelta(days=self.days - 1)))
        return out


def _first_day(rule: str, args: tuple[int, ...], year: int) -> date | None:
    if rule == "date":
        try:
            return date(year, args[0], args[1])
        except ValueError:
            return None
    if rule == "easter":
        return western_easter(year) + timedelta(days=args[0])
    if rule == "orthodox_easter":
        return orthodox_easter(year) + timedelta(days=args[0])
    if rule == "nth_weekday":
        return nth_weekday(year, *args)
    if rule == "after_nth_weekday":
        d = nth_weekday(year, args[0], args[1], args[2])
        return d + timedelta(days=args[3])
    if rule == "hijri":
        first = _hijri_year(date(year, 1, 1))
        spans = [hijri_to_gregorian(hy, args[0], args[1]) for hy in (first, first + 1)]
        return next((d for d in spans if d.year == year), None)
    return None


def western_easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday (Julian computus), as a Gregorian date."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = date(year, month, day + 1)
    return julian + timedelta(days=year // 100 - year // 400 - 2)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (0 = Monday) of a month; n = -1 is the last."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


_HIJRI_EPOCH = 1948439  # Julian day number of 1 Muharram 1 AH (civil epoch)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular (arithmetic) Islamic calendar to Gregorian."""
    jdn = day + int(29.5 * (month - 1) + 0.99) + (year - 1) * 354 + (3 + 11 * year) // 30 + _HIJRI_EPOCH - 1
    return date.fromordinal(jdn - 1721425)


def _hijri_year(d: date) -> int:
    jdn = d.toordinal() + 1721425
    return (30 * (jdn - _HIJRI_EPOCH) + 10646) // 10631


def _parse(entry: dict[str, Any]) -> Holiday | None:
    for rule in ("date", "easter", "orthodox_easter", "nth_weekday", "after_nth_weekday", "hijri"):
        if rule not in entry:
            continue
        raw = entry[rule]
        if rule == "date":
            args = tuple(int(x) for x in str(raw).split("-"))
        elif isinstance(raw, list):
            args = tuple(int(x) for x in raw)
        else:
            args = (int(raw),)
        return Holiday(tuple(str(n) for n in entry.get("names", [])), rule, args, int(entry.get("days", 1) or 1),
                       bool(entry.get("approximate")) or rule == "hijri")
    return None


def _files() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("PARALLAX_HOLIDAYS", "").split(os.pathsep) if p]
    return [HOLIDAYS_FILE, *extra]


@lru_cache(maxsize=1)
def holidays() -> dict[str, Holiday]:
    """Name -> holiday, over the default file and the user's files (later wins)."""
    table: dict[str, Holiday] = {}
    for path in _files():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for entry in data.get("holidays", []) or []:
            hol = _parse(entry)
            if hol:
                table.update({name: hol for name in hol.names})
    return table


def names_pattern() -> str:
    """A regular-expression alternation of every name, longest first."""
    names = sorted(holidays(), key=len, reverse=True)
    return "|".join(re.sub(r"['’]", "['’]", re.escape(n)) for n in names)


def lookup(name: str) -> Holiday | None:
    table = holidays()
    return table.get(name) or table.get(name.replace("’", "'")) or table.get(name.replace("'", "’"))


__all__ = [
    "Holiday",
    "hijri_to_gregorian",
    "holidays",
    "lookup",
    "names_pattern",
    "nth_weekday",
    "orthodox_easter",
    "western_easter",
]
