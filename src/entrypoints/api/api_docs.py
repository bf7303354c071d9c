"""The interactive API docs, served from the package: Swagger UI vendored under static/, no CDN.

Litestar's renderers load their scripts from a CDN by default (unpinned, no SRI, blank offline); here the
page points at the copy this package ships, served by the app at ASSETS_PATH.
"""

from __future__ import annotations

from pathlib import Path

from litestar.openapi.plugins import OpenAPIRenderPlugin, SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

SWAGGER_UI_VERSION = "5.35.0"  # see static/swagger-ui/VENDORED.md
ASSETS_PATH = "/schema-assets"
_ASSETS = Path(__file__).parent / "static"
_SWAGGER = f"{ASSETS_PATH}/swagger-ui"


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """Swagger UI at /schema (the default page) and /schema/swagger, every asset local."""
    return [
        SwaggerRenderPlugin(
            version=SWAGGER_UI_VERSION,
            js_url=f"{_SWAGGER}/swagger-ui-bundle.js",
            css_url=f"{_SWAGGER}/swagger-ui.css",
            standalone_preset_js_url=f"{_SWAGGER}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{_SWAGGER}/favicon-32x32.png'>",
            path=["/", "/swagger"],
        )
    ]


def docs_assets_router() -> Router:
    return create_static_files_router(path=ASSETS_PATH, directories=[_ASSETS], include_in_schema=False)
