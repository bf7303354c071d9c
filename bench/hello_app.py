"""The login benchmark's baseline: one Litestar route that does nothing, served like `ingesta serve`.

python bench/hello_app.py PORT WORKERS
"""

from __future__ import annotations

import sys

import uvicorn
from litestar import Litestar, post


@post("/hello", status_code=200)
async def hello() -> dict[str, str]:
    return {"hello": "world"}


def create_app() -> Litestar:
    return Litestar(route_handlers=[hello], debug=False, logging_config=None)


def main(port: int, workers: int) -> None:
    # The same server options as entrypoints.cli.serve_command, so only the application differs.
    uvicorn.run(
        "hello_app:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        proxy_headers=False,
        log_level="warning",
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
