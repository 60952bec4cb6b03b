#!/usr/bin/env python3
"""Known vulnerabilities in requirements.lock, from PyPI's own advisory data.

Why not only pip-audit: pip-audit's PyPI service asks
``https://pypi.org/pypi/<name>/<version>/json`` for every pin, and on this
network (PyPI reachable through a proxy, OSV not reachable) that per-release
endpoint answers 404, so pip-audit skips every package and checks nothing.
The per-project endpoint ``https://pypi.org/pypi/<name>/json`` does answer;
its ``vulnerabilities`` list (OSV records, the same data pip-audit reads) is
the list for the project's newest release. So a pin equal to the newest
release is checked exactly; an older pin is checked only for advisories that
are still open in the newest release (any such advisory with no ``fixed_in``
at or below our pin affects us too), and is reported as "partly checked".

Exit codes: 0 no known vulnerability, 1 vulnerabilities found, 2 nothing
could be checked (network), 3 none found but some pins only partly checked
and ``--strict`` was given.

    python scripts/audit_pypi.py [--lock requirements.lock] [--json] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Overridable so the tests can serve advisories from a local server.
INDEX = os.environ.get("AUDIT_INDEX_URL", "https://pypi.org/pypi/{name}/json")
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


@dataclass
class Finding:
    """One pinned package and what PyPI knows about it."""

    name: str
    version: str
    newest: str | None = None
    status: str = "unchecked"  # checked | partly-checked | unchecked
    vulnerabilities: list[dict] = field(default_factory=list)
    error: str | None = None


def read_pins(lock: Path) -> list[tuple[str, str]]:
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins.append((match.group(1), match.group(2)))
    return pins


def _version_key(version: str) -> tuple:
    parts = re.findall(r"\d+|[a-z]+", version.lower())
    return tuple((0, int(p)) if p.isdigit() else (-1, p) for p in parts)


def _affects(vuln: dict, version: str) -> bool:
    """An advisory open in the newest release affects an older pin unless a
    fix is listed at or below that pin."""
    fixed = vuln.get("fixed_in") or []
    return not any(_version_key(f) <= _version_key(version) for f in fixed)


def check(name: str, version: str, timeout: float = 20.0) -> Finding:
    finding = Finding(name, version)
    try:
        with urllib.request.urlopen(INDEX.format(name=name), timeout=timeout) as resp:
            data = json.load(resp)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
        finding.error = f"{type(exc).__name__}: {exc}"
        return finding
    finding.newest = data.get("info", {}).get("version")
    vulns = data.get("vulnerabilities") or []
    exact = finding.newest == version
    finding.status = "checked" if exact else "partly-checked"
    finding.vulnerabilities = [
        {"id": v.get("id"), "aliases": v.get("aliases"), "fixed_in": v.get("fixed_in"),
         "summary": (v.get("summary") or v.get("details") or "")[:200]}
        for v in vulns if exact or _affects(v, version)
    ]
    return finding


def audit(lock: Path) -> list[Finding]:
    pins = read_pins(lock)
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda p: check(*p), pins))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=Path(__file__).parent.parent / "requirements.lock")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--strict", action="store_true",
                        help="exit 3 when some pins could only partly be checked")
    args = parser.parse_args(argv)
    findings = audit(args.lock)
    vulnerable = [f for f in findings if f.vulnerabilities]
    unreachable = [f for f in findings if f.error]
    partly = [f for f in findings if f.status == "partly-checked"]
    if args.json:
        print(json.dumps([asdict(f) for f in findings], indent=1))
    else:
        for f in vulnerable:
            for v in f.vulnerabilities:
                print(f"VULNERABLE {f.name}=={f.version}: {v['id']} fixed in {v['fixed_in']} — {v['summary']}")
        for f in unreachable:
            print(f"unchecked  {f.name}=={f.version}: {f.error}")
        print(f"audit: {len(findings)} pins; {len(findings) - len(partly) - len(unreachable)} checked exactly, "
              f"{len(partly)} older than PyPI's newest release (checked against advisories still open there), "
              f"{len(unreachable)} unreachable; {len(vulnerable)} with known vulnerabilities")
    if vulnerable:
        return 1
    if len(unreachable) == len(findings):
        return 2
    if args.strict and (partly or unreachable):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
