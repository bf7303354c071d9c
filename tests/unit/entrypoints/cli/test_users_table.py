"""`ingesta users list` writes its table in the command's language; names stay as they are."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.support.english_fragments import english_words

from application.use_cases.account_view import AccountView
from entrypoints.cli.cli_language import use_language
from entrypoints.cli.user_commands import users_table

pytestmark = pytest.mark.unit


def account(id: str, username: str, role: str, disabled: bool, created_at: datetime) -> AccountView:
    return AccountView(id=id, username=username, role=role, disabled=disabled, created_at=created_at)


ACCOUNTS = [
    account("1", "ana", "admin", False, datetime(2026, 12, 1, 17, 31, tzinfo=UTC)),
    account("2", "luis.garcia", "uploader", True, datetime(2026, 3, 9, 8, 5, tzinfo=UTC)),
    account("3", "invitada", "guest", False, datetime(2026, 1, 2, 0, 0, tzinfo=UTC)),
]


def test_the_table_is_spanish_all_the_way() -> None:
    use_language("es")

    lines = users_table(ACCOUNTS).splitlines()

    assert lines[0].split() == ["USUARIO", "ROL", "ESTADO", "CREADA"]
    assert lines[1].split()[:3] == ["ana", "administrador", "activa"]
    assert "1 de diciembre de 2026, 17:31 UTC" in lines[1]
    assert lines[2].split()[:3] == ["luis.garcia", "cargador", "desactivada"]
    assert lines[3].split()[:3] == ["invitada", "invitado", "activa"]
    assert english_words("\n".join(lines)) == []


def test_the_table_in_english() -> None:
    lines = users_table(ACCOUNTS).splitlines()

    assert lines[0].split() == ["USERNAME", "ROLE", "STATUS", "CREATED"]
    assert lines[1].split()[:3] == ["ana", "admin", "active"]
    assert "Dec 1, 2026, 17:31 UTC" in lines[1]
    assert lines[2].split()[:3] == ["luis.garcia", "uploader", "disabled"]


def test_columns_line_up_whatever_the_words() -> None:
    use_language("es")

    lines = users_table(ACCOUNTS).splitlines()

    # Every row's role starts where the header's ROL does.
    start = lines[0].index("ROL")
    assert {line[start:].split()[0] for line in lines[1:]} == {"administrador", "cargador", "invitado"}
