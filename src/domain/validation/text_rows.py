"""A batch of rows kept as their cells' own text, for a store whose database parses that text itself.

PostgreSQL's COPY in CSV format turns `42`, `1.50`, `2024-05-08` or `true` into exactly the value pass 2
would have built in Python, so a batch whose every cell is written that way needs no Python object per
cell. The batch is still a sequence of typed rows (built on first use, by the typer that judged it), so
any other consumer reads it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from domain.validation.typed_row import TypedRow


class TextRows(Sequence[TypedRow]):
    """`lines[i]` is row `numbers[i]`'s cells joined by `delimiter` (UTF-8), each cell exactly as the file
    wrote it and as the database must read it (an empty cell is NULL); no line holds a quote character."""

    __slots__ = ("_typed", "_typer", "delimiter", "lines", "numbers")

    def __init__(
        self,
        numbers: Sequence[int],
        lines: Sequence[bytes],
        delimiter: str,
        typer: Callable[[], list[TypedRow]],
    ) -> None:
        self.numbers = numbers
        self.lines = lines
        self.delimiter = delimiter
        self._typer = typer
        self._typed: list[TypedRow] | None = None

    def typed(self) -> list[TypedRow]:
        """The same rows as typed values (what pass 2 yields for them), built once when first asked."""
        if self._typed is None:
            self._typed = self._typer()
        return self._typed

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> TypedRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[TypedRow]: ...

    def __getitem__(self, index: int | slice) -> TypedRow | Sequence[TypedRow]:
        return self.typed()[index]

    def __iter__(self) -> Iterator[TypedRow]:
        return iter(self.typed())
