"""`ingesta upload FILE.csv --dataset NAME`: send a file to a running service and print its report."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

import msgspec

from domain.uploads.content_sniffing import is_xlsx
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from entrypoints.cli import messages
from entrypoints.cli.cli_language import language, say
from entrypoints.cli.direct_transfer import DIRECT_FROM_BYTES, send_direct
from entrypoints.cli.follow_upload import follow
from entrypoints.cli.progress import ProgressBar, open_with_progress
from entrypoints.cli.report_table import render_report

if TYPE_CHECKING:
    # httpx is imported by the commands that call the service, not by `ingesta --help` or `validate`.
    import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
EXIT_LOADED, EXIT_REFUSED, EXIT_USAGE, EXIT_SERVICE = 0, 1, 2, 3
# Cancelled on purpose (Ctrl-C here, or a Cancel on the page): the status a shell gives a command
# stopped by Ctrl-C, so a script tells it from a file the service refused.
EXIT_CANCELLED = 130
# From this size on, the service is asked to process the file as a job (`Prefer: respond-async`) and the
# command follows it, so its progress shows on stderr; below it the whole upload takes well under a
# second and the answer in the request (201 / 422) is quicker than a single poll.
FOLLOW_FROM_BYTES = 1024 * 1024


def timeout() -> httpx.Timeout:
    """Validating and loading a large file takes a while after the last byte is sent."""
    import httpx

    return httpx.Timeout(30.0, read=600.0)


def _token(arguments: argparse.Namespace) -> str | None:
    """From --token-file, then --token (with a warning), then INGESTA_TOKEN."""
    if getattr(arguments, "token_file", None):
        if arguments.token_file == "-":
            return sys.stdin.readline().strip() or None
        with open(arguments.token_file, encoding="utf-8") as file:
            return file.readline().strip() or None
    if arguments.token:
        print(f"ingesta: {say('cli.token_visible')}", file=sys.stderr)
        return str(arguments.token)
    return os.environ.get("INGESTA_TOKEN") or None


class UploadFailed(Exception):
    """The service refused or could not take the upload; `exit_code` says which."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "upload",
        help=say("help.upload"),
        description=say("help.upload.description"),
        epilog=say("help.upload.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help=say("help.upload.file"))
    parser.add_argument("--sheet", help=say("help.sheet"))
    add_load_options(parser)
    add_connection_options(parser)
    parser.add_argument("--json", action="store_true", help=say("help.upload.json"))
    parser.set_defaults(handler=upload_command)


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """Where rows go and how: the upload's own parameters, shared by `upload` and `load`."""
    parser.add_argument("--dataset", required=True, help=say("help.dataset"))
    parser.add_argument(
        "--on-error",
        choices=[policy.value for policy in OnError],
        default="reject",
        help=say("help.on_error"),
    )
    parser.add_argument(
        "--mode",
        choices=[mode.value for mode in LoadMode],
        default="append",
        help=say("help.mode"),
    )


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Where the service is and how to authenticate; shared by every command that calls it."""
    parser.add_argument("--url", default=os.environ.get("INGESTA_URL", DEFAULT_URL), help=say("help.url"))
    parser.add_argument(
        "--token",
        help=say("help.token"),
    )
    parser.add_argument("--token-file", metavar="PATH", help=say("help.token_file"))
    parser.add_argument("--username", help=say("help.username"))
    parser.add_argument("--password-stdin", action="store_true", help=say("help.password_stdin"))


def missing_credentials(arguments: argparse.Namespace) -> bool:
    """Say what is missing (and keep the token read for `access_token`); True when the command must stop."""
    try:
        arguments.given_token = _token(arguments)
    except OSError as error:
        print(
            f"ingesta: {say('cli.cannot_read_token', reason=error.strerror or str(error))}", file=sys.stderr
        )
        return True
    if arguments.given_token or (arguments.username and arguments.password_stdin):
        return False
    print(f"ingesta: {say('cli.give_credentials')}", file=sys.stderr)
    return True


def access_token(client: httpx.Client, arguments: argparse.Namespace) -> str:
    """The given token (see `missing_credentials`), or one from logging in with the password from stdin."""
    given: str | None = getattr(arguments, "given_token", None)
    if given:
        return given
    password = sys.stdin.readline().rstrip("\r\n")
    return log_in(client, arguments.username, password)


def upload_command(arguments: argparse.Namespace, *, transport: httpx.BaseTransport | None = None) -> int:
    """`transport` lets tests answer in-process instead of over the network."""
    import httpx

    if not os.path.isfile(arguments.file):
        missing = os.path.isdir(arguments.file) and messages.is_a_directory(arguments.file)
        print(f"ingesta: {missing or messages.no_such_file(arguments.file)}", file=sys.stderr)
        return EXIT_USAGE
    if missing_credentials(arguments):
        return EXIT_USAGE
    try:
        # The service writes its problem details in the command's language.
        headers = {"Accept-Language": language()}
        with httpx.Client(
            base_url=arguments.url, timeout=timeout(), transport=transport, headers=headers
        ) as client:
            token = access_token(client, arguments)
            fields = {"dataset": arguments.dataset, "on_error": arguments.on_error, "mode": arguments.mode}
            if arguments.sheet:
                fields["sheet"] = arguments.sheet
            direct = None
            if not arguments.sheet and _direct_worth_it(arguments.file):
                direct = send_direct(client, token, arguments.file, fields, _answer, transport)
            status, body = (
                (202, direct)
                if direct is not None
                else send(
                    client, token, arguments.file, fields, respond_async=_worth_following(arguments.file)
                )
            )
            if status == 202:  # asked for, or above the service's threshold: a job, followed here
                body = follow(client, token, body)
    except UploadFailed as failure:
        print(f"ingesta: {failure}", file=sys.stderr)
        return failure.exit_code
    except httpx.HTTPError as error:
        print(f"ingesta: {unreachable(arguments.url, error)}", file=sys.stderr)
        return EXIT_SERVICE
    upload = msgspec.convert(body, Upload)
    if arguments.json:
        sys.stdout.write(msgspec.json.encode(body).decode() + "\n")
    else:
        print(
            say(
                "cli.upload_line",
                upload=upload.id,
                status=upload.status.value,
                dataset=upload.dataset,
                how=_how(upload),
                code=status,
            )
        )
        print(render_report(upload))
    return _exit_status(upload.status)


def _exit_status(status: UploadStatus) -> int:
    if status is UploadStatus.LOADED:
        return EXIT_LOADED
    if status is UploadStatus.CANCELLED:
        return EXIT_CANCELLED
    if status is UploadStatus.FAILED:
        # The service could not finish it: as a failure answered in the request (5xx), not a refusal.
        return EXIT_SERVICE
    return EXIT_REFUSED


def _how(upload: Upload) -> str:
    """Mode, counts and contract version, e.g. `upsert: 1 inserted, 2 updated; contract v3`."""
    how = upload.mode.value
    if upload.status is UploadStatus.LOADED:
        counted = "cli.how_counts_updated" if upload.updated else "cli.how_counts"
        how = say(counted, mode=how, inserted=upload.inserted, updated=upload.updated)
    if upload.schema_version is not None:
        how = say("cli.how_contract", how=how, version=upload.schema_version)
    return how


def log_in(client: httpx.Client, username: str, password: str) -> str:
    response = client.post("/auth/login", json={"username": username, "password": password})
    return str(_answer(response)["access_token"])


def send(
    client: httpx.Client, token: str, path: str, fields: dict[str, str], *, respond_async: bool = False
) -> tuple[int, dict[str, Any]]:
    """Stream the file as multipart (never whole in memory) with a bar on stderr; the Upload resource back
    (queued, with 202, when `respond_async` asks the service for a job)."""
    size = os.path.getsize(path)
    bar = ProgressBar(size, say("term.uploading"), sys.stderr, enabled=sys.stderr.isatty())
    headers = {"Authorization": f"Bearer {token}"}
    if respond_async:
        headers["Prefer"] = "respond-async"
    with open_with_progress(path, bar.update) as source:
        response = client.post(
            "/uploads",
            headers=headers,
            files={"file": (os.path.basename(path), source, _media_type(path))},
            data=fields,
        )
    bar.finish()
    return response.status_code, _answer(response, accepted=(201, 202, 422))


def _answer(response: httpx.Response, accepted: tuple[int, ...] = (200,)) -> dict[str, Any]:
    not_ours = not_an_ingesta_answer(response)
    if not_ours:
        raise UploadFailed(not_ours, EXIT_USAGE)
    if response.status_code in accepted:
        body: dict[str, Any] = response.json()
        return body
    if response.status_code == 401 and _says_token_expired(problem_detail(response)):
        raise UploadFailed(messages.token_expired(), EXIT_USAGE)
    detail = problem_detail(response)
    code = EXIT_SERVICE if response.status_code >= 500 else EXIT_REFUSED
    raise UploadFailed(say("cli.http_status", detail=detail, status=response.status_code), code)


def _says_token_expired(detail: str) -> bool:
    # The service words its refusal in the language the command asked for (Accept-Language).
    said = detail.lower()
    return "expired" in said or say("auth.token_expired") in said


def not_an_ingesta_answer(response: httpx.Response) -> str | None:
    """The sentence for an answer from something that is not Ingesta (a wrong --url), else None.

    Every answer of the service, errors included, is JSON (problem+json for errors); a 404 or an HTML
    page from a route the service has means the URL points elsewhere.
    """
    if 300 <= response.status_code < 600 and response.status_code not in (404, 405):
        return None  # e.g. a proxy's own 413 or 502: its status says enough
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    base = str(response.request.url.copy_with(path="/", query=None)).rstrip("/")
    if not media_type.endswith("json"):
        why = messages.why_answered(response.request.url.path, response.status_code, media_type)
        return messages.wrong_url(base, why)
    if response.status_code in (404, 405) and response.request.url.path in ("/auth/login", "/uploads"):
        return messages.wrong_url(base, messages.why_no_route(response.request.url.path))
    return None


def unreachable(url: str, error: httpx.HTTPError) -> str:
    """Why the service at `url` could not be asked, as one line saying what to do."""
    import httpx

    if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return messages.wrong_url(url, messages.why_not_http())
    text = str(error)
    if isinstance(error, httpx.ConnectError) and any(
        marker in text for marker in ("Name or service not known", "nodename nor servname", "name resolution")
    ):
        return messages.wrong_url(url, messages.why_no_host())
    if isinstance(error, httpx.ConnectError):
        return messages.service_not_running(url)
    return messages.cannot_reach(url, text or type(error).__name__)


def problem_detail(response: httpx.Response) -> str:
    try:
        detail = str(response.json().get("detail") or "")
    except (ValueError, AttributeError):
        detail = ""
    text = (detail or response.reason_phrase or "the service answered with an error").strip()
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else f"{text}."


def _worth_following(path: str) -> bool:
    return os.path.getsize(path) >= FOLLOW_FROM_BYTES


def _direct_worth_it(path: str) -> bool:
    """Large CSV files go straight to S3 when the service stores there (workbooks through the API)."""
    return os.path.getsize(path) >= DIRECT_FROM_BYTES and _media_type(path) == "text/csv"


def _media_type(path: str) -> str:
    with open(path, "rb") as head:
        return XLSX_MEDIA_TYPE if is_xlsx(head.read(8192)) else "text/csv"
