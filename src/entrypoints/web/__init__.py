"""The web page: server-rendered templates, a little plain JavaScript, every asset served by the app."""

from __future__ import annotations

from litestar.router import Router
from litestar.static_files import create_static_files_router

from entrypoints.web.column_matching_page import ColumnMatchingController
from entrypoints.web.dataset_page_controller import DatasetPageController
from entrypoints.web.error_download_controller import ErrorDownloadController
from entrypoints.web.fix_cells import FixCellsController
from entrypoints.web.page_controller import PageController
from entrypoints.web.rendering import STATIC, template_config
from entrypoints.web.session_controller import SessionController
from entrypoints.web.upload_page_controller import UploadPageController
from entrypoints.web.web_errors import WEB_EXCEPTION_HANDLERS
from entrypoints.web.web_security import add_security_headers

__all__ = ["template_config", "web_route_handlers"]


def web_route_handlers() -> list[Router]:
    """The pages (HTML errors and security headers on every answer) and their static assets."""
    pages = Router(
        path="/",
        route_handlers=[
            PageController,
            DatasetPageController,
            SessionController,
            UploadPageController,
            ErrorDownloadController,
            ColumnMatchingController,
            FixCellsController,
        ],
        after_request=add_security_headers,
        exception_handlers=WEB_EXCEPTION_HANDLERS,
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC], after_request=add_security_headers, include_in_schema=False
    )
    return [pages, static]
