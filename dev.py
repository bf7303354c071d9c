#!/usr/bin/env python3
"""Zero-setup developer entry point: needs only Python 3.11+.

    python3 dev.py serve   # start Ingesta on http://127.0.0.1:8000 (embedded SQLite + ./var/objects)
    python3 dev.py test    # run the whole test suite

It creates `.venv` and installs the project (with its dev tools) on first use, and again only when
pyproject.toml changes. Any further arguments go to `ingesta serve` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".ingesta-installed"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Ingesta needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing Ingesta and its dev tools into .venv (first run only) ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    command, *rest = argv or ["help"]
    if command not in {"serve", "test"}:
        print(__doc__)
        return 0 if command in {"help", "-h", "--help"} else 2
    ensure_environment()
    os.chdir(ROOT)
    if command == "serve":
        arguments = [str(BIN / "ingesta"), "serve", *rest]
    else:
        arguments = [str(BIN / "python"), "-m", "pytest", *rest]
    return subprocess.call(arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
