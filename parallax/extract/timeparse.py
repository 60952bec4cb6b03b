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
<season> (with or without a year)         Mar-May / Jun-Aug / Sep-Nov / Dec-Feb (approximate)
recent days, the last days, past days     A-13d .. A   (value PXD)
the last / past few (couple of) units     A-3 (2) units .. A
the days / weeks ahead                    as "the coming days / weeks"
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
N nights later / ago                      R+N .. R+N+1 (R = the last date given)
that day, the next morning, that year     R, R+1 (morning), R's year (a part of a day moves R too)
later in the day / earlier in the week    R's day / week / month / year
the following / previous Monday           the first such weekday after / before R
the 6th (after a date or month)           that day of the month last mentioned
the night (after "the night of X to Y")   X .. Y while R has not passed Y; else R .. R+1
Q3, H1 2023, FY2024                       as "the third quarter", "the first half", the year
the following / previous month, year      R's month / year +- 1
named day (Christmas, Easter, Ramadan)    its date(s) in the year the tense picks
                                          (``time_holidays.yaml``; lunar ones approximate)
========================================  =====================================

A bare weekday lies before the anchor unless the clause is future (will,
modals, "plans to"), a present-tense verb that schedules rather than reports
("talks resume Monday", not in a headline), or a cue points ahead
("postponed until", "as early as"; a bare "until" only outside a past clause).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .holidays import lookup as _holiday_lookup
from .holidays import names_pattern as _holiday_names

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
DAY = rf"(?:(?<![0-9.,:/]){DAYNUM}(?:\s?(?:st|nd|rd|th))?(?![A-Za-z0-9/]|:[0-9])|(?i:{_ORD_WORD})(?![A-Za-z]))"
YEAR = r"(?:(?<![0-9.,$/])(?<![0-9]-)(?:1[6-9][0-9][0-9]|20[0-9][0-9])(?![0-9]))"
_NUM_WORD = "|".join(sorted([*UNITS, *TENS, "a few", "few", "several", "a couple of", "couple of",
                             "half a", "a half", "many", "dozen", "hundred"], key=len, reverse=True))
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUM = rf"(?:[0-9]+(?:\s+1/2|½)|[0-9]+(?:\.[0-9]+)?|(?:{'|'.join(TENS)})(?:[- ](?:{_ONES}))?|(?:{_NUM_WORD}))"
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
APPROX = r"(?:about|almost|nearly|some|around|roughly|approximately|over|more than|less than|under|at least|up to|close to)"
MOD = r"(?:early|mid|late|the (?:end|beginning|start|middle) of|end of|beginning of|start of)"
DASH = r"\s*(?:–|—|-|to|and|through|until|till)\s*"

_MON_TRIGGER = r"(?-i:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"  # case-sensitive, as MON

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
    reference_year: int | None = None  # the year of the last date or year mentioned
    reference_month: date | None = None  # a day of the last date or month mentioned
    forward: str | None = None  # "strong" | "weak": a cue that points ahead: "until", "payable", "as early as", "extended to"
    scheduled: bool = False  # a present-tense, non-reporting verb in running text ("talks resume Monday")
    night: date | None = None  # the first day of the last night interval given ("the night of 3 to 4 March")
    narrative: date | None = None  # the last full date that dates a clause ("On 6 May 1998 troops ...")
    anniversary: bool = False  # the narrative date is an anniversary's ("ten years ago today")


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
    frac = re.fullmatch(r"([0-9]+)\s*(?:1/2|½)", t)
    if frac:
        return int(frac[1]) + 0.5
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
    if n is not None and not float(n).is_integer() and unit in _SMALLER:
        # "2 1/2 years" -> P2Y6M, "a minute and a half" -> PT1M30S
        lower, factor = _SMALLER[unit]
        whole, rest = int(n), (n - int(n)) * factor
        if float(rest).is_integer():
            tail = duration_value(rest, lower)
            if not whole:
                return tail
            head = duration_value(whole, unit)
            if head.startswith("PT") == tail.startswith("PT"):
                return head + tail[2 if tail.startswith("PT") else 1:]
            return head + tail[1:]  # P1D + PT12H -> P1DT12H
    num = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    return f"PT{num}{code}" if is_time else f"P{num}{code}"


_SMALLER = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
            "hour": ("minute", 60), "minute": ("second", 60)}


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
            near = 14 if nxt[1] == nxt[2] else 31  # a day, or a month
            if (ahead <= near and behind > 180) or (tense is None and 2 * ahead < behind):
                return nxt[0]
        return best[0]
    return min(cands, key=lambda c: c[1])[0]


def choose_year(ctx: Context, month: int, day: int | None = None,
                weekday: int | None = None) -> tuple[int | None, str | None, bool]:
    """(year, how it was chosen, weekday mismatch) for a date without a year."""
    narrative = _narrative_year(ctx, month, day)
    if (month, day) in ctx.known and not (narrative is not None and ctx.known[(month, day)] == ctx.anchor.year):
        # an earlier mention with its year; but not the dateline's own day in a retrospective
        y = ctx.known[(month, day)]
        return y, "context:mention", _wd_bad(y, month, day, weekday)
    if ctx.year is not None:
        return ctx.year, ctx.year_label or f"context:{ctx.year}", _wd_bad(ctx.year, month, day, weekday)
    if ctx.anchor is None:
        return None, None, False
    if narrative is not None and not _wd_bad(narrative, month, day, weekday):
        # (a weekday that does not fit the story's year names a day of the present: "Friday, 10 July")
        return narrative, f"context:{ctx.narrative.isoformat()}", False
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
    return _pick(cands, a, _year_tense(ctx)), ctx.anchor_label, False


def _narrative_year(ctx: Context, month: int, day: int | None) -> int | None:
    """A retrospective text (a 2021 briefing on 2011) tells its story after
    a full date of an earlier year: a later day or month without a year
    follows that date ("On 4 February 2011 ... On 22 April, ..."), not the
    publication year. Only past or unknown tense, and only when the last
    full date mentioned lies in an earlier year than the publication."""
    ref, a = ctx.narrative, ctx.anchor
    if ref is None or a is None or ref.year >= a.year or ctx.tense in ("future", "present"):
        return None
    # an anniversary's story may go back, in a past clause, to the start of its year ("we went up
    # in the winter and held the posts through May and June" after "ten years ago tonight");
    # otherwise a month back
    earliest = date(ref.year, 1, 1) if ctx.tense == "past" and ctx.anniversary else ref - timedelta(days=31)
    for y in (ref.year, ref.year + 1):
        try:
            d = date(y, month, day or 1)
        except ValueError:
            continue
        if earliest <= d <= a and (y == ref.year or d <= ref + timedelta(days=183)):
            return y  # later in that year, or just into the next (else the text is back in the present)
    return None


def _year_tense(ctx: Context) -> str | None:
    """A forward cue ("payable Dec. 1", "extended to Nov. 16") in a past
    clause lets the nearest reading win, as with no tense."""
    return None if ctx.forward and ctx.tense in ("past", "present") else ctx.tense


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
    trigger: re.Pattern[str] | None = None  # a cheap test: no match of it, no need to scan with the pattern


RULES: list[Rule] = []


def rule(name: str, pattern: str, flags: int = 0, trigger: str | None = None) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES.append(Rule(name, re.compile(pattern, flags), fn, re.compile(trigger, re.IGNORECASE) if trigger else None))
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
      r"|(?<![A-Za-z])(?P<word>noon|midnight|midday)(?![A-Za-z])"
      r"|(?<![A-Za-z0-9:.])(?P<h2>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
      r"(?:\s+o['’]clock)?\s+(?P<part>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)(?![A-Za-z])")
def _clock(m: re.Match, ctx: Context) -> Norm | None:
    if m["word"]:
        hour, minute = (0, 0) if m["word"] == "midnight" else (12, 0)
    elif m["h2"]:
        if not re.search(r"\b(?:at|by|until|till|from|around|about|before|after|since|to|and)\s+$",
                         m.string[max(0, m.start() - 8):m.start()], re.IGNORECASE):
            return None  # "killed five at night" is a count
        h = int(m["h2"]) if m["h2"].isdigit() else UNITS[m["h2"]]
        hour, minute = _hour(h, "am" if m["part"].endswith("morning") else "pm"), 0
        if hour is None:
            return None
    else:
        hour, minute = _hour(int(m["h"]), m["ampm"]), int(m["mi"] or 0)
        if hour is None or minute > 59:
            return None
    day = ctx.reference or ctx.anchor
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return Norm(f"{prefix}T{hour:02d}:{minute:02d}", type="TIME", precision="minute", begin=day, end=day,
                anchor=ctx.anchor_label if day else None)


_CLOCK_CUE = "|".join(f"(?<=\\b{w} )" for w in ("at", "by", "until", "till", "from", "before", "after", "since", "to",
                                                              "between", "and"))


@rule("clock24", rf"(?:(?P<approx>(?:shortly|just|immediately|soon)\s+(?:before|after)|approximately|about|around|"
      rf"at\s+about|at\s+around|roughly|circa)\s+|{_CLOCK_CUE})(?<![0-9:.,/])(?P<h>[01]?[0-9]|2[0-3])(?:[:h])(?P<mi>[0-5][0-9])"
      r"(?:\s*(?:hrs|hours|h)\b)?(?![0-9:/]|[.,][0-9]|\s*(?:[ap]\.?m\b|[AP]\.?M\b|%))", re.IGNORECASE,
      trigger=r"[0-9][:h][0-5][0-9]")
def _clock24(m: re.Match, ctx: Context) -> Norm | None:
    """A 24-hour clock time after a cue ("at 21:30", "shortly before 06:15"):
    on the last date the text gave, else the anchor."""
    day = ctx.reference or ctx.anchor
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return Norm(f"{prefix}T{int(m['h']):02d}:{m['mi']}", type="TIME", precision="minute", begin=day, end=day,
                approximate=bool(m["approx"]), anchor=("reference" if ctx.reference else ctx.anchor_label) if day else None)


@rule("nights_later", rf"(?<![A-Za-z])(?P<n>{NUM})\s+nights?\s+(?P<dir>later|earlier|ago|before|after)(?![A-Za-z])", re.IGNORECASE,
      trigger=r"nights?\s+(?:later|earlier|ago|before|after)")
def _nights_later(m: re.Match, ctx: Context) -> Norm | None:
    """"two nights later": the night from that day to the next, as an interval."""
    n = parse_number(m["n"])
    direction = m["dir"].lower()
    base = ctx.anchor if direction == "ago" else (ctx.reference or ctx.anchor)
    if n is None or base is None:
        return None
    d = base + timedelta(days=round(n) * (-1 if direction in ("ago", "earlier", "before") else 1))
    nxt = d + timedelta(days=1)
    return Norm(f"{d.isoformat()}/{nxt.isoformat()}", precision="day", begin=d, end=nxt,
                anchor="reference" if base is not ctx.anchor else ctx.anchor_label)


@rule("day_range_dm", rf"(?P<d1>{DAY}){DASH}(?P<d2>{DAY})(?:\s+of)?\s+(?P<mon>{MON})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?", trigger=_MON_TRIGGER)
def _day_range_dm(m: re.Match, ctx: Context) -> Norm | None:
    return _day_range(ctx, month_of(m["mon"]), parse_day(m["d1"]), parse_day(m["d2"]), m["y"])


@rule("day_range_md", rf"(?P<mon>{MON})\s+(?P<d1>{DAY}){DASH}(?P<d2>{DAY})(?:,?\s+(?P<y>{YEAR}))?", trigger=_MON_TRIGGER)
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


@rule("date_dm", rf"(?:(?P<wd>{WDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MON})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?", trigger=_MON_TRIGGER)
def _date_dm(m: re.Match, ctx: Context) -> Norm | None:
    return _date(ctx, m)


@rule("date_md", rf"(?:(?P<wd>{WDAY}),?\s+)?(?P<mon>{MON})\s+(?:the\s+)?(?P<d>{DAY})(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?", trigger=_MON_TRIGGER)
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


@rule("month_year", rf"(?:(?P<mod>{MOD})[\s-]*)?(?P<mon>{MON}),?\s+(?:of\s+)?(?P<y>{YEAR})", trigger=_MON_TRIGGER)
def _month_year(m: re.Match, ctx: Context) -> Norm | None:
    return month_norm(ctx, month_of(m["mon"]), int(m["y"]), m["mod"])


@rule("month_rel_year", rf"(?P<mon>{MON})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![A-Za-z])", trigger=_MON_TRIGGER)
def _month_rel_year(m: re.Match, ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return Norm(f"XXXX-{month_of(m['mon']):02d}", precision="month")
    year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
    return month_norm(ctx, month_of(m["mon"]), year)


@rule("month", rf"(?:(?P<mod>{MOD})[\s-]*)?(?:(?P<rel>(?i:this|last|next|early|late|mid))[\s-]+)?(?P<mon>{MON_FULL})")
def _month(m: re.Match, ctx: Context) -> Norm | None:
    month = month_of(m["mon"])
    rel = (m["rel"] or "").lower()
    mod = m["mod"] or (rel if rel in ("early", "late", "mid") else None)
    if rel == "this" and ctx.anchor:
        return month_norm(replace(ctx, year=ctx.anchor.year, year_label=ctx.anchor_label, known={}), month, None, mod)
    if rel in ("last", "next") and ctx.anchor:
        a = ctx.anchor  # the latest such month before the anchor's, or the first after it
        year = (a.year if month < a.month else a.year - 1) if rel == "last" else (a.year if month > a.month else a.year + 1)
        return replace(month_norm(replace(ctx, year=year, known={}), month, None, mod), anchor=ctx.anchor_label)
    return month_norm(ctx, month, None, mod)


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # meteorological, northern


@rule("season", rf"(?:(?P<rel>this\s+past|this|last|next|(?i:early)|(?i:late)|the)\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"(?:\s+(?:of\s+)?(?P<y>{YEAR}))?(?![A-Za-z])(?(y)|(?!\s+of\b))", re.IGNORECASE,
      trigger=r"spring|summer|autumn|fall|winter")
def _season(m: re.Match, ctx: Context) -> Norm | None:
    """A season: in the year given; "this/last/next summer" around the
    anchor; "in the summer" (after a preposition) in the year the text was
    last talking about, else the latest one the tense allows. A bare season
    word is too often not a time ("fall", "spring")."""
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    code = SEASONS[m["s"].lower()]
    if not m["y"] and rel in ("", "the"):
        before = m.string[max(0, m.start() - 12):m.start()]
        if rel != "the" or not re.search(r"\b(?:in|during|over|through|throughout|since|until|by|into)\s+$", before,
                                         re.IGNORECASE):
            return None
    if m["y"]:
        year = int(m["y"])
    elif rel in ("the", "") and ctx.reference_year:
        year = ctx.reference_year
    elif ctx.anchor is None:
        return Norm(f"XXXX-{code}", precision="season", approximate=True)
    elif rel in ("this", "early", "late"):
        year = ctx.anchor.year
    else:
        tense = {"last": "past", "this past": "past", "next": "future"}.get(rel, _year_tense(ctx))
        year = _pick([(y, *_season_span(y, code)) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)],
                     ctx.anchor, tense)
        if rel in ("last", "this past") and _season_span(year, code)[1] >= ctx.anchor:
            year -= 1  # the season under way is not "last" / "this past" one
    begin, end = _season_span(year, code)
    return Norm(f"{year}-{code}", precision="season", begin=begin, end=end, approximate=True,
                explicit_year=bool(m["y"]), anchor=None if m["y"] else ctx.anchor_label)


def _season_span(year: int, code: str) -> tuple[date, date]:
    first, last = _SEASON_MONTHS[code]
    return date(year, first, 1), month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)


@rule("quarter", rf"(?<![A-Za-z0-9])(?:(?:the\s+)?(?P<y0>{YEAR})\s+|(?P<rel0>this|last|next)\s+year['’]s\s+|the\s+)?(?:(?P<ago>year-(?:ago|earlier))\s+)?(?P<o>first|second|third|fourth|1st|2nd|3rd|4th|latest|last|past|fiscal|current|this)"
      rf"(?:[\s-]+fiscal)?[\s-]+(?P<u>quarter|half)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{YEAR}))?(?![A-Za-z])", re.IGNORECASE,
      trigger=r"quarter|half")
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
        return _quarter_norm(y, "Q", q, label=ctx.anchor_label)
    if unit == "H" and n > 2:
        return None
    if m["y"] or m["y0"]:
        y = int(m["y"] or m["y0"])
    elif m["rel0"] and a is not None:
        y = a.year + {"this": 0, "last": -1, "next": 1}[m["rel0"].lower()]
    elif a is not None:
        y = a.year
        current = (a.month - 1) // (3 if unit == "Q" else 6) + 1
        if n > current and ctx.tense != "future":
            y -= 1
    else:
        return Norm(f"XXXX-{unit}{n}", precision="quarter")
    if m["ago"]:
        y -= 1
    return _quarter_norm(y, unit, n, explicit=bool(m["y"] or m["y0"]))


def _quarter_norm(y: int, unit: str, n: int, explicit: bool = False, label: str | None = None) -> Norm:
    """A quarter (Q) or half (H) of year ``y`` with its days."""
    months = 3 if unit == "Q" else 6
    first = date(y, (n - 1) * months + 1, 1)
    last = add_months(first, months - 1)
    return Norm(f"{y}-{unit}{n}", precision="quarter", begin=first, end=month_end(last.year, last.month),
                explicit_year=explicit, anchor=label)


def _latest_quarter(a: date) -> tuple[int, int]:
    """The last quarter completed before ``a``."""
    q = (a.month - 1) // 3 + 1
    return (a.year, q - 1) if q > 1 else (a.year - 1, 4)


@rule("the_quarter", rf"(?<![A-Za-z])(?:the|this)\s+(?:(?P<yr>year-(?:earlier|ago))\s+|(?P<y>{YEAR})\s+)?quarter(?![A-Za-z-])", re.IGNORECASE)
def _the_quarter(m: re.Match, ctx: Context) -> Norm | None:
    """"the quarter" in a report: the quarter being reported (the last one
    completed when the clause is past, else the current one)."""
    a = ctx.anchor
    if a is None:
        return Norm("XXXX-QX", precision="quarter")
    y, q = _latest_quarter(a) if ctx.tense != "future" else (a.year, (a.month - 1) // 3 + 1)
    if m["yr"]:
        y -= 1
    elif m["y"]:
        # "the 1988 quarter": the quarter last named, in that year
        q = int(ctx.quarter[-1]) if ctx.quarter and re.fullmatch(r"[0-9]{4}-Q[1-4]", ctx.quarter) else q
        y = int(m["y"])
    return Norm(f"{y}-Q{q}", precision="quarter", anchor=ctx.anchor_label)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


@rule("decade", r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<dec>1[5-9][0-9]0|20[0-9]0)'?s|['’](?P<d2>[0-9]0)s"
      r"|(?<=the )(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![A-Za-z0-9])",
      re.IGNORECASE)
def _decade(m: re.Match, ctx: Context) -> Norm | None:
    """"the 1990s", "the '90s", "the nineties": a two-digit decade is the
    latest one that began before the anchor (else the 1900s)."""
    if m["dec"]:
        y = int(m["dec"])
    else:
        tens = int(m["d2"]) // 10 if m["d2"] else _DECADE_WORDS[m["w"].lower()]
        now = ctx.anchor.year if ctx.anchor else 1999
        y = (now // 100) * 100 + tens * 10
        if y > now:
            y -= 100
    return Norm(str(y // 10), precision="decade", begin=date(y, 1, 1), end=date(y + 9, 12, 31), explicit_year=True)


@rule("year", rf"(?:(?P<mod>{MOD}|(?i:early|mid|late))[\s-]*)?(?:(?P<fy>fiscal)\s+)?(?P<y>{YEAR})"
      r"(?![-–/.,][0-9]|\s*(?:%|percent|per cent)|[A-Za-z])")
def _year(m: re.Match, ctx: Context) -> Norm | None:
    return year_norm(int(m["y"]), m["mod"])


@rule("deictic", r"(?<![A-Za-z])(?:(?:early|late|earlier|later)\s+)?(?P<w>today|tonight|last night|tomorrow|yesterday|the day before yesterday|the day after tomorrow)"
      r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?![A-Za-z])", re.IGNORECASE)
def _deictic(m: re.Match, ctx: Context) -> Norm | None:
    w = m["w"].lower()
    w = re.sub(r"\s+", " ", w)
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "the day before yesterday": -2,
              "the day after tomorrow": 2, "last night": -1}[w]
    part = PARTS_OF_DAY.get((m["part"] or "").lower()) or ("NI" if w in ("tonight", "last night") else None)
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


@rule("weekday", rf"(?:(?P<rel>(?i:last|next|this(?:\s+coming)?)|early|late)\s+)?(?P<wd>{WDAY_FULL})"
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
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    tense = {"last": "past", "next": "future", "this coming": "future"}.get(rel, ctx.tense)
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    if not rel and ctx.forward:
        # "until Tuesday": ahead, unless a past clause makes the nearer past day as likely
        tense = "future" if tense != "past" or ctx.forward == "strong" or fwd < back else "past"
    elif not rel and tense == "present" and ctx.scheduled:
        tense = "future"  # "the talks resume on Monday"
    if tense == "future":
        offset = fwd or (7 if rel in ("next", "this coming") else 0)
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
    label = ctx.anchor_label
    if m["rel"].lower().startswith("the") and rel in ("following", "previous", "same"):
        # "the following month": after the last date the text gave, not the anchor
        if ctx.reference and unit == "week":
            a, label = ctx.reference, "reference"
        elif (ctx.reference_month or ctx.reference) and unit == "month":
            a, label = ctx.reference_month or ctx.reference, "reference"
        elif (ctx.reference_year or ctx.reference) and unit == "year":
            a, label = date(ctx.reference_year or ctx.reference.year, 7, 1), "reference"
    if a is None:
        return Norm({"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}.get(unit, "XXXX"))
    if unit in ("week", "weekend"):
        d = a + timedelta(days=7 * step)
        y, w, _ = d.isocalendar()
        monday = d - timedelta(days=d.weekday())
        if unit == "weekend":
            return Norm(f"{y}-W{w:02d}-WE", precision="day", begin=monday + timedelta(days=5),
                        end=monday + timedelta(days=6), anchor=label)
        return Norm(f"{y}-W{w:02d}", precision="week", begin=monday, end=monday + timedelta(days=6),
                    anchor=label)
    if unit == "month":
        d = add_months(a, step)
        return Norm(f"{d.year}-{d.month:02d}", precision="month", begin=d.replace(day=1),
                    end=month_end(d.year, d.month), anchor=label)
    if unit == "year":
        y = a.year + step
        return Norm(str(y), precision="year", begin=date(y, 1, 1), end=date(y, 12, 31), anchor=label)
    if unit == "decade":
        dec = a.year // 10 + step
        return Norm(str(dec), precision="decade", anchor=label)
    cen = a.year // 100 + step
    return Norm(str(cen), precision="century", anchor=label)


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


@rule("ago", rf"(?<![A-Za-z])(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})[\s-]+(?P<u>{UNIT})s?\s+(?P<orso>or\s+so\s+)?"
      r"(?P<dir>ago|earlier|later|from now|hence)(?![A-Za-z])", re.IGNORECASE)
def _ago(m: re.Match, ctx: Context) -> Norm | None:
    n = parse_number(m["n"])
    unit = unit_of(m["u"])
    direction = -1 if m["dir"].lower() in ("ago", "earlier", "before") else 1
    base = ctx.anchor if m["dir"].lower() in ("ago", "from now", "hence") else (ctx.reference or ctx.anchor)
    approx = bool(m["approx"] or m["orso"]) or n is None
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


@rule("vague_span", r"(?<![A-Za-z])(?:(?:the|these|those)\s+)?(?:(?P<rel>recent|past|last|coming|next|following|previous)\s+"
      r"(?:(?P<q>a\s+few|few|several|couple of|many)\s+)?(?P<u>days|weeks|months|years|decades)"
      r"|(?:(?P<rel2>coming)\s+)?(?P<u2>days|weeks|months|years)\s+(?P<ahead>ahead)(?!\s+of\b))(?![A-Za-z])", re.IGNORECASE)
def _vague_span(m: re.Match, ctx: Context) -> Norm | None:
    """"recent weeks", "the coming days", "the weeks ahead", "the last few
    days" (a few = three units back)."""
    unit = (m["u"] or m["u2"]).lower().rstrip("s")
    rel = (m["rel"] or ("coming" if m["ahead"] else "")).lower()
    norm = Norm(duration_value(None, unit), type="DURATION", approximate=True)
    a, label = ctx.anchor, ctx.anchor_label
    if rel == "following" and ctx.reference is not None:
        a, label = ctx.reference, "reference"  # "in the following days": after the last date the text gave
    if a is None:
        return norm
    few = {"few": 3, "a few": 3, "couple of": 2}.get(re.sub(r"\s+", " ", (m["q"] or "").lower()))
    if rel in ("coming", "next", "following"):
        span = {"day": 7, "week": 28}.get(unit)
        norm.begin = a + timedelta(days=1)
        norm.end = shift(a, few, unit) if few else a + timedelta(days=span) if span else shift(a, 3, unit)
    elif few:
        norm.begin, norm.end = shift(a, -few, unit), a
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
    norm.anchor = label
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
      rf"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})(?P<half1>\s+and\s+a\s+half)?(?:\s+(?:more|additional|further|extra))?[\s-]+(?P<u>{UNIT})s?"
      rf"(?:\s+and\s+(?:(?P<half>a half)|(?P<n2>{NUM})[\s-]+(?P<u2>{UNIT})s?))?(?![A-Za-z])(?!-(?:earlier|ago|end)\b)", re.IGNORECASE)
def _duration(m: re.Match, ctx: Context) -> Norm | None:
    n = parse_number(m["n"])
    unit = unit_of(m["u"])
    word = m["n"].lower()
    couple = "couple" in word
    if couple:
        n = 2.0  # "a couple of years": about two
    after = m.string[m.end():m.end() + 4].lower()
    if unit == "second" and word in ("a", "an") and not m["u2"]:
        return None  # "a second term"
    if unit == "quarter" and (after.startswith(" of") or re.search(r"-quarters", m.group(0), re.IGNORECASE)):
        return None  # fractions: "a quarter of the votes", "three-quarters"
    if (m["half"] or m["half1"]) and n is not None:
        n += 0.5
    value = duration_value(n, unit)
    if m["n2"]:
        n2 = parse_number(m["n2"])
        u2 = unit_of(m["u2"])
        second = duration_value(n2, u2)
        value = _join_durations(value, second)
        if value is None:
            return None
    norm = Norm(value, type="DURATION", approximate=bool(m["approx"]) or n is None or couple)
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


@rule("vague_duration", r"(?<![A-Za-z])(?:(?P<long>(?:a|such a|so)\s+long\s+time)|(?:(?:a|the)\s+)?(?P<q>few|several|couple of|many)\s+"
      r"(?P<u>minutes|hours|days|weeks|months|years|decades))(?![A-Za-z])", re.IGNORECASE)
def _vague_duration(m: re.Match, ctx: Context) -> Norm | None:
    if m["long"]:
        # Unit unknown; taken as years, the usual reading in reports of conflicts.
        return Norm("PXY", type="DURATION", approximate=True)
    unit = m["u"].lower().rstrip("s")
    n = 2 if m["q"].lower().startswith("couple") else None  # "a couple of years": about two
    return Norm(duration_value(n, unit), type="DURATION", approximate=True)


@rule("weekday_set", rf"(?<![A-Za-z])(?:every|each)\s+(?P<wd>{WDAY_FULL})(?:\s+(?P<part>morning|afternoon|evening|night))?",
      re.IGNORECASE, trigger=r"(?:every|each)\s+\w+day")
def _weekday_set(m: re.Match, ctx: Context) -> Norm | None:
    wd = WEEKDAYS.get(m["wd"].lower().rstrip("s"), WEEKDAYS.get(m["wd"].lower()))
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    return Norm(f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""), type="SET")


@rule("set", r"(?<![A-Za-z])(?:(?:every|each|per)\s+(?:(?P<n>other|[0-9]+|two|three|four|five|six)\s+)?(?P<u>day|week|month|year|quarter|morning|night|evening|hour)s?"
      r"|(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly))(?![A-Za-z])", re.IGNORECASE)
def _set(m: re.Match, ctx: Context) -> Norm | None:
    if m["adv"]:
        adv = m["adv"].lower()
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "hourly": "PT1H", "nightly": "TNI"}[adv]
        return Norm(value, type="SET")
    unit = m["u"].lower()
    if unit in PARTS_OF_DAY:
        return Norm(f"T{PARTS_OF_DAY[unit]}", type="SET")
    n = 2 if (m["n"] or "").lower() == "other" else parse_number(m["n"]) if m["n"] else 1
    return Norm(duration_value(n, unit), type="SET")


@rule("anaphoric", r"(?<![A-Za-z])(?:(?P<ed>earlier|later)\s+(?:(?:on|in)\s+)?)?(?:(?P<that>that|that same|the same)\s+(?P<u>day|morning|afternoon|evening|night|week|month|year)"
      r"|the\s+(?P<rel>next|following|previous|preceding)\s+(?P<u2>day|morning|afternoon|evening|night))(?![A-Za-z])",
      re.IGNORECASE)
def _anaphoric(m: re.Match, ctx: Context) -> Norm | None:
    """"that day", "the same day", "the next morning", "later that year": on
    the last date the text gave (the anchor when it gave none)."""
    unit = (m["u"] or m["u2"]).lower()
    if unit in ("week", "month"):
        return _reference_unit(ctx, unit)
    if unit == "night" and m["that"] and _night_current(ctx):
        return _night(ctx.night, "reference")
    if unit == "year":
        y = ctx.reference_year or (ctx.anchor.year if ctx.anchor else None)
        if y is None:
            return Norm("XXXX", precision="year")
        return Norm(str(y), precision="year", begin=date(y, 1, 1), end=date(y, 12, 31), anchor="reference")
    base = ctx.reference or ctx.anchor
    if base is None:
        return None
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get((m["rel"] or "").lower(), 0)
    d = base + timedelta(days=step)
    part = PARTS_OF_DAY.get(unit)
    return Norm(d.isoformat() + (f"T{part}" if part else ""), type="TIME" if part else "DATE", precision="day",
                begin=d, end=d, anchor="reference" if ctx.reference else ctx.anchor_label)


@rule("day_before", r"(?<![A-Za-z])the\s+(?P<u>day|night|morning|evening)\s+(?P<dir>before|after)(?=\s*[,.;:!?)]|\s+(?:and|when|as|while)\b)",
      re.IGNORECASE, trigger=r"\b(?:day|night|morning|evening)\s+(?:before|after)\b")
def _day_before(m: re.Match, ctx: Context) -> Norm | None:
    """"the day before", "the night after" (nothing follows): next to the last date given."""
    base = ctx.reference or ctx.anchor
    if base is None:
        return None
    d = base + timedelta(days=-1 if m["dir"].lower() == "before" else 1)
    part = PARTS_OF_DAY.get(m["u"].lower())
    return Norm(d.isoformat() + (f"T{part}" if part else ""), type="TIME" if part else "DATE", precision="day",
                begin=d, end=d, anchor="reference" if ctx.reference else ctx.anchor_label)


@rule("overnight", r"(?<![A-Za-z])(?<!an )(?<!the )[Oo]vernight(?![A-Za-z-])(?!\s+(?:stay|curfew|visit|trip|flight|bag|shift))",
      trigger="overnight")
def _overnight(m: re.Match, ctx: Context) -> Norm | None:
    """"Overnight, drones struck ...": the night after the last date given,
    else the night before the anchor."""
    if ctx.reference:
        d, label = ctx.reference, "reference"
    elif ctx.anchor:
        d, label = ctx.anchor - timedelta(days=1), ctx.anchor_label
    else:
        return Norm("XXXX-XX-XXTNI", type="TIME", precision="day")
    return Norm(f"{d.isoformat()}TNI", type="TIME", precision="day", begin=d, end=d + timedelta(days=1), anchor=label)


@rule("end_of_unit", r"(?<![A-Za-z])(?:(?:the\s+)?(?:end|close|beginning|start|middle)\s+of\s+(?:the|this)\s+(?P<u>year|month)"
      r"|(?:the\s+)?year(?:['’]s)?[\s-]end)(?![A-Za-z])", re.IGNORECASE)
def _end_of_unit(m: re.Match, ctx: Context) -> Norm | None:
    """"by the end of the year", "year-end": part of the anchor's year or month."""
    a = ctx.anchor
    unit = (m["u"] or "year").lower()
    mod = re.search(r"end|close|beginning|start|middle", m.group(0).lower())
    mod_word = {"close": "end", "middle": "mid"}.get(mod.group(0), mod.group(0)) if mod else "end"
    if a is None:
        return Norm("XXXX" if unit == "year" else "XXXX-XX", precision=unit)
    if unit == "month":
        norm = month_norm(replace(ctx, year=a.year, year_label=ctx.anchor_label, known={}), a.month, None, mod_word)
        return norm
    begin, end = _modified(date(a.year, 1, 1), date(a.year, 12, 31), mod_word, "year")
    return Norm(str(a.year), precision="year", begin=begin, end=end, anchor=ctx.anchor_label)


@rule("first_unit", r"(?<![A-Za-z])the\s+(?:first|opening|final)\s+(?P<u>minute|hour|day|week|month|year)(?P<pl>s)?(?![A-Za-z])",
      re.IGNORECASE)
def _first_unit(m: re.Match, ctx: Context) -> Norm | None:
    """"in the first hour of the attack": one unit (or an unknown number, "the first hours")."""
    unit = m["u"].lower()
    return Norm(duration_value(None if m["pl"] else 1, unit), type="DURATION", approximate=bool(m["pl"]))


_BARE_CUE = re.compile(r"\b(?:for|within|over|in|for many|for long) $")


@rule("bare_units", r"(?<![A-Za-z])(?P<u>minutes|hours|days|weeks|months|years|decades|centuries)(?![A-Za-z-])")
def _bare_units(m: re.Match, ctx: Context) -> Norm | None:
    """"fighting went on for weeks", "the first time in years": an unknown number of units."""
    if not _BARE_CUE.search(m.string, max(0, m.start() - 10), m.start()):
        return None
    unit = unit_of(m["u"])
    return Norm(duration_value(None, unit), type="DURATION", approximate=True)


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
    if w == "soon" and (re.search(r"\bas\s+$", m.string[max(0, m.start() - 4):m.start()], re.IGNORECASE)
                        or re.match(r"\s+(?:after|afterwards|as)\b", m.string[m.end():m.end() + 12], re.IGNORECASE)):
        return None  # "as soon as", "soon after": a conjunction, no time of its own
    if w in ("soon", "the future", "the near future", "in the near future"):
        norm = ref_norm("FUTURE_REF", ctx)
        norm.begin = ctx.anchor
        norm.end = None
        return norm
    return ref_norm("PRESENT_REF", ctx)


@rule("holiday", rf"(?<![A-Za-z])(?:(?P<rel>last|next|this|(?i:last|next|this))\s+)?(?P<name>{_holiday_names()})"
      rf"(?![A-Za-z])(?!\s+(?:Islands?|Rising|Offensive|Agreements?|Accords?|[Tt]rees?|[Cc]ards?|[Mm]arkets?|[Ll]ights|[Ss]hopping|[Ss]treet|[Rr]oad))"
      rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR}))?")
def _holiday(m: re.Match, ctx: Context) -> Norm | None:
    """A named day: in the year given, else the occurrence the tense picks
    around the anchor (as for a day without a year)."""
    hol = _holiday_lookup(m["name"])
    if hol is None:
        return None
    rel = (m["rel"] or "").lower()
    base = int(m["y"]) if m["y"] else ctx.year or (ctx.anchor.year if ctx.anchor else None)
    if base is None:
        return Norm(None, precision="day", approximate=hol.approximate)
    spans = hol.spans_near(base)
    if m["y"] or (ctx.year and not rel):
        spans = [sp for sp in spans if sp[0].year == base]
        pick = 0
    elif ctx.anchor is None:
        return Norm(None, precision="day", approximate=hol.approximate)
    else:
        tense = {"last": "past", "next": "future", "this": "present"}.get(rel, _year_tense(ctx))
        pick = _pick([(i, a, b) for i, (a, b) in enumerate(spans)], ctx.anchor, tense)
    if not spans:
        return None
    first, last = spans[pick]
    value = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return Norm(value, precision="day", begin=first, end=last, approximate=hol.approximate,
                anchor=None if m["y"] else (ctx.year_label if ctx.year and not rel else ctx.anchor_label),
                explicit_year=bool(m["y"]))


_SPELLED_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SPELLED_ONES = "one|two|three|four|five|six|seven|eight|nine"


@rule("spelled_year", rf"(?<![A-Za-z])(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen)\s+(?:(?P<t>{_SPELLED_TENS})(?:[\s-](?P<o>{_SPELLED_ONES}))?"
      rf"|(?P<teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?P<oh>oh|o)[\s-](?P<o2>{_SPELLED_ONES}))"
      rf"|(?P<k>two\s+thousand)(?:\s+(?:and\s+)?(?P<k2>{_SPELLED_ONES}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
      rf"|(?:{_SPELLED_TENS})(?:[\s-](?:{_SPELLED_ONES}))?))?)(?![A-Za-z-])", re.IGNORECASE,
      trigger=r"nineteen|eighteen|thousand")
def _spelled_year(m: re.Match, ctx: Context) -> Norm | None:
    """Years said as words, as in transcripts: "nineteen ninety-six", "the
    year two thousand". "two thousand" alone is a year only after "the year"."""
    if m["k"]:
        if not m["k2"] and not m.group(0).lower().startswith("the year"):
            return None
        y = 2000 + int(parse_number(m["k2"]) or 0) if m["k2"] else 2000
    else:
        century = 1900 if m["c"].lower() == "nineteen" else 1800
        if m["teen"]:
            rest = UNITS[m["teen"].lower()]
        elif m["oh"]:
            rest = UNITS[m["o2"].lower()]
        else:
            rest = TENS[m["t"].lower()] + (UNITS[m["o"].lower()] if m["o"] else 0)
        y = century + rest
    return year_norm(y)


@rule("century", rf"(?<![A-Za-z])(?:the\s+)?(?:(?P<n>[0-9]{{1,2}})(?:st|nd|rd|th)|(?P<w>{_ORD_WORD}))[\s-]+century(?![A-Za-z])",
      re.IGNORECASE, trigger="century")
def _century(m: re.Match, ctx: Context) -> Norm | None:
    n = int(m["n"]) if m["n"] else parse_day(m["w"])
    if not n or n > 21:
        return None
    first = (n - 1) * 100
    return Norm(f"{n - 1:02d}", precision="century", begin=date(max(first, 1), 1, 1), end=date(first + 99, 12, 31),
                explicit_year=True)


def _reference_unit(ctx: Context, unit: str) -> Norm | None:
    """The week, month or year of the last date the text gave (else the anchor's)."""
    base = ctx.reference or (ctx.reference_month if unit != "week" else None) or ctx.anchor
    label = "reference" if base is not ctx.anchor else ctx.anchor_label
    if unit == "year" and ctx.reference_year and not ctx.reference:
        base, label = date(ctx.reference_year, 7, 1), "reference"
    if base is None:
        return None
    if unit == "day":
        return Norm(base.isoformat(), precision="day", begin=base, end=base, anchor=label)
    if unit == "week":
        y, w, _ = base.isocalendar()
        monday = base - timedelta(days=base.weekday())
        return Norm(f"{y}-W{w:02d}", precision="week", begin=monday, end=monday + timedelta(days=6), anchor=label)
    if unit == "month":
        return Norm(f"{base.year}-{base.month:02d}", precision="month", begin=base.replace(day=1),
                    end=month_end(base.year, base.month), anchor=label)
    return Norm(str(base.year), precision="year", begin=date(base.year, 1, 1), end=date(base.year, 12, 31), anchor=label)


def _night_current(ctx: Context) -> bool:
    """The last night given is still the one the text is on: no later day
    than its morning has been mentioned since."""
    return ctx.night is not None and not (ctx.reference and ctx.reference > ctx.night + timedelta(days=1))


def _night(d: date, label: str | None) -> Norm:
    nxt = d + timedelta(days=1)
    return Norm(f"{d.isoformat()}/{nxt.isoformat()}", precision="day", begin=d, end=nxt, anchor=label)


@rule("in_the_unit", r"(?<![A-Za-z])(?:earlier|later|early|late)\s+in\s+the\s+(?P<u>day|week|month|year)(?![A-Za-z])",
      re.IGNORECASE, trigger=r"(?:earlier|later|early|late)\s+in\s+the\s+(?:day|week|month|year)")
def _in_the_unit(m: re.Match, ctx: Context) -> Norm | None:
    """"later in the day", "earlier in the week": the day, week, month or year
    of the last date given."""
    return _reference_unit(ctx, m["u"].lower())


@rule("the_night", r"(?<![A-Za-z])the\s+night(?![A-Za-z])(?!\s+(?:of|from|before|after|sky|shift|club|watch|vision|time|bus|train|"
      r"flight|raid|raids|guard|air|life)\b)", re.IGNORECASE, trigger=r"the\s+night")
def _the_night(m: re.Match, ctx: Context) -> Norm | None:
    """"during the night", "recorded the night as it happened": the last night
    the text gave ("the night of 3 to 4 March"), else the night after the
    last date given; nothing without either."""
    if _night_current(ctx):
        return _night(ctx.night, "reference")
    if ctx.reference:
        return _night(ctx.reference, "reference")
    return None


_ORDINAL_UNITS = re.compile(
    r"(?:\s*(?:,|and|or|to)\s*(?:the\s+)?[0-9]{1,2}(?:st|nd|rd|th))*\s+(?:[A-Z][a-z]+\s+)?"
    r"(?:battalion|brigade|division|regiment|arm(?:y|ies)|corps|fleet|compan(?:y|ies)|squadron|platoon|unit|floor"
    r"|centur(?:y|ies)|anniversar(?:y|ies)|round|time|place|amendment|district|session|precinct|street|avenue"
    r"|grade|position|congress|parliament|largest|biggest)", re.IGNORECASE)


@rule("ordinal_day", rf"(?<![A-Za-z])the\s+(?P<d>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)(?:,?\s+(?P<y>{YEAR}))?"
      r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|or|to|until|till|through|when|as|at|in|on)\b)",
      trigger=r"\bthe\s+[0-9]{1,2}(?:st|nd|rd|th)\b")
def _ordinal_day(m: re.Match, ctx: Context) -> Norm | None:
    """"on 4 February and again on the 6th": a day of the month last
    mentioned (nothing when no month was, nor for an ordinal that counts
    units: "the 3rd and 4th brigades")."""
    base = ctx.reference_month or ctx.reference
    if base is None or _ORDINAL_UNITS.match(m.string, m.end()):
        return None
    if m["y"]:
        return day_norm(ctx, base.month, int(m["d"]), int(m["y"]))
    try:
        d = base.replace(day=int(m["d"]))
    except ValueError:
        return None
    return Norm(d.isoformat(), precision="day", begin=d, end=d, anchor="reference")


@rule("rel_weekday", rf"(?<![A-Za-z])the\s+(?P<rel>previous|preceding|following|next)\s+(?P<wd>{WDAY_FULL})",
      re.IGNORECASE, trigger=r"(?:previous|preceding|following|next)\s+\w+day")
def _rel_weekday(m: re.Match, ctx: Context) -> Norm | None:
    """"the following Tuesday", "the previous Friday": from the last date given."""
    base = ctx.reference or ctx.anchor
    wd = WEEKDAYS.get(m["wd"].lower().rstrip("s")) if m["wd"].lower() not in WEEKDAYS else WEEKDAYS[m["wd"].lower()]
    if base is None or wd is None:
        return None
    if m["rel"].lower() in ("previous", "preceding"):
        d = base - timedelta(days=(base.weekday() - wd) % 7 or 7)
    else:
        d = base + timedelta(days=(wd - base.weekday()) % 7 or 7)
    return Norm(d.isoformat(), precision="day", begin=d, end=d, anchor="reference" if ctx.reference else ctx.anchor_label)


@rule("month_set", rf"(?<![A-Za-z])(?:every|each)\s+(?P<mon>{MON_FULL})", re.IGNORECASE, trigger=r"(?:every|each)\s+[A-Z]")
def _month_set(m: re.Match, ctx: Context) -> Norm | None:
    """"each July": every July."""
    if not m["mon"][0].isupper():
        return None
    return Norm(f"XXXX-{month_of(m['mon']):02d}", type="SET")


@rule("quarter_code", rf"(?<![A-Za-z0-9])(?P<u>Q[1-4]|H[12])(?:[\s/-]*(?P<y>{YEAR}|['’]?[0-9]{{2}}(?![0-9])))?(?![A-Za-z0-9])",
      trigger=r"\b[QH][1-4]\b")
def _quarter_code(m: re.Match, ctx: Context) -> Norm | None:
    """"Q3", "Q3 2022", "H1 2023": as "the third quarter"."""
    unit, n = m["u"][0], int(m["u"][1])
    y = _two_digit_year(m["y"]) if m["y"] else None
    if y is None:
        a = ctx.anchor
        if a is None:
            return Norm(f"XXXX-{unit}{n}", precision="quarter")
        y = a.year
        if n > (a.month - 1) // (3 if unit == "Q" else 6) + 1 and ctx.tense != "future":
            y -= 1
    return _quarter_norm(y, unit, n, explicit=bool(m["y"]))


def _two_digit_year(text: str) -> int:
    digits = text.lstrip("'’")
    y = int(digits)
    return y if len(digits) == 4 else y + (2000 if y < 50 else 1900)


@rule("fiscal_code", rf"(?<![A-Za-z0-9])(?:(?:FY|[Ff]iscal\s+[Yy]ear)[\s-]*(?P<y>{YEAR}|['’]?[0-9]{{2}}(?![0-9]))"
      r"|(?i:the\s+(?P<rel>current|this|last|latest|past|previous|next|coming)\s+fiscal\s+year))(?![A-Za-z0-9])",
      trigger=r"FY|fiscal\s+year")
def _fiscal_code(m: re.Match, ctx: Context) -> Norm | None:
    """"FY2024", "fiscal year 2023", "the current fiscal year": the year
    named or counted from the anchor's (fiscal years start at different
    months, so the days are approximate)."""
    if m["rel"]:
        if ctx.anchor is None:
            return Norm("XXXX", precision="year", approximate=True)
        step = {"current": 0, "this": 0, "next": 1, "coming": 1}.get(m["rel"].lower(), -1)
        return replace(year_norm(ctx.anchor.year + step), approximate=True, explicit_year=False,
                       anchor=ctx.anchor_label)
    y = _two_digit_year(m["y"])
    return replace(year_norm(y), approximate=True)


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
        if r.trigger is not None and not r.trigger.search(text):
            continue
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
