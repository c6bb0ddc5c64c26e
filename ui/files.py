"""Files attached to messages (uploads, exports), kept on local disk for the conversation history.

Chainlit names them `<user id>/<element id>/<name>`; `/hookline/files/...` serves each one
to its owner only.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from chainlit.data.storage_clients.base import BaseStorageClient

FILES_ROUTE = "/hookline/files"


class LocalFileStorage(BaseStorageClient):
    """Keeps message files on local disk; Chainlit names them `<user id>/<element id>/<name>`."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_of(self, object_key: str) -> Path | None:
        """The file for a key, or None when the key would leave the folder."""
        path = (self.root / object_key).resolve()
        return path if path.is_relative_to(self.root) and path != self.root else None

    async def upload_file(
        self, object_key: str, data: bytes | str, mime: str = "application/octet-stream",
        overwrite: bool = True, content_disposition: str | None = None,
    ) -> dict[str, Any]:
        path = self.path_of(object_key)
        if path is None:
            return {}
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": await self.get_read_url(object_key)}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        path = self.path_of(object_key)
        if path is None or not path.is_file():
            return False
        path.unlink()
        return True

    async def get_read_url(self, object_key: str) -> str:
        return f"{FILES_ROUTE}/{object_key}"

    async def close(self) -> None:
        return None


def install_files_route(app: Any, storage_of: Any) -> None:
    """Serve `/hookline/files/<user id>/...` to that user only, ahead of Chainlit's catch-all route."""
    from chainlit.auth import get_current_user
    from fastapi import Depends, HTTPException
    from fastapi.responses import FileResponse

    if any(getattr(route, "path", "") == f"{FILES_ROUTE}/{{object_key:path}}" for route in app.router.routes):
        return

    async def serve_file(object_key: str, current_user: Any = Depends(get_current_user)) -> FileResponse:
        storage: LocalFileStorage | None = storage_of()
        owner = object_key.split("/", 1)[0]
        if storage is None or current_user is None or getattr(current_user, "id", None) != owner:
            raise HTTPException(status_code=404, detail="Not found")
        path = storage.path_of(object_key)
        if path is None or not path.is_file():
            raise HTTPException(status_code=404, detail="Not found")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media_type, filename=path.name)

    app.add_api_route(f"{FILES_ROUTE}/{{object_key:path}}", serve_file, methods=["GET"], include_in_schema=False)
    app.router.routes.insert(0, app.router.routes.pop())  # ahead of Chainlit's catch-all page route
