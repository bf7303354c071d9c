"""CPU seconds used by the processes of one benchmark round, read from /proc (Linux): where the cores went."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        # The command name may hold spaces and parentheses: the fields start after the last ")".
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def process_cpu(pid: int) -> float:
    fields = _stat(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / TICKS


def group_cpu(group: int) -> float:
    """CPU seconds of the living processes of process group `group` (an `ingesta` command, its children)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())
