"""The done-when folder of issue 11, at full size: good documents mixed with
an empty file, random bytes named .txt, a truncated PDF, random bytes behind
a PDF header, an encrypted PDF, a corrupt DOCX, a DOCX that unpacks to
4 GiB (a real zip bomb, ~4 MB), billion-laughs DOCX and HTML, an external
entity, HTML nested 200,000 deep, 10 MB of text with no sentence end and a
file with NUL bytes. Runs `parallax analyze` over it and prints, per file,
stored or the reason, with the wall time and the child's peak RSS.

    .venv/bin/python bench/hostile_folder.py                    # default limits
    .venv/bin/python bench/hostile_folder.py --max-chars 20000000 --timeout 900
    .venv/bin/python bench/hostile_folder.py --annotate-only     # sectioned NLP on the 10 MB text alone

With a raised PARALLAX_MAX_CHARS the 10 MB text and the 200,000-deep HTML
are read and analysed (the NLP in sections); ``--annotate-only`` measures
parallax.nlp.annotate on the 10 MB text by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile

PARALLAX = ROOT / ".venv" / "bin" / "parallax"
ANNOTATE = """
import resource, sys, time
sys.path.insert(0, {tests!r})
import hostile
from parallax.config import Limits
from parallax.read import read_bytes
from parallax import nlp
nlp.load()
doc = read_bytes(hostile.no_sentence_end_text({size}), "dump.txt", Limits(max_chars=10**9))
t = time.monotonic()
analysis, spacy_doc = nlp.annotate(doc)
spans = nlp.sections(nlp.analysis_text(doc), nlp._boundaries(doc), nlp.SECTION_CHARS)
print(f"annotate: {{len(doc.text)}} characters, {{len(spans)}} sections, {{len(spacy_doc)}} tokens, "
      f"{{len(analysis.sentences)}} sentences, {{time.monotonic() - t:.1f}} s")
"""


def _child_peak_mib(before_kib: int) -> float:
    return max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before_kib) / 1024


def annotate_only(size: int) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    code = ANNOTATE.format(tests=str(ROOT / "tests"), size=size)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    print(proc.stdout.strip() or proc.stderr[-2000:])
    print(f"child wall time {time.monotonic() - started:.1f} s, peak RSS {_child_peak_mib(before):.0f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-chars", type=int, default=None, help="PARALLAX_MAX_CHARS for the run")
    ap.add_argument("--timeout", type=int, default=None, help="PARALLAX_TIMEOUT for the run")
    ap.add_argument("--bomb-gib", type=float, default=4.0)
    ap.add_argument("--annotate-only", action="store_true")
    ap.add_argument("--text-bytes", type=int, default=10 * 1024 * 1024)
    args = ap.parse_args()
    if args.annotate_only:
        annotate_only(args.text_bytes)
        return 0
    work = Path(tempfile.mkdtemp(prefix="parallax_hostile_"))
    folder = work / "folder"
    t0 = time.monotonic()
    good, bad = hostile.write_folder(folder, good=6, bomb_gib=args.bomb_gib, text_bytes=args.text_bytes)
    print(f"built {len(good)} good + {len(bad)} hostile files in {folder} ({time.monotonic() - t0:.0f} s)")
    env = dict(os.environ)
    env.pop("PARALLAX_DB", None)
    if args.max_chars:
        env["PARALLAX_MAX_CHARS"] = str(args.max_chars)
    if args.timeout:
        env["PARALLAX_TIMEOUT"] = str(args.timeout)
    db = work / "store.db"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    proc = subprocess.run([str(PARALLAX), "analyze", str(folder), "--db", str(db), "--quiet"], capture_output=True,
                          text=True, env=env, check=False)
    elapsed = time.monotonic() - started
    peak = _child_peak_mib(before)
    failed = {line.split(": ", 1)[0].removeprefix("failed ").rsplit("/", 1)[-1]: line.split(": ", 1)[1]
              for line in proc.stderr.splitlines() if line.startswith("failed ")}
    for name in sorted(good + bad):
        print(f"  {name:28s} {'FAILED ' + failed[name] if name in failed else 'stored'}")
    stats = json.loads(subprocess.run([str(PARALLAX), "stats", "--json", "--db", str(db)], capture_output=True,
                                      text=True, check=False).stdout)
    traceback = "Traceback" in proc.stdout + proc.stderr
    print(f"exit {proc.returncode}, {stats['documents']} stored, {stats['failed']} failed, traceback: {traceback}")
    print(f"wall time {elapsed:.1f} s, peak RSS of the analyze process {peak:.0f} MiB")
    ok = (proc.returncode == 1 and not traceback and stats["documents"] >= len(good)
          and all(name in failed for name in bad if name in hostile.EXPECTED_CODES and not args.max_chars)
          and peak < 2048 and elapsed < 300)
    print("PASS" if ok else "CHECK THE LINES ABOVE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
