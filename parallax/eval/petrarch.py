"""The PETRARCH unit-test suite as an event-coding benchmark.

``PETR.UnitTest.records.xml`` holds sentences with the (source, target,
CAMEO code) triples PETRARCH must produce, over mostly fictional actors
defined in ``PETR.Validate.actors.txt``. We load that actor file through
:meth:`ActorDictionary.import_petrarch`, code each sentence, map the CAMEO
codes to PLOVER with ``CAMEO2PLOVER-2021.txt`` and count:

- expected: the expected triples;
- produced: expected triples we produced: each predicted event gives one
  (source, target, PLOVER type) triple per actor x target; a triple counts
  when the type is the mapped one and the countries agree (one-to-one);
- extra: predicted triples that match no expected triple.

Actors compare on the first three letters of the codes (the country or
group code); the finer agent codes (MIL, GOV ...) are not scored.
This is a report-only test set (benchmarks/README.md): never tune on it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParallaxError
from ..model import Document, Event

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.DOTALL)
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_ATTR = re.compile(r"(\w+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)


class BenchmarkError(ParallaxError):
    code = "P400"


@dataclass
class Record:
    id: str
    text: str
    triples: list[tuple[str, str, str]]  # (source code, target code, CAMEO code)


def _attrs(raw: str) -> dict[str, str]:
    return {k: v[1:-1] for k, v in _ATTR.findall(raw)}


def read_records(path: Path) -> list[Record]:
    """Sentences and their expected triples (``noevents``/``error`` records
    expect nothing)."""
    try:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BenchmarkError(f"cannot read {path}: {exc}") from exc
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
    out = []
    for m in _SENTENCE.finditer(raw):
        attrs = _attrs(m.group(1))
        body = m.group(2)
        text_m = _TEXT.search(body)
        if not text_m:
            continue
        text = " ".join(html.unescape(text_m.group(1)).split())
        triples = []
        for c in _CODING.finditer(body):
            a = _attrs(c.group(1))
            if "eventcode" in a:
                triples.append((a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        out.append(Record(attrs.get("id", str(len(out))), text, triples))
    return out


def read_cameo2plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type, from CAMEO2PLOVER-2021.txt."""
    table = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        m = re.match(r"^\s*(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def plover_type(cameo: str, table: dict[str, str]) -> str | None:
    code = cameo.strip()
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def _countries(actors: list[Any]) -> set[str]:
    out = set()
    for a in actors:
        out.update(c[:3] for c in a.countries)
        if a.country:
            out.add(a.country[:3].upper())
    return out


def event_triples(ev: Event) -> list[tuple[str, str, str]]:
    """(source country, target country, PLOVER type) for each actor x
    target of an event; a target-less event gives target ""."""
    sources = sorted(_countries(ev.actors)) or [""]
    targets = sorted(_countries(ev.targets)) or [""]
    return [(s, t, ev.type) for s in sources for t in targets]


def _matches(pred: tuple[str, str, str], src: str, tgt: str, etype: str | None) -> bool:
    if etype is None or pred[2] != etype or pred[0] != src[:3].upper():
        return False
    return not tgt or tgt.startswith("-") or pred[1] == tgt[:3].upper()


class _Res:
    """A Resources stand-in holding the benchmark's actor dictionary."""

    def __init__(self, actors: Any) -> None:
        self.actors = actors


def eval_petrarch(path: str | Path) -> dict[str, Any]:
    """Code the unit-test sentences; returns expected / produced / extra and
    the shares produced/expected and extra/produced-events."""
    from .. import nlp
    from ..extract.actors import ActorDictionary, extract_actors
    from ..extract.events import extract_events

    path = Path(path)
    folder = path if path.is_dir() else path.parent
    records_file = path if path.is_file() else folder / "PETR.UnitTest.records.xml"
    actors = ActorDictionary.load([])
    actors.import_petrarch(folder / "PETR.Validate.actors.txt")
    mapping_file = folder.parent / "plover" / "CAMEO2PLOVER-2021.txt"
    if not mapping_file.exists():
        raise BenchmarkError(f"CAMEO2PLOVER-2021.txt not found beside {folder}")
    table = read_cameo2plover(mapping_file)
    res = _Res(actors)
    expected = produced = extra = predicted = 0
    records = read_records(records_file)
    for rec in records:
        analysis, doc = nlp.annotate(Document(text=rec.text))
        analysis.actors = extract_actors(analysis, doc, res)
        triples = [t for ev in extract_events(analysis, doc, res) for t in event_triples(ev)]
        predicted += len(triples)
        used: set[int] = set()
        for src, tgt, cameo in rec.triples:
            expected += 1
            etype = plover_type(cameo, table)
            hit = next((i for i, t in enumerate(triples) if i not in used and _matches(t, src, tgt, etype)), None)
            if hit is not None:
                used.add(hit)
                produced += 1
        extra += len(triples) - len(used)
    return {"documents": len(records), "expected": expected, "produced": produced, "extra": extra,
            "predicted": predicted,
            "produced_share": round(produced / expected, 4) if expected else 0.0,
            "extra_share": round(extra / expected, 4) if expected else 0.0}
