"""Writing files so that nothing is lost: old content or new, never half, never litter.

A planner's criteria file or a report must never be left truncated because the disk
filled up, the process was killed, or an encoder raised halfway. So a *regular file* is
written to a temporary file in the *same directory* (``os.replace`` is only atomic within
one file system), flushed, fsynced and renamed over the target. On any failure the
temporary file is removed and the original is untouched.

What the target is decides how it is written (:func:`write_file`):

* **A regular file, or a new one**: temp file and rename, as above. Overwriting keeps the
  existing file's permission bits and (where allowed, e.g. as root) its owner; a hard
  link to the old content is not updated, as with any atomic replacement; a new file gets the usual permissions from the umask,
  as if ``open(path, "w")`` had created it. A file the user may not write (mode 0444 for
  a non-root user) is refused with ``PermissionError``, as the shell's ``>`` would refuse
  it, instead of being silently replaced by the rename. A writable file in a folder we
  may not write is written in place, as ``>`` would (the one case that is not atomic). Writing through a symlink
  replaces the file the link points to and keeps the link.
* **Anything else that exists** (a character device such as ``/dev/null``, a FIFO, a
  terminal): written straight into, with no temp file and no rename. Renaming over a
  device node would replace it with a regular file: run as root, that once broke a
  machine's ``/dev/null``.
* **A folder**: refused (``IsADirectoryError``).

Litter: a temp file is named ``.<name>.<pid>.<random>.tmp``. A process killed with
SIGKILL (or by a power cut) cannot remove its own, so every write first sweeps the
target's folder for temp files *of its own target* whose process no longer runs (or,
for the older ``.<name>.<random>.tmp`` form, that are over an hour old). SIGTERM is
turned into an ordinary exit by the CLI, so the ``finally`` clean-up here runs.

A set of files that belong together (a report in several formats) is written with
:func:`write_file_set`: every temp file is written and synced first, then all are
renamed in one quick pass, so a kill while rendering or writing leaves the old set
whole, and no file is ever half-written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "sweep_stale_temps",
    "write_file",
    "write_file_set",
]

_LEGACY_MAX_AGE = 3600.0
"""Seconds after which an old-style temp file (no pid in its name) counts as stale."""


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` safely (no newline translation: '\\n' stays '\\n')."""
    write_file(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` safely; see the module docstring for the guarantees."""
    write_file(path, data)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in the way that suits what ``path`` is (module docstring)."""
    target, direct = _prepare(Path(path))
    if direct:
        _write_direct(target, data)
        return
    try:
        temp = _write_temp(target, data)
    except PermissionError:
        if not (target.exists() and _folder_refuses_temp(target)):
            raise
        # The folder is read-only but the file is writable: the shell's `>` would
        # write it in place, so do the same (the one case that cannot be atomic).
        _write_direct(target, data, truncate=True)
        return
    try:
        os.replace(temp, target)
    except BaseException:
        _remove(temp)
        raise
    _fsync_directory(target.parent)


def write_file_set(files: Mapping[Path, bytes]) -> None:
    """Write several files as a unit: all temp files first, then every rename at once.

    If anything fails (or the process is stopped) before the renames, every target keeps
    its old content and no temp file is left. Non-regular targets (a device) are written
    straight into after the regular files are in place.
    """
    prepared = [(*_prepare(Path(p)), data) for p, data in files.items()]
    temps: list[tuple[Path, Path]] = []
    try:
        for target, direct, data in prepared:
            if not direct:
                temps.append((_write_temp(target, data), target))
        for temp, target in temps:
            os.replace(temp, target)
    except BaseException:
        for temp, _ in temps:
            _remove(temp)
        raise
    for directory in sorted({target.parent for _, target in temps}):
        _fsync_directory(directory)
    for target, direct, data in prepared:
        if direct:
            _write_direct(target, data)


def sweep_stale_temps(directory: Path, name: str) -> list[Path]:
    """Remove temp files for ``name`` in ``directory`` left by a process that died.

    Only names of our own pattern for this very target are touched; a temp file of a
    process that still runs (a concurrent write) is left alone. Returns what was removed.
    """
    pattern = re.compile(
        rf"^\.{re.escape(name)}\.(?:(?P<pid>\d+)\.)?(?P<token>[0-9a-f]{{8,12}})\.tmp$"
    )
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        pid = found.group("pid")
        stale = not _running(int(pid)) if pid is not None else now - info.st_mtime > _LEGACY_MAX_AGE
        if stale:
            path = Path(entry.path)
            _remove(path)
            removed.append(path)
    return removed


# --------------------------------------------------------------------------------------


def _prepare(path: Path) -> tuple[Path, bool]:
    """The file to write and whether to write it directly (not a regular file)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, False
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        return target, True
    effective = os.access in os.supports_effective_ids  # as open() would decide
    if not os.access(target, os.W_OK, effective_ids=effective):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    return target, False


def _folder_refuses_temp(target: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return not os.access(target.parent, os.W_OK, effective_ids=effective)


def _write_direct(target: Path, data: bytes, *, truncate: bool = False) -> None:
    """Write into a device, FIFO or terminal as the shell's ``>`` would (no rename)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags | (os.O_TRUNC if truncate else 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_temp(target: Path, data: bytes) -> Path:
    """A synced temp file beside ``target`` holding ``data``, with the target's mode."""
    directory = target.parent
    sweep_stale_temps(directory, target.name)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    temp, fd = _create_temp(directory, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                # Keep the owner (possible as root): a file root rewrites for a user
                # must stay that user's.
                with contextlib.suppress(OSError):
                    os.chown(temp, old.st_uid, old.st_gid)
            os.chmod(temp, stat.S_IMODE(old.st_mode))
    except BaseException:
        _remove(temp)
        raise
    return temp


def _create_temp(directory: Path, name: str) -> tuple[Path, int]:
    """Create a fresh hidden temp file next to the target; mode 0o666 minus the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits colliding
            continue
    raise FileExistsError(f"could not create a temporary file in {directory}")  # pragma: no cover


def _running(pid: int) -> bool:
    """Whether a process with this id exists (on this machine's process table)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists but is someone else's, or cannot be asked: leave its file
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


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
