"""Sources: who stands behind each cited URL, and how a document sources its claims.

Every citation's domain is looked up in the outlet table
(``parallax/data/outlets.yaml`` plus the user's files: ``PARALLAX_OUTLETS``,
``Resources(outlet_files=...)``): outlet name, kind, country, language. A
domain matches itself and its subdomains, the longest listed domain first.
A domain that is not in the table stays unknown, with one exception: domain
registry facts (``.gov``, ``.gov.xx``, ``.gouv.xx``, ``.mil``, ``.int``)
say government / international organisation, and for ``.xx`` the country.
Those citations keep ``outlet`` None, which marks the registry basis.

``independent`` compares the source's country with the country of the
document's side (the manifest's ``side`` label resolved through the actor
dictionary: "veldra" -> VEL); False is self-sourcing. It is None when either
country is unknown. An international organisation is independent of any
side.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ParallaxError
from ..model import Analysis, Citation
from ..resources import DATA_DIR
from .citations import dead_end_links

VERSION = "1"
KINDS = ("news", "wire", "government", "state_media", "intl_org", "ngo", "social_media", "blog")
BUILTIN = DATA_DIR / "outlets.yaml"
COUNTRIES_TSV = DATA_DIR / "gazetteer" / "countries.tsv"
# Second-level labels that registries reserve for government bodies.
_GOV_LABELS = {"gov", "gouv", "gob", "govt", "government", "gv", "go", "mil"}


class OutletFileError(ParallaxError):
    """An outlet file that cannot be read or has a bad entry."""


@dataclass(frozen=True)
class Outlet:
    domain: str
    name: str | None
    kind: str | None
    country: str | None = None
    language: str | None = None
    basis: str = "table"  # table | registry (a .gov/.int domain fact)


class OutletTable:
    """Outlets by domain; later files override earlier entries."""

    def __init__(self, outlets: list[Outlet] | None = None) -> None:
        self.by_domain: dict[str, Outlet] = {}
        for outlet in outlets or []:
            self.by_domain[outlet.domain] = outlet

    @classmethod
    def load(cls, extra_files: list[Path] | None = None) -> OutletTable:
        table = cls()
        for path in [BUILTIN, *(extra_files or [])]:
            for outlet in read_outlet_file(Path(path)):
                table.by_domain[outlet.domain] = outlet
        return table

    def lookup(self, domain: str | None) -> Outlet | None:
        """The outlet of a domain, its closest listed parent, or a registry
        fact (.gov, .int ...); None when unknown."""
        if not domain:
            return None
        host = domain.lower().rstrip(".")
        host = host.removeprefix("www.")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            found = self.by_domain.get(".".join(labels[i:]))
            if found is not None:
                return found
        return registry_hint(host)


def read_outlet_file(path: Path) -> list[Outlet]:
    """Outlets of a YAML file: a list of {domain, name, kind, country, language}."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OutletFileError(f"cannot read outlet file {path}: {str(exc).splitlines()[0]}") from exc
    if not isinstance(raw, list):
        raise OutletFileError(f"outlet file {path}: expected a list of entries")
    out = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or not entry.get("domain"):
            raise OutletFileError(f"outlet file {path}: entry {n} needs a domain")
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            raise OutletFileError(f"outlet file {path}: entry {n}: kind {kind!r} is not one of {', '.join(KINDS)}")
        country = entry.get("country")
        out.append(Outlet(domain=str(entry["domain"]).lower().removeprefix("www."),
                          name=_opt(entry.get("name")), kind=kind,
                          country=str(country).upper() if country else None,
                          language=_opt(entry.get("language"))))
    return out


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


@cache
def _iso3() -> dict[str, str]:
    with COUNTRIES_TSV.open(encoding="utf-8") as fh:
        return {row["iso2"].lower(): row["iso3"] for row in csv.DictReader(fh, delimiter="\t")}


def country_iso3(iso2: str) -> str | None:
    """ISO 3166 alpha-3 code of an alpha-2 code (GeoNames' places carry alpha-2)."""
    return _iso3().get(iso2.lower())


def registry_hint(host: str) -> Outlet | None:
    """What the domain name itself establishes: ``.int`` is reserved for
    treaty organisations, ``.gov``/``.mil`` for US government bodies, and
    ``gov.xx``/``gouv.xx``/``mil.xx`` (or ``xx`` with a ``gov`` label) for
    the government of country ``xx``. Nothing else is inferred."""
    labels = host.split(".")
    tld = labels[-1]
    if tld == "int":
        return Outlet(host, None, "intl_org", None, None, basis="registry")
    if tld in ("gov", "mil"):
        return Outlet(host, None, "government", "USA", None, basis="registry")
    country = _iso3().get(tld)
    if country and len(labels) >= 3 and labels[-2] in _GOV_LABELS:
        return Outlet(host, None, "government", country, None, basis="registry")
    return None


# --------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------


def side_country(side: str | None, resources: Any) -> str | None:
    """The country code of a side label: the actor entry whose id, name,
    alias or adjective is that label ("veldra" -> VEL, "veldran" -> VEL);
    None when no entry matches or the matching entries disagree."""
    if not side or resources is None:
        return None
    key = re.sub(r"\s+", " ", side.replace("_", " ").strip()).lower()
    key = key.removeprefix("the ")
    adict = resources.actors
    found = {e.country for e in adict.entries.values() if e.country and e.id.lower() == key}
    if not found:
        # a name or an adjective ("veldran"), of specific entries only
        found = {f.entry.country for f in adict.forms.get(key, []) if f.entry.country and not f.entry.generic}
    return found.pop() if len(found) == 1 else None


def classify_citations(analysis: Analysis, doc: Any = None, resources: Any = None) -> list[Citation]:
    """The citations of the analysis with outlet, kind, country, language and
    independence filled in (new records; the input is not changed)."""
    if resources is None:
        from ..resources import Resources

        resources = Resources()
    table: OutletTable = resources.outlets
    own = side_country(analysis.document.meta.side, resources)
    return [classify(c, table, own) for c in analysis.citations]


def classify(citation: Citation, table: OutletTable, own_country: str | None) -> Citation:
    outlet = table.lookup(citation.domain)
    if outlet is None:
        return replace(citation, outlet=None, source_kind=None, source_country=None,
                       source_language=None, independent=None)
    return replace(citation, outlet=outlet.name, source_kind=outlet.kind, source_country=outlet.country,
                   source_language=outlet.language, independent=independence(outlet, own_country))


def independence(outlet: Outlet, own_country: str | None) -> bool | None:
    if outlet.kind == "intl_org":
        return True
    if outlet.country is None or own_country is None:
        return None
    return outlet.country != own_country


def basis(citation: Citation) -> str:
    """table | registry | unknown: where the citation's source facts come from."""
    if citation.outlet:
        return "table"
    return "registry" if citation.source_kind else "unknown"


# --------------------------------------------------------------------------
# Per-document profile
# --------------------------------------------------------------------------


def source_profile(analysis: Analysis) -> dict[str, Any]:
    """How a document sources what it says: shares of claims with any and
    with an independent citation, citations by kind, self-sourcing,
    social-media citations, dead-end references and unknown domains."""
    cits = [c for c in analysis.citations if c.url]
    by_url: dict[str, list[Citation]] = {}
    for c in cits:
        by_url.setdefault(c.url, []).append(c)
    claims = analysis.claims
    with_any = sum(1 for cl in claims if cl.citations)
    with_indep = sum(1 for cl in claims if any(c.independent for u in cl.citations for c in by_url.get(u, [])))
    n = len(claims)
    kinds = Counter(c.source_kind or "unknown" for c in cits)
    return {
        "claims": n,
        "claims_cited": with_any,
        "claims_independent": with_indep,
        "share_cited": round(with_any / n, 3) if n else None,
        "share_independent": round(with_indep / n, 3) if n else None,
        "citations": len(cits),
        "by_kind": dict(sorted(kinds.items())),
        "self_sourced": sum(1 for c in cits if c.independent is False),
        "independent": sum(1 for c in cits if c.independent is True),
        "independence_unknown": sum(1 for c in cits if c.independent is None),
        "social_media": kinds.get("social_media", 0),
        "dead_ends": len(dead_end_links(analysis.document)),
        "unknown_domains": sorted({c.domain for c in cits if c.domain and basis(c) == "unknown"}),
    }
