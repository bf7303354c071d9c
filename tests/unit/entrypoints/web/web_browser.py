"""A TestClient with a browser's habits, shared by the web page's HTTP tests."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from entrypoints.container import Container

PASSWORD = "correct horse battery staple"
XHR = {"X-Requested-With": "XMLHttpRequest"}


class Browser:
    """A TestClient with the page's habits: it reads the CSRF token from the page it was given."""

    def __init__(self, client: TestClient, container: Container) -> None:
        self.client = client
        self.container = container

    def csrf(self) -> str:
        page = self.client.get("/ui/upload" if "ingesta_session" in self.client.cookies else "/")
        match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert match, page.text
        return match.group(1)

    def log_in(self, username: str | None = None, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        fields = {"username": username, "password": password} if username else {"anonymous": "1"}
        return self.client.post("/ui/login", data={"_csrf": self.csrf(), **fields}, follow_redirects=False)

    def upload(
        self,
        content: bytes,
        *,
        dataset: str = "sales",
        on_error: str = "reject",
        name: str = "sales.csv",
        **fields: str,
    ):  # type: ignore[no-untyped-def]
        headers = {**XHR, "X-CSRF-Token": self.csrf()}
        return self.client.post(
            "/ui/upload",
            headers=headers,
            files={"file": (name, content, "text/csv")},
            data={"dataset": dataset, "on_error": on_error, **fields},
        )
