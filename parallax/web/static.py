"""The workbench's scripts and styles, served from memory.

A handful of small files that never change while the server runs: read
once, answered without a file-system call or a thread hop, with an ETag
(a browser's revalidation gets 304) and a short max-age. Only the files
present in the folder when the server starts are served, by exact name, so
no path can reach anything else.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from starlette.responses import PlainTextResponse, Response

MAX_AGE = 300  # seconds a browser may use a file without asking again
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".json": "application/json", ".gz": "application/gzip"}


class MemoryStatic:
    """An ASGI app answering GET/HEAD for the files directly inside ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.files: dict[str, tuple[bytes, str, str]] = {}
        for path in sorted(Path(folder).iterdir()):
            if path.is_file() and not path.name.startswith("."):
                data = path.read_bytes()
                kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                self.files[path.name] = (data, kind, '"' + hashlib.sha256(data).hexdigest()[:32] + '"')

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path, root = scope.get("path", ""), scope.get("root_path", "")
        name = (path[len(root):] if root and path.startswith(root) else path).lstrip("/")  # below the mount
        found = self.files.get(name)
        if scope.get("method") not in ("GET", "HEAD"):
            response: Response = PlainTextResponse("method not allowed", status_code=405)
        elif found is None:
            response = PlainTextResponse("not found", status_code=404)
        else:
            data, kind, etag = found
            headers = {"ETag": etag, "Cache-Control": f"max-age={MAX_AGE}"}
            given = dict(scope.get("headers", [])).get(b"if-none-match", b"").decode("latin-1")
            if etag in [t.strip() for t in given.split(",")]:
                response = Response(status_code=304, headers=headers)
            else:
                response = Response(data if scope["method"] == "GET" else b"", media_type=kind, headers=headers)
                if scope["method"] == "HEAD":
                    response.headers["content-length"] = str(len(data))
        await response(scope, receive, send)
