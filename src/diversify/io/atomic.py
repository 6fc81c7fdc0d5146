"""Atomic file writes: the target holds either the old content or the new, never half.

A planner's criteria file or a report must never be left truncated because the disk
filled up, the process was killed, or an encoder raised halfway. So we write to a
temporary file in the *same directory* (``os.replace`` is only atomic within one file
system), flush and fsync it, and rename it over the target. On any failure the temporary
file is removed and the original is untouched.

Overwriting keeps the existing file's permission bits (a file the user made read-only
for the group stays so); a new file gets the usual permissions from the umask, as if
``open(path, "w")`` had created it. Writing through a symlink replaces the file the
link points to and keeps the link.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text"]


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (no newline translation: '\\n' stays '\\n')."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; see the module docstring for the guarantees."""
    target = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    directory = target.parent
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None

    temp, fd = _create_temp(directory, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_directory(directory)


def _create_temp(directory: Path, name: str) -> tuple[Path, int]:
    """Create a fresh hidden temp file next to the target; mode 0o666 minus the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits colliding
            continue
    raise FileExistsError(f"could not create a temporary file in {directory}")  # pragma: no cover


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open directories
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
