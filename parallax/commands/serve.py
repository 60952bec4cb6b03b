"""``parallax serve``: the web workbench over a store (see parallax.web)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import typer

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    from ..cli import DbOption

    @app.command()
    def serve(
        db: str | None = DbOption,
        host: str = typer.Option(LOOPBACK, "--host", help="Address to bind (default loopback only)."),
        port: int = typer.Option(8000, "--port", help="TCP port."),
        token: str | None = typer.Option(None, "--token", envvar="PARALLAX_TOKEN",
                                            help="Token that writes (review, upload) need; default: $PARALLAX_TOKEN, else a new one is printed."),
        data_dir: Path = typer.Option(Path("parallax-data"), "--data-dir",
                                      help="Folder for uploads and exports (nothing is written outside it)."),
        max_upload_mb: float = typer.Option(10.0, "--max-upload-mb", help="Largest upload accepted, in MB."),
        workers: int = typer.Option(1, "--workers", min=1, help="Server processes (each opens the store itself)."),
    ) -> None:
        """Serve the web workbench: browse, search, upload, review and export."""
        import uvicorn

        from ..cli import console, db_url, fail
        from ..errors import ParallaxError
        from ..web import create_app
        from ..web.security import new_token

        if max_upload_mb <= 0:
            fail("--max-upload-mb must be positive")
        generated = not token
        token = token or new_token()
        hosts = ["127.0.0.1", "localhost", "[::1]", host] if is_loopback(host) else None
        url = db_url(db)
        try:
            web = create_app(url, token, data_dir, max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                             allowed_hosts=hosts)
        except (ParallaxError, OSError) as exc:
            fail(str(exc))
        if not is_loopback(host):
            console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can read the store")
        if generated:
            console.print("write token (give it to analysts; set PARALLAX_TOKEN to keep one):", highlight=False)
            console.print(token, highlight=False, soft_wrap=True, markup=False)
        console.print(f"Parallax workbench on http://{host}:{port}/  (store {web.state.store.url}, data {data_dir})",
                      highlight=False)
        log_level = os.environ.get("PARALLAX_LOG_LEVEL", "warning")
        if workers == 1:
            uvicorn.run(web, host=host, port=port, log_level=log_level, server_header=False)
            return
        # Several processes: uvicorn imports the app factory in each worker,
        # which reads its settings from the environment (web.app.app_from_env).
        os.environ.update({"PARALLAX_DB": url, "PARALLAX_TOKEN": token,
                           "PARALLAX_WEB_DATA": str(data_dir),
                           "PARALLAX_WEB_MAX_UPLOAD": str(int(max_upload_mb * 1024 * 1024)),
                           "PARALLAX_WEB_HOSTS": ",".join(hosts or [])})
        web.state.store.close()
        uvicorn.run("parallax.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                    log_level=log_level, server_header=False)
