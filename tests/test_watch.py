"""parallax watch: feeds and pages from a local HTTP server (fictional texts)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from parallax.fetch import FetchPolicy
from parallax.watch import Watcher, load_sources

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

PAGES = {
    "/veldra/shelling.html": (
        "Statement on the shelling near Dorva",
        "On 3 March 2025 Ostmarkian forces shelled Veldran positions near Dorva, killing three soldiers. "
        "The Ministry of Defence condemns this violation of the ceasefire."),
    "/veldra/aid.html": (
        "Aid convoy reaches Tamber",
        "A convoy of forty trucks with food and medicine reached Tamber on 10 March 2025. "
        "The government thanks the volunteers who organised it."),
    "/ostmark/trade.html": (
        "Trade talks in Kessel",
        "Trade ministers met in Kessel on 1 February 2025 to discuss grain exports. "
        "The talks will continue next month."),
    "/monitor/latest.html": (
        "Monitoring mission update",
        "The Joint Monitoring Mission recorded 14 ceasefire violations in the Harn Valley during February 2025. "
        "Patrols continued along the line of separation."),
    "/ostmark/dorva.html": (
        "Briefing on the incident at Dorva",
        "On 3 March 2025 Veldran forces shelled Ostmarkian positions near Dorva, killing five soldiers. "
        "The Foreign Ministry rejects the claims made in Marrow."),
}


def page_html(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{body}</p></body></html>").encode()


def rss(items: list[tuple[str, str, str]], base: str) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{base}{path}</link><pubDate>{d}</pubDate></item>"
                      for path, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>news</title><link>{base}/</link>'
            f"<description>d</description>{entries}</channel></rss>").encode()


class State:
    ostmark_items = [("/ostmark/trade.html", "Trade talks", "Sat, 01 Feb 2025 10:00:00 GMT")]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        if self.path == "/veldra/feed.xml":
            body, ctype = rss([("/veldra/shelling.html", "Shelling", "Tue, 04 Mar 2025 09:00:00 GMT"),
                               ("/veldra/aid.html", "Aid", "Mon, 10 Mar 2025 09:00:00 GMT")], base), "application/rss+xml"
        elif self.path == "/ostmark/feed.xml":
            body, ctype = rss(State.ostmark_items, base), "application/rss+xml"
        elif self.path in PAGES:
            body, ctype = page_html(*PAGES[self.path]), "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    State.ostmark_items = [("/ostmark/trade.html", "Trade talks", "Sat, 01 Feb 2025 10:00:00 GMT")]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def sources_file(tmp_path: Path, server: str) -> Path:
    data = {
        "corpus": "watch-test",
        "actors": [str(EXAMPLES / "actors.yaml")],
        "gazetteer": [str(EXAMPLES / "gazetteer.yaml")],
        "sources": [
            {"feed": f"{server}/veldra/feed.xml", "side": "veldra", "publisher": "Ministry of Defence of Veldra"},
            {"feed": f"{server}/ostmark/feed.xml", "side": "ostmark", "publisher": "Ostmarkian Foreign Ministry"},
            {"page": f"{server}/monitor/latest.html", "side": "monitor", "publisher": "JMM"},
        ],
    }
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_polls_deduplicates_and_reports_new_contradiction(tmp_path: Path, server: str, sources_file: Path) -> None:
    watcher = Watcher(load_sources(sources_file), f"sqlite:///{tmp_path / 'w.db'}", FetchPolicy(allow_private=True))
    first = watcher.poll()
    assert sorted(u.replace(server, "") for u in first.stored) == [
        "/monitor/latest.html", "/ostmark/trade.html", "/veldra/aid.html", "/veldra/shelling.html"]
    assert first.failed == []
    assert watcher.store.stats()["documents"] == 4

    second = watcher.poll()
    assert second.stored == [] and second.failed == [] and second.contradictions == []
    assert second.unchanged == 4  # three feed entries by URL, the page by content hash
    assert watcher.store.stats()["documents"] == 4

    State.ostmark_items.append(("/ostmark/dorva.html", "Dorva", "Wed, 05 Mar 2025 09:00:00 GMT"))
    third = watcher.poll()
    assert third.stored == [f"{server}/ostmark/dorva.html"]
    assert watcher.store.stats()["documents"] == 5
    assert third.contradictions, "the new briefing contradicts the stored statement"
    hit = third.contradictions[0]
    assert hit.new == f"{server}/ostmark/dorva.html" and hit.stored == f"{server}/veldra/shelling.html"
    assert hit.on == "initiator"
    stored = watcher.store.load_analysis(f"{server}/ostmark/dorva.html").document.meta
    assert (stored.side, stored.published) == ("ostmark", "2025-03-05")


def test_private_addresses_refused_without_allowance(tmp_path: Path, sources_file: Path) -> None:
    watcher = Watcher(load_sources(sources_file), f"sqlite:///{tmp_path / 'w.db'}")
    result = watcher.poll()
    assert result.stored == [] and len(result.failed) == 3
    assert all("refused" in reason for _, reason in result.failed)


def test_cli_once(tmp_path: Path, sources_file: Path) -> None:
    from parallax.cli import app

    db = tmp_path / "cli.db"
    res = CliRunner().invoke(app, ["watch", str(sources_file), "--once", "--allow-private", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "4 new, 0 unchanged, 0 failed" in res.output


def test_bad_sources_file(tmp_path: Path) -> None:
    from parallax.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [{nothing: here}]")
    res = CliRunner().invoke(app, ["watch", str(bad), "--once", "--db", str(tmp_path / "x.db")])
    assert res.exit_code != 0 and "feed" in res.output
