"""A synthetic corpus of a fictional conflict, for benchmarks and tests.

Statements, briefings, news and monitor reports about incidents in the
fictional Veldra / Ostmark conflict (names from bench/world.yaml): each side
blames the other and gives its own figures, quotes its spokespeople, denies
the other side's claims; the monitor reports impacts and cannot always say
who fired first. Sentences come from templates with varied wording, date
formats, places and figures; everything is deterministic for a seed.

    python bench/generate_corpus.py OUT --n 10000 [--seed 7] [--format files|jsonl]

``files`` writes OUT/<side>/<id>.txt with a manifest per folder (declared
side, publisher, date, kind) and copies of the actor dictionary and
gazetteer; ``jsonl`` writes OUT (a .jsonl file) with id, url, publisher,
date, side, title, kind, text. :func:`generate` also returns what each
document says (its events, figures and quotes with offsets) for benchmarks
that build store rows without running the pipeline.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

WORLD = Path(__file__).with_name("world.yaml")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 12: "twelve", 20: "twenty"}


@dataclass
class Said:
    """What one sentence of a generated document says (offsets into its text)."""

    start: int
    end: int
    kind: str  # event | quote | figure | background
    type: str | None = None  # PLOVER type of an event
    trigger: str | None = None
    actor: str | None = None  # country code
    target: str | None = None
    when: str | None = None  # ISO date
    place: str | None = None
    figures: list[float] = field(default_factory=list)
    speaker: str | None = None
    stance: str = "asserted"


@dataclass
class GenDoc:
    id: str
    side: str
    publisher: str
    kind: str
    published: str
    title: str
    text: str
    said: list[Said] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


class Writer:
    """Builds a text paragraph by paragraph, keeping sentence offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.said: list[Said] = []
        self.paragraphs: list[tuple[int, int]] = []

    def paragraph(self, sentences: list[tuple[str, Said | None]]) -> None:
        if self.parts:
            self._add("\n\n")
        start = self.length
        for i, (sentence, said) in enumerate(sentences):
            if i:
                self._add(" ")
            if said is not None:
                said.start, said.end = self.length, self.length + len(sentence)
                self.said.append(said)
            self._add(sentence)
        self.paragraphs.append((start, self.length))

    def _add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    @property
    def text(self) -> str:
        return "".join(self.parts) + "\n"


def fmt_date(d: date, rng: random.Random, published: date) -> str:
    """A date as a writer would put it: several styles, some relative."""
    style = rng.randrange(6)
    if style == 0:
        return f"on {d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == 1:
        return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 2:
        return f"on {WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]}"
    if style == 3 and (published - d).days == 1:
        return "yesterday"
    if style == 4:
        return f"in the early hours of {d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"on {d.day} {MONTHS[d.month - 1]}"


def num(n: int, rng: random.Random) -> str:
    return NUMBER_WORDS[n] if n in NUMBER_WORDS and rng.random() < 0.5 else str(n)


def cap(s: str) -> str:
    return s[0].upper() + s[1:]


class Generator:
    def __init__(self, seed: int = 7, world: Path = WORLD) -> None:
        self.rng = random.Random(seed)
        self.world = yaml.safe_load(world.read_text(encoding="utf-8"))
        self.sides = self.world["sides"]
        self.parties = [s for s, v in self.sides.items() if v["forces"]]

    # -- incidents ------------------------------------------------------------------

    def incident(self, n: int) -> dict:
        rng = self.rng
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(360))
        return {"n": n, "date": start, "place": rng.choice(self.world["places"]),
                "kind": rng.choices(["attack", "drone", "mobilize", "talks", "aid"], [5, 2, 1, 1, 1])[0],
                "killed": rng.randrange(0, 9), "wounded": rng.randrange(1, 15), "impacts": rng.randrange(8, 90)}

    def document(self, i: int, incident: dict) -> GenDoc:
        rng = self.rng
        side = rng.choices(list(self.sides), [4, 4, 1])[0]
        pub = rng.choice(self.sides[side]["publishers"])
        published = incident["date"] + timedelta(days=rng.randrange(1, 4))
        w = Writer()
        if side == "monitor":
            title = self.monitor_doc(w, incident, pub, published)
        else:
            title = self.party_doc(w, side, incident, pub, published)
        return GenDoc(f"doc{i:06d}", side, pub["name"], pub["kind"], published.isoformat(), title, w.text, w.said,
                      w.paragraphs)

    def party_doc(self, w: Writer, side: str, inc: dict, pub: dict, published: date) -> str:
        rng = self.rng
        own, other = self.sides[side], self.sides[next(p for p in self.parties if p != side)]
        place, when = inc["place"], fmt_date(inc["date"], rng, published)
        iso = inc["date"].isoformat()
        # Each side inflates the other's guilt and its own losses.
        killed = inc["killed"] + rng.randrange(0, 4)
        wounded = inc["wounded"] + rng.randrange(0, 6)
        title = rng.choice([f"Statement on the events near {place.removeprefix('the ')}",
                            f"{cap(other['forces'][0])} violate the ceasefire",
                            f"Briefing on the situation in {place.removeprefix('the ')}",
                            f"Update from {pub['name']}"])
        w.paragraph([(title, None)])
        lead: list[tuple[str, Said | None]] = []
        if inc["kind"] in ("attack", "drone"):
            verb, ptype = (rng.choice(["shelled", "fired artillery at", "attacked", "opened fire on"]), "ASSAULT") \
                if inc["kind"] == "attack" else (rng.choice(["struck", "attacked"]), "ASSAULT")
            weapon = " with drones" if inc["kind"] == "drone" else ""
            forces, target = rng.choice(other["forces"]), rng.choice(own["positions"])
            casualties = (f", killing {num(killed, rng)} soldiers and wounding {num(wounded, rng)}" if killed
                          else f", wounding {num(wounded, rng)} people")
            sent = rng.choice([
                f"{cap(when)}, {forces} {verb} {target} near {place}{weapon}{casualties}.",
                f"{cap(forces)} {verb} {target} near {place}{weapon} {when}{casualties}.",
            ])
            figures = [float(killed)] if killed else [float(wounded)]
            lead.append((sent, Said(0, 0, "event", ptype, verb.split()[0], other["country"], own["country"], iso,
                                    place, figures)))
            lead.append((rng.choice([
                f"This is a grave violation of the ceasefire agreement of {self.world['ceasefire']}.",
                "The attack was unprovoked.",
                f"Our units returned fire only after {num(inc['impacts'] // 3 + 2, rng)} shells had landed.",
            ]), Said(0, 0, "figure" if "shells" in lead[-1][0] else "background")))
        elif inc["kind"] == "mobilize":
            n = rng.randrange(10, 60)
            forces = rng.choice(other["forces"])
            lead.append((f"{cap(when)}, {forces} moved {n} tanks towards {place}.",
                         Said(0, 0, "event", "MOBILIZE", "moved", other["country"], None, iso, place, [float(n)])))
            lead.append(("We regard this deployment as a direct threat.", None))
        elif inc["kind"] == "talks":
            lead.append((f"Delegations of both governments met at the Brask crossing {when} to discuss an "
                         f"exchange of prisoners.",
                         Said(0, 0, "event", "CONSULT", "met", own["country"], other["country"], iso, "Brask")))
            lead.append((rng.choice(["The talks will continue next month.", "No agreement was reached."]), None))
        else:
            trucks = rng.randrange(5, 50)
            lead.append((f"A convoy of {trucks} trucks with food and medicine reached {place} {when}.",
                         Said(0, 0, "event", "AID", "reached", own["country"], None, iso, place, [float(trucks)])))
        w.paragraph(lead)
        quote = rng.choice([
            "We will not accept attacks on our people, and we will respond if they continue",
            "The world must see who is breaking the ceasefire",
            "Our forces acted with restraint and within the law",
            "We remain ready for talks, but not under fire",
        ])
        speaker = pub["speaker"]
        qsent = rng.choice([f'"{quote}," said {speaker}.', f'{cap(speaker)} said: "{quote}."'])
        w.paragraph([(qsent, Said(0, 0, "quote", speaker=speaker))])
        deny = rng.choice([
            f"The claims made in {other['capital']} that {own['forces'][0]} fired first are false.",
            f"{cap(own['forces'][0])} did not fire on civilian areas.",
            f"We reject the accusations published by {other['capital']} as propaganda.",
        ])
        w.paragraph([(deny, Said(0, 0, "event", "REJECT", "reject", own["country"], other["country"], None, None,
                                 stance="denied" if "did not" in deny else "asserted"))])
        if rng.random() < 0.6:
            prev = inc["date"] - timedelta(days=rng.randrange(3, 40))
            w.paragraph([(f"Since {prev.day} {MONTHS[prev.month - 1]}, {num(rng.randrange(3, 20), rng)} similar "
                          f"incidents have been recorded in {rng.choice(self.world['places'])}.",
                          Said(0, 0, "figure"))])
        return title

    def monitor_doc(self, w: Writer, inc: dict, pub: dict, published: date) -> str:
        rng = self.rng
        place, when = inc["place"], fmt_date(inc["date"], rng, published)
        title = f"Monitoring mission report: {place.removeprefix('the ')}"
        w.paragraph([(title, None)])
        w.paragraph([
            (f"{cap(when)}, the mission recorded at least {inc['impacts']} impacts near {place}.",
             Said(0, 0, "event", "ASSAULT", "recorded", None, None, inc["date"].isoformat(), place,
                  [float(inc["impacts"])])),
            (rng.choice(["The mission could not establish which side fired first.",
                         "Shelling was observed in both directions."]), None),
        ])
        w.paragraph([(f"Monitors confirmed {num(max(inc['killed'], 1), rng)} people killed and "
                      f"{num(inc['wounded'], rng)} injured.", Said(0, 0, "figure",
                                                                   figures=[float(max(inc['killed'], 1))]))])
        w.paragraph([(f'"Both sides must respect the line of separation," said {pub["speaker"]}.',
                      Said(0, 0, "quote", speaker=pub["speaker"]))])
        return title


def generate(n: int, seed: int = 7, world: Path = WORLD) -> list[GenDoc]:
    """``n`` distinct documents about ``n // 3 + 1`` incidents (several accounts each)."""
    gen = Generator(seed, world)
    incidents = [gen.incident(k) for k in range(n // 3 + 1)]
    docs: list[GenDoc] = []
    seen: set[str] = set()
    while len(docs) < n:  # identical texts happen (same incident, same choices): the store keeps one
        doc = gen.document(len(docs), gen.rng.choice(incidents))
        if doc.text not in seen:
            seen.add(doc.text)
            docs.append(doc)
    return docs


def write_files(docs: list[GenDoc], out: Path, world: Path = WORLD) -> None:
    data = yaml.safe_load(world.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for key, name in (("actors_file", "actors.yaml"), ("gazetteer_file", "gazetteer.yaml")):
        shutil.copyfile((world.parent / data[key]).resolve(), out / name)
    by_side: dict[str, list[GenDoc]] = {}
    for d in docs:
        by_side.setdefault(d.side, []).append(d)
    for side, side_docs in by_side.items():
        folder = out / side
        folder.mkdir(exist_ok=True)
        for d in side_docs:
            (folder / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
        manifest = {"corpus": "synthetic", "actors": ["../actors.yaml"], "gazetteer": ["../gazetteer.yaml"],
                    "documents": {f"{d.id}.txt": {"publisher": d.publisher, "published": d.published,
                                                  "side": d.side, "kind": d.kind, "title": d.title}
                                  for d in side_docs}}
        (folder / "parallax.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def write_jsonl(docs: list[GenDoc], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d.id, "url": f"https://{d.side}.example/{d.id}", "publisher": d.publisher,
                                 "date": d.published, "side": d.side, "title": d.title, "kind": d.kind,
                                 "text": d.text}, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=["files", "jsonl"], default="files")
    ap.add_argument("--truth", type=Path, help="Also write what each document says (JSONL).")
    args = ap.parse_args()
    docs = generate(args.n, args.seed)
    if args.format == "files":
        write_files(docs, args.out)
    else:
        write_jsonl(docs, args.out)
    if args.truth:
        with args.truth.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(asdict(d), default=str) + "\n")
    words = sum(len(d.text.split()) for d in docs)
    print(f"wrote {len(docs)} documents ({words} words) to {args.out}")


if __name__ == "__main__":
    main()
