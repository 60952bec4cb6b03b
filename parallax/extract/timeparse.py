"""The pattern layer of time expressions: lexicons, regular expressions and
the rules that turn one match into a TIMEX3-style value.

Hand-written rather than delegated to ``dateparser``: dateparser parses a
string that is already known to be a date, but gives no extents in running
text, no intervals, durations or sets, and no control over how a missing
year is chosen. Everything here is a table or a short rule so that the
conventions below are readable and testable.

Interval conventions (``begin``/``end`` of a value, all inclusive, relative
to the anchor date A):

========================================  =====================================
expression                                interval
========================================  =====================================
early / mid / late <month>                days 1-10 / 11-20 / 21-end
the end / beginning of <month>            days 21-end / 1-10
early / mid / late <year>                 Jan-Apr / May-Aug / Sep-Dec
recent days, the last days, past days     A-13d .. A   (value PXD)
recent weeks, last weeks, past weeks      A-28d .. A   (value PXW)
recent months                             first day of A's month - 2 .. A (PXM)
recent years                              A-3y .. A    (PXY)
coming / next (few) days / weeks          A+1d .. A+7d / A+1d .. A+28d
few / several days ago                    A-7d .. A-2d (PAST_REF)
recently, lately                          A-1 month .. A (PAST_REF)
now, currently, as of now, at present     A .. A (PRESENT_REF)
N units ago                               A - N units, at the unit's precision
past / last N units                       A - N units .. A (value PnU)
since X / until X                         X .. A  /  A .. X (when X is after A)
========================================  =====================================
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
UNITS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
            "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
            "nineteenth": 19, "twentieth": 20, "thirtieth": 30}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
# Unit -> (ISO designator, is a time unit (PT...), precision of "N units ago")
TIME_UNITS = {
    "second": ("S", True, "second"), "minute": ("M", True, "minute"), "hour": ("H", True, "hour"),
    "day": ("D", False, "day"), "week": ("W", False, "day"), "fortnight": ("W", False, "day"),
    "month": ("M", False, "month"), "quarter": ("Q", False, "quarter"), "year": ("Y", False, "year"),
    "decade": ("DE", False, "decade"), "century": ("CE", False, "century"),
}
APPROX_WORDS = {"about", "almost", "nearly", "some", "around", "roughly", "approximately", "over",
                "more than", "less than", "under", "at least", "up to", "close to"}

# --------------------------------------------------------------------------
# Regular-expression fragments (month and weekday names must be capitalised:
# lower-case "may", "march", "sun" are words)
# --------------------------------------------------------------------------

MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?"
       r"|Sep(?:tember|t)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?")
# A month on its own must be spelt out: "Jan", "Dec" alone are more often names.
MON_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Sept\.)(?![A-Za-z])")
WDAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
        r"|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?![A-Za-z])\.?")
WDAY_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?(?![A-Za-z])"
_ORD_WORD = "|".join(sorted([*ORDINALS, *(f"{t}[- ]?{o}" for t in ("twenty", "thirty") for o in
                                          ("first", "second", "third", "fourth", "fifth", "sixth",
                                           "seventh", "eighth", "ninth"))], key=len, reverse=True))
DAYNUM = r"(?:3[01]|[12][0-9]|0?[1-9])"
DAY = rf"(?:(?<![0-9.,:/]){DAYNUM}(?:\s?(?:st|nd|rd|th))?(?![A-Za-z0-9:/])|(?i:{_ORD_WORD})(?![A-Za-z]))"
YEAR = r"(?:(?<![0-9.,$/])(?<![0-9]-)(?:1[6-9][0-9][0-9]|20[0-9][0-9])(?![0-9]))"
_NUM_WORD = "|".join(sorted([*UNITS, *TENS, "a few", "few", "several", "a couple of", "couple of",
                             "half a", "a half", "many", "dozen", "hundred"], key=len, reverse=True))
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUM = rf"(?:[0-9]+(?:\.[0-9]+)?|(?:{'|'.join(TENS)})(?:[- ](?:{_ONES}))?|(?:{_NUM_WORD}))"
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
APPROX = r"(?:about|almost|nearly|some|around|roughly|approximately|over|more than|less than|under|at least|up to|close to)"
MOD = r"(?:early|mid|late|the (?:end|beginning|start|middle) of|end of|beginning of|start of)"
DASH = r"\s*(?:–|—|-|to|and|through|until|till)\s*"

# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


@dataclass
class Norm:
    """A normalised value before it is placed in a document."""

    value: str | None
    type: str = "DATE"
    precision: str | None = None
    begin: date | None = None
    end: date | None = None
    approximate: bool = False
    ambiguous: bool = False
    anchor: str | None = None
    explicit_year: bool = False
    pending: str | None = None  # "event:<noun phrase>|<n><unit>|after" when an event anchors it


@dataclass
class Context:
    """What a rule may use to place an expression: the anchor date, the
    tense around it, a year given by context, earlier mentions."""

    anchor: date | None = None
    anchor_label: str = "publication"
    tense: str | None = None  # past | present | future | None
    year: int | None = None  # a year the context gives (table header, heading)
    year_label: str | None = None
    known: dict[tuple[int, int | None], int] = field(default_factory=dict)  # (month, day) -> year
    day_first: bool | None = None  # numeric dates; None = unknown
    reference: date | None = None  # the last date mentioned before (for "two days later")
    clause: str = ""  # the sentence around the expression
    quarter: str | None = None  # a quarter ("1989-Q3") mentioned shortly before


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (negative = back)."""
    if unit == "day":
        return d + timedelta(days=round(n))
    if unit in ("week", "fortnight"):
        return d + timedelta(days=round(n * (14 if unit == "fortnight" else 7)))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
    if months:
        return add_months(d, round(n * months))
    return d


def parse_number(text: str) -> float | None:
    """'twenty four' -> 24, '30' -> 30, 'a' -> 1, 'few' -> None (vague)."""
    t = text.lower().replace("-", " ").strip()
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", t):
        return float(t)
    if t in ("half a", "a half"):
        return 0.5
    if t == "dozen":
        return 12
    if t == "hundred":
        return 100
    total = 0
    for word in t.split():
        if word in TENS:
            total += TENS[word]
        elif word in UNITS:
            total += UNITS[word]
        else:
            return None
    return float(total) if total else None


def parse_day(text: str) -> int | None:
    t = re.sub(r"(?<=[0-9])\s?(st|nd|rd|th)$", "", text.strip().lower())
    if t.isdigit():
        return int(t)
    t = t.replace("-", " ")
    if t in ORDINALS:
        return ORDINALS[t]
    parts = t.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return None


def month_of(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def unit_of(text: str) -> str:
    t = text.lower()
    t = "century" if t.startswith("centur") else t.rstrip("s")
    return t


def duration_value(n: float | None, unit: str) -> str:
    """ISO 8601 duration of ``n`` units; 'X' when the number is vague."""
    code, is_time, _ = TIME_UNITS[unit]
    if unit == "fortnight":
        n = None if n is None else n * 2
    if code == "DE":
        code, n = "Y", None if n is None else n * 10
    elif code == "CE":
        code, n = "Y", None if n is None else n * 100
    num = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    return f"PT{num}{code}" if is_time else f"P{num}{code}"


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def value_interval(value: str) -> tuple[date, date] | None:
    """The days an ISO date/month/year value covers, or an a/b interval."""
    if "/" in value:
        a, b = value.split("/", 1)
        ia, ib = value_interval(a), value_interval(b)
        return (ia[0], ib[1]) if ia and ib else None
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T.*)?", value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return date(y, mo, 1), month_end(y, mo)
    return date(y, 1, 1), date(y, 12, 31)


# --------------------------------------------------------------------------
# Choosing a missing year
# --------------------------------------------------------------------------


def _pick(cands: list[tuple[int, date, date]], anchor: date, tense: str | None) -> int:
    """Among (year, first day, last day) candidates choose by tense: past or
    unknown -> the latest not after the anchor, future -> the earliest not
    before it, present -> the nearest."""
    if tense == "future":
        after = [c for c in cands if c[2] >= anchor]
        if after:
            return min(after, key=lambda c: c[1])[0]
    if tense == "present":
        return min(cands, key=lambda c: 0 if c[1] <= anchor <= c[2] else
                   min(abs((c[1] - anchor).days), abs((c[2] - anchor).days)))[0]
    before = [c for c in cands if c[1] <= anchor]
    if before:
        best = max(before, key=lambda c: c[1])
        after = [c for c in cands if c[1] > anchor]
        if after:
            # A later reading that starts within two weeks wins even in a past
            # clause ("the offer was extended to Nov. 10" in a text of Nov. 2);
            # with no tense, any later reading much nearer than the past one.
            nxt = min(after, key=lambda c: c[1])
            ahead, behind = (nxt[1] - anchor).days, (anchor - best[2]).days
            if (ahead <= 14 and behind > 180) or (tense is None and 2 * ahead < behind):
                return nxt[0]
        return best[0]
    return min(cands, key=lambda c: c[1])[0]


def choose_year(ctx: Context, month: int, day: int | None = None,
                weekday: int | None = None) -> tuple[int | None, str | None, bool]:
    """(year, how it was chosen, weekday mismatch) for a date without a year."""
    if (month, day) in ctx.known:
        y = ctx.known[(month, day)]
        return y, "context:mention", _wd_bad(y, month, day, weekday)
    if ctx.year is not None:
        return ctx.year, ctx.year_label or f"context:{ctx.year}", _wd_bad(ctx.year, month, day, weekday)
    if ctx.anchor is None:
        return None, None, False
    a = ctx.anchor
    years = range(a.year - 6, a.year + 7) if weekday is not None else range(a.year - 1, a.year + 2)
    cands = []
    for y in years:
        if day is not None:
            try:
                d = date(y, month, day)
            except ValueError:
                continue
            if weekday is not None and d.weekday() != weekday:
                continue
            cands.append((y, d, d))
        else:
            cands.append((y, date(y, month, 1), month_end(y, month)))
    if not cands:
        return _pick([(y, date(y, month, 1), month_end(y, month)) for y in range(a.year - 1, a.year + 2)],
                     a, ctx.tense), ctx.anchor_label, weekday is not None
    return _pick(cands, a, ctx.tense), ctx.anchor_label, False


def _wd_bad(y: int, month: int, day: int | None, weekday: int | None) -> bool:
    if weekday is None or day is None:
        return False
    try:
        return date(y, month, day).weekday() != weekday
    except ValueError:
        return True


# --------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------


def day_norm(ctx: Context, month: int, day: int, year: int | None, weekday: int | None = None) -> Norm | None:
    explicit = year is not None
    label = None
    bad = False
    if year is None:
        year, label, bad = choose_year(ctx, month, day, weekday)
    if year is None:
        if not 1 <= day <= 31:
            return None
        return Norm(f"XXXX-{month:02d}-{day:02d}", precision="day")
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if explicit and weekday is not None and d.weekday() != weekday:
        bad = True
    return Norm(d.isoformat(), precision="day", begin=d, end=d, anchor=label, explicit_year=explicit,
                ambiguous=bad)


def month_norm(ctx: Context, month: int, year: int | None, mod: str | None = None) -> Norm:
    explicit = year is not None
    label = None
    if year is None:
        year, label, _ = choose_year(ctx, month)
    if year is None:
        return Norm(f"XXXX-{month:02d}", precision="month")
    first, last = date(year, month, 1), month_end(year, month)
    begin, end = _modified(first, last, mod, "month")
    return Norm(f"{year}-{month:02d}", precision="month", begin=begin, end=end, anchor=label,
                explicit_year=explicit)


def _modified(first: date, last: date, mod: str | None, unit: str) -> tuple[date, date]:
    """Part of a month or year an 'early/mid/late/the end of' modifier picks."""
    if not mod:
        return first, last
    mod = mod.lower()
    part = "early" if re.search(r"early|beginning|start", mod) else "late" if re.search(r"late|end", mod) else "mid"
    if unit == "month":
        cuts = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part]
        return first.replace(day=cuts[0]), first.replace(day=cuts[1])
    cuts = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return date(first.year, cuts[0], 1), month_end(first.year, cuts[1])


def year_norm(year: int, mod: str | None = None) -> Norm:
    begin, end = _modified(date(year, 1, 1), date(year, 12, 31), mod, "year")
    return Norm(str(year), precision="year", begin=begin, end=end, explicit_year=True)


def ref_norm(kind: str, ctx: Context, back: tuple[float, str] | None = None,
             fwd: tuple[float, str] | None = None) -> Norm:
    """PAST_REF / PRESENT_REF / FUTURE_REF with a conventional window."""
    a = ctx.anchor
    if a is None:
        return Norm(kind, precision=None, approximate=kind != "PRESENT_REF")
    begin = shift(a, -back[0], back[1]) if back else a
    end = shift(a, fwd[0], fwd[1]) if fwd else a
    return Norm(kind, precision="day", begin=begin, end=end, anchor=ctx.anchor_label,
                approximate=kind != "PRESENT_REF")


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------

Handler = Callable[[re.Match, Context], "Norm | None"]


@dataclass
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler


RULES: list[Rule] = []


def rule(name: str, pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES.append(Rule(name, re.compile(pattern, flags), fn))
        return fn
    return register


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


@rule("timestamp", rf"(?P<h>[0-9]{{1,2}}):(?P<mi>[0-9]{{2}})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*[·,]\s*"
      rf"(?P<mon>{MON})\s+(?P<d>{DAYNUM})(?:,\s*(?P<y>{YEAR}))?")
def _timestamp(m: re.Match, ctx: Context) -> Norm | None:
    base = day_norm(ctx, month_of(m["mon"]), int(m["d"]), int(m["y"]) if m["y"] else None)
    hour = _hour(int(m["h"]), m["ampm"])
    if base is None or hour is None or int(m["mi"]) > 59:
        return None
    return replace(base, value=f"{base.value}T{hour:02d}:{m['mi']}", type="TIME", precision="minute")


def _hour(h: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= h <= 12:
            return None
        pm = ampm.lower().startswith("p")
        return (h % 12) + (12 if pm else 0)
    return h if 0 <= h <= 23 else None


@rule("clock", r"(?<![0-9:.])(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2}))?\s*(?P<ampm>[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)"
      r"|(?<![A-Za-z])(?P<word>noon|midnight)(?![A-Za-z])")
def _clock(m: re.Match, ctx: Context) -> Norm | None:
    if m["word"]:
        hour, minute = (12, 0) if m["word"] == "noon" else (0, 0)
    else:
        hour, minute = _hour(int(m["h"]), m["ampm"]), int(m["mi"] or 0)
        if hour is None or minute > 59:
            return None
    day = ctx.reference or ctx.anchor
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return Norm(f"{prefix}T{hour:02d}:{minute:02d}", type="TIME", precision="minute", begin=day, end=day,
                anchor=ctx.anchor_label if day else None)


@rule("day_range_dm", rf"(?P<d1>{DAY}){DASH}(?P<d2>{DAY})(?:\s+of)?\s+(?P<mon>{MON})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?")
def _day_range_dm(m: re.Match, ctx: Context) -> Norm | None:
    return _day_range(ctx, month_of(m["mon"]), parse_day(m["d1"]), parse_day(m["d2"]), m["y"])


@rule("day_range_md", rf"(?P<mon>{MON})\s+(?P<d1>{DAY}){DASH}(?P<d2>{DAY})(?:,?\s+(?P<y>{YEAR}))?")
def _day_range_md(m: re.Match, ctx: Context) -> Norm | None:
    return _day_range(ctx, month_of(m["mon"]), parse_day(m["d1"]), parse_day(m["d2"]), m["y"])


def _day_range(ctx: Context, month: int, d1: int | None, d2: int | None, y: str | None) -> Norm | None:
    if d1 is None or d2 is None or d2 <= d1:
        return None
    first = day_norm(ctx, month, d1, int(y) if y else None)
    last = day_norm(ctx, month, d2, int(y) if y else None)
    if first is None or last is None:
        return None
    if first.begin is None or last.end is None:
        return Norm(f"{first.value}/{last.value}", precision="day")
    return Norm(f"{first.value}/{last.value}", precision="day", begin=first.begin, end=last.end,
                anchor=first.anchor, explicit_year=bool(y))


@rule("date_dm", rf"(?:(?P<wd>{WDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MON})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?")
def _date_dm(m: re.Match, ctx: Context) -> Norm | None:
    return _date(ctx, m)


@rule("date_md", rf"(?:(?P<wd>{WDAY}),?\s+)?(?P<mon>{MON})\s+(?:the\s+)?(?P<d>{DAY})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?")
def _date_md(m: re.Match, ctx: Context) -> Norm | None:
    return _date(ctx, m)


def _date(ctx: Context, m: re.Match) -> Norm | None:
    day = parse_day(m["d"])
    if day is None:
        return None
    wd = WEEKDAYS[m["wd"].lower().rstrip(".")] if m["wd"] else None
    return day_norm(ctx, month_of(m["mon"]), day, int(m["y"]) if m["y"] else None, wd)


@rule("numeric_iso", r"(?<![0-9])(?P<y>[12][0-9]{3})-(?P<mo>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])")
def _numeric_iso(m: re.Match, ctx: Context) -> Norm | None:
    try:
        d = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    return Norm(d.isoformat(), precision="day", begin=d, end=d, explicit_year=True)


@rule("numeric", r"(?<![0-9./])(?P<a>[0-9]{1,2})(?P<sep>[/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})(?![0-9]|[./][0-9])")
def _numeric(m: re.Match, ctx: Context) -> Norm | None:
    a, b = int(m["a"]), int(m["b"])
    y = int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    readings = []
    for mo, d in ((a, b), (b, a)):  # month-first, then day-first
        try:
            readings.append(date(y, mo, d))
        except ValueError:
            readings.append(None)
    md, dm = readings
    if md and dm and md != dm:
        if ctx.day_first is None:
            # Unknown locale: month-first unless impossible (checked above), flagged ambiguous.
            return Norm(md.isoformat(), precision="day", begin=md, end=md, ambiguous=True, explicit_year=True)
        chosen = dm if ctx.day_first else md
    else:
        chosen = md or dm
    if chosen is None:
        return None
    return Norm(chosen.isoformat(), precision="day", begin=chosen, end=chosen, explicit_year=True)


@rule("month_year", rf"(?:(?P<mod>{MOD})[\s-]*)?(?P<mon>{MON}),?\s+(?:of\s+)?(?P<y>{YEAR})")
def _month_year(m: re.Match, ctx: Context) -> Norm | None:
    return month_norm(ctx, month_of(m["mon"]), int(m["y"]), m["mod"])


@rule("month_rel_year", rf"(?P<mon>{MON})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![A-Za-z])")
def _month_rel_year(m: re.Match, ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return Norm(f"XXXX-{month_of(m['mon']):02d}", precision="month")
    year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
    return month_norm(ctx, month_of(m["mon"]), year)


@rule("month", rf"(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<rel>this|last|next|(?i:early)|(?i:late)|(?i:mid))[\s-]+)?(?P<mon>{MON_FULL})")
def _month(m: re.Match, ctx: Context) -> Norm | None:
    month = month_of(m["mon"])
    rel = (m["rel"] or "").lower()
    mod = m["mod"] or (rel if rel in ("early", "late", "mid") else None)
    if rel in ("last", "next", "this") and ctx.anchor:
        tense = {"last": "past", "next": "future", "this": "present"}[rel]
        return month_norm(replace(ctx, tense=tense, known={}, year=None), month, None, mod)
    return month_norm(ctx, month, None, mod)


@rule("season", rf"(?:(?P<rel>this|last|next|(?i:early)|(?i:late)|the)\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"(?:\s+(?:of\s+)?(?P<y>{YEAR}))?(?![A-Za-z])", re.IGNORECASE)
def _season(m: re.Match, ctx: Context) -> Norm | None:
    rel = (m["rel"] or "").lower()
    if not m["y"] and rel in ("", "the"):
        return None  # a bare season word is too often not a time ("fall", "spring")
    code = SEASONS[m["s"].lower()]
    year = int(m["y"]) if m["y"] else (ctx.anchor.year if ctx.anchor else None)
    if year and rel == "last":
        year -= 1
    elif year and rel == "next":
        year += 1
    return Norm(f"{year if year else 'XXXX'}-{code}", precision="season", explicit_year=bool(m["y"]))


@rule("quarter", rf"(?:the\s+)?(?:(?P<ago>year-(?:ago|earlier))\s+)?(?P<o>first|second|third|fourth|1st|2nd|3rd|4th|latest|last|past|fiscal|current|this)"
      rf"(?:[\s-]+fiscal)?[\s-]+(?P<u>quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{YEAR}))?(?![A-Za-z])", re.IGNORECASE)
def _quarter(m: re.Match, ctx: Context) -> Norm | None:
    o = m["o"].lower()
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(o)
    unit = "Q" if m["u"].lower() == "quarter" else "H"
    a = ctx.anchor
    if n is None:  # latest / last / current quarter: the anchor's, or the one before
        if a is None or unit == "H" or o == "fiscal":
            return None
        if o in ("latest", "last", "past"):
            y, q = _latest_quarter(a)
        else:
            y, q = a.year, (a.month - 1) // 3 + 1
        return Norm(f"{y}-Q{q}", precision="quarter", anchor=ctx.anchor_label)
    if unit == "H" and n > 2:
        return None
    if m["y"]:
        y = int(m["y"])
    elif a is not None:
        y = a.year
        current = (a.month - 1) // (3 if unit == "Q" else 6) + 1
        if n > current and ctx.tense != "future":
            y -= 1
    else:
        return Norm(f"XXXX-{unit}{n}", precision="quarter")
    if m["ago"]:
        y -= 1
    return Norm(f"{y}-{unit}{n}", precision="quarter", explicit_year=bool(m["y"]))


def _latest_quarter(a: date) -> tuple[int, int]:
    """The last quarter completed before ``a``."""
    q = (a.month - 1) // 3 + 1
    return (a.year, q - 1) if q > 1 else (a.year - 1, 4)


@rule("the_quarter", r"(?<![A-Za-z])(?:the|this)\s+(?:(?P<yr>year-(?:earlier|ago))\s+)?quarter(?![A-Za-z-])", re.IGNORECASE)
def _the_quarter(m: re.Match, ctx: Context) -> Norm | None:
    """"the quarter" in a report: the quarter being reported (the last one
    completed when the clause is past, else the current one)."""
    a = ctx.anchor
    if a is None:
        return Norm("XXXX-QX", precision="quarter")
    y, q = _latest_quarter(a) if ctx.tense != "future" else (a.year, (a.month - 1) // 3 + 1)
    if m["yr"]:
        y -= 1
    return Norm(f"{y}-Q{q}", precision="quarter", anchor=ctx.anchor_label)


@rule("decade", r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<dec>1[5-9][0-9]0|20[0-9]0)'?s(?![A-Za-z0-9])", re.IGNORECASE)
def _decade(m: re.Match, ctx: Context) -> Norm | None:
    y = int(m["dec"])
    return Norm(str(y // 10), precision="decade", begin=date(y, 1, 1), end=date(y + 9, 12, 31), explicit_year=True)


@rule("year", rf"(?:(?P<mod>{MOD}|(?i:early|mid|late))[\s-]*)?(?:(?P<fy>fiscal)\s+)?(?P<y>{YEAR})"
      r"(?![-–/.,][0-9]|\s*(?:%|percent|per cent)|[A-Za-z])")
def _year(m: re.Match, ctx: Context) -> Norm | None:
    return year_norm(int(m["y"]), m["mod"])


@rule("deictic", r"(?<![A-Za-z])(?:(?:early|late|earlier|later)\s+)?(?P<w>today|tonight|tomorrow|yesterday|the day before yesterday|the day after tomorrow)"
      r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?![A-Za-z])", re.IGNORECASE)
def _deictic(m: re.Match, ctx: Context) -> Norm | None:
    w = m["w"].lower()
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "the day before yesterday": -2,
              "the day after tomorrow": 2}[w]
    part = PARTS_OF_DAY.get((m["part"] or "").lower()) or ("NI" if w == "tonight" else None)
    return _day_offset(ctx, offset, part)


def _day_offset(ctx: Context, offset: int, part: str | None) -> Norm:
    a = ctx.anchor
    if a is None:
        return Norm("XXXX-XX-XX" + (f"T{part}" if part else ""), type="TIME" if part else "DATE", precision="day")
    d = a + timedelta(days=offset)
    value = d.isoformat() + (f"T{part}" if part else "")
    return Norm(value, type="TIME" if part else "DATE", precision="day", begin=d, end=d, anchor=ctx.anchor_label)


@rule("part_of_day", r"(?<![A-Za-z])(?:this|(?i:this))\s+(?P<part>morning|afternoon|evening)(?![A-Za-z])")
def _part_of_day(m: re.Match, ctx: Context) -> Norm | None:
    return _day_offset(ctx, 0, PARTS_OF_DAY[m["part"].lower()])


@rule("weekday", rf"(?:(?P<rel>last|next|this|early|late)\s+)?(?P<wd>{WDAY_FULL})"
      rf"(?:\s+(?P<part>morning|afternoon|evening|night))?")
def _weekday(m: re.Match, ctx: Context) -> Norm | None:
    if m["wd"].endswith("s") and m["wd"] not in WEEKDAYS:
        wd = WEEKDAYS[m["wd"][:-1].lower()]
        return Norm(f"XXXX-WXX-{wd + 1}", type="SET", precision="day")
    wd = WEEKDAYS[m["wd"].lower()]
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    a = ctx.anchor
    if a is None:
        return Norm(f"XXXX-WXX-{wd + 1}", precision="day")
    rel = (m["rel"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel, ctx.tense)
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    if tense == "future":
        offset = fwd or (7 if rel == "next" else 0)
    else:  # past, present (news present: "X says Monday") or unknown
        offset = -(back or (7 if rel == "last" else 0))
    norm = _day_offset(ctx, offset, part)
    return norm


@rule("weekend", r"(?<![A-Za-z])(?:the|this|last|next)\s+weekend(?![A-Za-z])", re.IGNORECASE)
def _weekend(m: re.Match, ctx: Context) -> Norm | None:
    """"the weekend": the one before the anchor in a past clause (or when the
    anchor is a weekday), else the coming one."""
    a = ctx.anchor
    if a is None:
        return Norm("XXXX-WXX-WE", precision="day")
    word = m.group(0).split()[0].lower()
    this_sat = a - timedelta(days=a.weekday()) + timedelta(days=5)  # Saturday of the anchor's week
    on_weekend = a.weekday() >= 5
    if word == "last":
        saturday = this_sat - timedelta(days=7)
    elif word == "next" or ctx.tense == "future":
        saturday = this_sat + timedelta(days=7) if on_weekend else this_sat
    else:  # "the/this weekend" in a past or unknown clause: the latest one
        saturday = this_sat if on_weekend else this_sat - timedelta(days=7)
    y, w, _ = saturday.isocalendar()
    return Norm(f"{y}-W{w:02d}-WE", precision="day", begin=saturday, end=saturday + timedelta(days=1),
                anchor=ctx.anchor_label)


@rule("rel_unit", r"(?<![A-Za-z])(?:(?P<ed>earlier|later|early|late|the end of)\s+)?(?P<rel>this|last|next|the\s+(?:past|previous|last|next|coming|current|following|same))"
      r"\s+(?P<u>week|month|year|decade|century)(?![A-Za-z-])", re.IGNORECASE)
def _rel_unit(m: re.Match, ctx: Context) -> Norm | None:
    rel = m["rel"].lower().split()[-1]
    unit = m["u"].lower()
    a = ctx.anchor
    step = {"this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1,
            "next": 1, "coming": 1, "following": 1}[rel]
    if m["rel"].lower().startswith("the") and rel in ("past", "last", "next", "coming") and unit != "weekend":
        # "the past year": a duration ending at the anchor (TimeML convention)
        norm = Norm(duration_value(1, unit), type="DURATION", precision=None)
        if a:
            norm.begin, norm.end = (shift(a, -1, unit), a) if step < 0 else (a, shift(a, 1, unit))
            norm.anchor = ctx.anchor_label
        return norm
    if a is None:
        return Norm({"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}.get(unit, "XXXX"))
    if unit in ("week", "weekend"):
        d = a + timedelta(days=7 * step)
        y, w, _ = d.isocalendar()
        monday = d - timedelta(days=d.weekday())
        if unit == "weekend":
            return Norm(f"{y}-W{w:02d}-WE", precision="day", begin=monday + timedelta(days=5),
                        end=monday + timedelta(days=6), anchor=ctx.anchor_label)
        return Norm(f"{y}-W{w:02d}", precision="week", begin=monday, end=monday + timedelta(days=6),
                    anchor=ctx.anchor_label)
    if unit == "month":
        d = add_months(a, step)
        return Norm(f"{d.year}-{d.month:02d}", precision="month", begin=d.replace(day=1),
                    end=month_end(d.year, d.month), anchor=ctx.anchor_label)
    if unit == "year":
        y = a.year + step
        return Norm(str(y), precision="year", begin=date(y, 1, 1), end=date(y, 12, 31), anchor=ctx.anchor_label)
    if unit == "decade":
        dec = a.year // 10 + step
        return Norm(str(dec), precision="decade", anchor=ctx.anchor_label)
    cen = a.year // 100 + step
    return Norm(str(cen), precision="century", anchor=ctx.anchor_label)


@rule("event_relative", rf"(?<![A-Za-z])(?:(?P<n>{NUM})[\s-]+(?P<u>{UNIT})s?|(?P<imm>(?i:immediately|shortly|right|just|soon)))"
      r"\s+(?P<dir>after|before)\s+the\s+"
      r"(?P<np>(?:[A-Za-z][\w-]*\s+){0,3}?(?:meeting|summit|talks|visit|statement|agreement|ceasefire|attack|"
      r"election|elections|conference|negotiations|war|incident|vote|referendum|offensive|signing|announcement))"
      r"(?![A-Za-z])", re.IGNORECASE)
def _event_relative(m: re.Match, ctx: Context) -> Norm | None:
    """Left pending: the times pass dates the event from an earlier mention.
    "immediately after the X" is taken as the event's own day."""
    if m["imm"]:
        n, unit = 0.0, "day"
    else:
        n = parse_number(m["n"])
        if n is None:
            return None
        unit = unit_of(m["u"])
    return Norm(None, precision="day", approximate=(m["imm"] or "").lower() in ("shortly", "soon"),
                pending=f"{m['np'].lower()}|{n}|{unit}|{m['dir'].lower()}")


@rule("ago", rf"(?<![A-Za-z])(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})[\s-]+(?P<u>{UNIT})s?\s+"
      r"(?P<dir>ago|earlier|later|from now|hence)(?![A-Za-z])", re.IGNORECASE)
def _ago(m: re.Match, ctx: Context) -> Norm | None:
    n = parse_number(m["n"])
    unit = unit_of(m["u"])
    direction = -1 if m["dir"].lower() in ("ago", "earlier", "before") else 1
    base = ctx.anchor if m["dir"].lower() in ("ago", "from now", "hence") else (ctx.reference or ctx.anchor)
    approx = bool(m["approx"]) or n is None
    if n is None or base is None:
        if direction < 0 and m["dir"].lower() == "ago":
            return ref_norm("PAST_REF", ctx, back=(7, "day"), fwd=(-2, "day")) if unit == "day" else \
                Norm("PAST_REF", approximate=True)
        return Norm("FUTURE_REF" if direction > 0 else "PAST_REF", approximate=True)
    if n == 1 and unit == "year" and ctx.anchor and (ctx.quarter or re.search(r"\bquarter\b", ctx.clause, re.IGNORECASE)):
        # "profit rose from a year ago" in a report on a quarter: the same quarter a year before
        if ctx.quarter and re.fullmatch(r"[0-9]{4}-Q[1-4]", ctx.quarter):
            y, q = int(ctx.quarter[:4]), int(ctx.quarter[-1])
        else:
            y, q = _latest_quarter(ctx.anchor)
        return Norm(f"{y - 1}-Q{q}", precision="quarter", anchor=ctx.anchor_label, approximate=approx)
    d = shift(base, direction * n, unit)
    precision = TIME_UNITS[unit][2]
    if precision in ("second", "minute", "hour"):
        precision = "day"
    if precision == "day":
        norm = Norm(d.isoformat(), precision="day", begin=d, end=d)
    elif precision in ("month", "quarter"):
        norm = Norm(f"{d.year}-{d.month:02d}", precision="month", begin=d.replace(day=1), end=month_end(d.year, d.month))
    else:
        norm = Norm(str(d.year), precision="year", begin=date(d.year, 1, 1), end=date(d.year, 12, 31))
    norm.approximate = approx
    norm.anchor = ctx.anchor_label if base == ctx.anchor else "reference"
    return norm


@rule("vague_span", r"(?<![A-Za-z])(?:(?:the|these|those)\s+)?(?P<rel>recent|past|last|coming|next|following|previous)\s+"
      r"(?:(?:few|several|couple of|many)\s+)?(?P<u>days|weeks|months|years|decades)(?![A-Za-z])", re.IGNORECASE)
def _vague_span(m: re.Match, ctx: Context) -> Norm | None:
    unit = m["u"].lower().rstrip("s")
    rel = m["rel"].lower()
    norm = Norm(duration_value(None, unit), type="DURATION", approximate=True)
    a = ctx.anchor
    if a is None:
        return norm
    if rel in ("coming", "next", "following"):
        span = {"day": 7, "week": 28}.get(unit)
        norm.begin = a + timedelta(days=1)
        norm.end = a + timedelta(days=span) if span else shift(a, 3, unit)
    else:
        if unit == "day":
            norm.begin = a - timedelta(days=13)
        elif unit == "week":
            norm.begin = a - timedelta(days=28)
        elif unit == "month":
            norm.begin = add_months(a.replace(day=1), -2)
        else:
            norm.begin = shift(a, -3, unit)
        norm.end = a
    norm.anchor = ctx.anchor_label
    return norm


@rule("few_ago", r"(?<![A-Za-z])(?:a\s+)?(?P<q>few|several|couple of|many|some)\s+(?P<u>days|weeks|months|years|decades)\s+ago(?![A-Za-z])", re.IGNORECASE)
def _few_ago(m: re.Match, ctx: Context) -> Norm | None:
    unit = m["u"].lower().rstrip("s")
    if unit == "day":
        return ref_norm("PAST_REF", ctx, back=(7, "day"), fwd=(-2, "day"))
    if unit == "week":
        return ref_norm("PAST_REF", ctx, back=(6, "week"), fwd=(-2, "week"))
    return ref_norm("PAST_REF", ctx, back=(6, unit), fwd=(-2, unit))


@rule("duration", rf"(?<![A-Za-z])(?:the\s+(?=[0-9a-z]+[\s-]+{UNIT}s(?![A-Za-z])))?(?:(?P<the>the\s+)?(?P<rel>past|last|next|first|coming|previous|following|final)\s+)?"
      rf"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})[\s-]+(?P<u>{UNIT})s?"
      rf"(?:\s+and\s+(?:(?P<half>a half)|(?P<n2>{NUM})[\s-]+(?P<u2>{UNIT})s?))?(?![A-Za-z])", re.IGNORECASE)
def _duration(m: re.Match, ctx: Context) -> Norm | None:
    n = parse_number(m["n"])
    unit = unit_of(m["u"])
    word = m["n"].lower()
    after = m.string[m.end():m.end() + 4].lower()
    if unit == "second" and word in ("a", "an") and not m["u2"]:
        return None  # "a second term"
    if unit == "quarter" and (after.startswith(" of") or re.search(r"-quarters", m.group(0), re.IGNORECASE)):
        return None  # fractions: "a quarter of the votes", "three-quarters"
    if m["half"] and n is not None:
        n += 0.5
    value = duration_value(n, unit)
    if m["n2"]:
        n2 = parse_number(m["n2"])
        u2 = unit_of(m["u2"])
        second = duration_value(n2, u2)
        value = _join_durations(value, second)
        if value is None:
            return None
    norm = Norm(value, type="DURATION", approximate=bool(m["approx"]) or n is None)
    rel = (m["rel"] or "").lower()
    a = ctx.anchor
    if a is not None and n is not None and rel in ("past", "last", "previous", "next", "coming", "following"):
        if rel in ("next", "coming", "following"):
            norm.begin, norm.end = a, shift(a, n, unit)
        else:
            norm.begin, norm.end = shift(a, -n, unit), a
        norm.anchor = ctx.anchor_label
    return norm


def _join_durations(a: str, b: str) -> str | None:
    """P1Y + P8M -> P1Y8M (both date parts, or both time parts)."""
    if a.startswith("PT") != b.startswith("PT"):
        return None
    head = "PT" if a.startswith("PT") else "P"
    return head + a[len(head):] + b[len(head):]


@rule("vague_duration", r"(?<![A-Za-z])(?:(?P<long>(?:a|such a|so)\s+long\s+time)|(?:(?:a|the)\s+)?(?:few|several|couple of|many)\s+"
      r"(?P<u>minutes|hours|days|weeks|months|years|decades))(?![A-Za-z])", re.IGNORECASE)
def _vague_duration(m: re.Match, ctx: Context) -> Norm | None:
    if m["long"]:
        # Unit unknown; taken as years, the usual reading in reports of conflicts.
        return Norm("PXY", type="DURATION", approximate=True)
    unit = m["u"].lower().rstrip("s")
    return Norm(duration_value(None, unit), type="DURATION", approximate=True)


@rule("set", r"(?<![A-Za-z])(?:(?:every|each|per|a)\s+(?:(?P<n>other|[0-9]+|two|three|four|five|six)\s+)?(?P<u>day|week|month|year|quarter|morning|night|evening|hour)s?"
      r"|(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly))(?![A-Za-z])", re.IGNORECASE)
def _set(m: re.Match, ctx: Context) -> Norm | None:
    if m["adv"]:
        adv = m["adv"].lower()
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "hourly": "PT1H", "nightly": "TNI"}[adv]
        return Norm(value, type="SET")
    if m.group(0).lower().startswith("a "):
        return None  # "a day", "a year" are durations, handled elsewhere
    unit = m["u"].lower()
    if unit in PARTS_OF_DAY:
        return Norm(f"T{PARTS_OF_DAY[unit]}", type="SET")
    n = 2 if (m["n"] or "").lower() == "other" else parse_number(m["n"]) if m["n"] else 1
    return Norm(duration_value(n, unit), type="SET")


@rule("refs", r"(?<![A-Za-z])(?P<w>as of now|right now|now|currently|at present|presently|nowadays|at the moment|"
      r"the present|these days|the past|the future|in future|recently|lately|soon|more recently|"
      r"in the near future|the near future)(?![A-Za-z])", re.IGNORECASE)
def _refs(m: re.Match, ctx: Context) -> Norm | None:
    w = m["w"].lower()
    if w == "in future":
        return None  # generic ("not to do X in future"): no reference time
    if w in ("the past",):
        return ref_norm("PAST_REF", ctx) if ctx.anchor is None else Norm("PAST_REF", approximate=True,
                                                                         end=ctx.anchor, anchor=ctx.anchor_label)
    if w in ("recently", "lately", "more recently"):
        return ref_norm("PAST_REF", ctx, back=(1, "month"))
    if w == "soon" and ctx.tense == "past":
        return None  # "the troops soon left": not a reference to the future
    if w in ("soon", "the future", "the near future", "in the near future"):
        norm = ref_norm("FUTURE_REF", ctx)
        norm.begin = ctx.anchor
        norm.end = None
        return norm
    return ref_norm("PRESENT_REF", ctx)


# --------------------------------------------------------------------------
# Finding matches in text
# --------------------------------------------------------------------------


@dataclass
class Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match


_ABBREV_END = re.compile(r"(?:[ap]\.m|[AP]\.M|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tues?|Wed|"
                         r"Thu|Thurs?|Fri|Sat|Sun))\.$")


def find_candidates(text: str) -> list[Candidate]:
    """Every rule's matches, overlaps resolved longest-first (then earliest)."""
    found: list[Candidate] = []
    for r in RULES:
        for m in r.pattern.finditer(text):
            start, end = m.span()
            # trim spaces the optional groups may leave at the edges
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1] in " \t\n.,":
                if text[end - 1] == "." and _ABBREV_END.search(text[start:end]):
                    break
                end -= 1
            if end > start:
                found.append(Candidate(start, end, r, m))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[Candidate] = []
    for cand in found:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def normalise_candidate(cand: Candidate, ctx: Context) -> Norm | None:
    return cand.rule.handler(cand.match, ctx)
