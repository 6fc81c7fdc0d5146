"""Tests for diversify.io.atomic: old content or new content, never half, never litter."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from diversify.io import atomic
from diversify.io.atomic import atomic_write_bytes, atomic_write_text

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    atomic_write_text(target, "a: 1\n")
    assert target.read_bytes() == b"a: 1\n"
    assert os.listdir(tmp_path) == ["out.yaml"]


def test_overwrites_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["out.yaml"]


def test_text_is_written_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "crlf.yaml"
    atomic_write_text(target, "a: 1\r\nb: ä\n")
    assert target.read_bytes() == "a: 1\r\nb: ä\n".encode()


def test_encoding_is_honoured(tmp_path: Path) -> None:
    target = tmp_path / "latin.txt"
    atomic_write_text(target, "é", encoding="latin-1")
    assert target.read_bytes() == b"\xe9"


def test_bytes(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    atomic_write_bytes(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"


def test_old_file_survives_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "criteria.yaml"
    target.write_text("precious: true\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "new: true\n")
    assert target.read_text() == "precious: true\n"
    assert os.listdir(tmp_path) == ["criteria.yaml"]  # no temp file left behind


def test_old_file_survives_when_writing_fails_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data reached the temp file but fsync failed (disk error): nothing changes."""
    target = tmp_path / "criteria.yaml"
    target.write_text("precious: true\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="Input/output error"):
        atomic_write_bytes(target, b"x" * 100_000)
    assert target.read_text() == "precious: true\n"
    assert os.listdir(tmp_path) == ["criteria.yaml"]


def test_encoding_error_leaves_no_trace(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "€", encoding="ascii")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_interrupt_during_write_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even Ctrl-C (not an Exception) removes the temp file."""
    target = tmp_path / "out.txt"
    target.write_text("old")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_missing_directory_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "no" / "such" / "dir.yaml", "a")
    assert os.listdir(tmp_path) == []


@posix_only
def test_permissions_of_existing_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "criteria.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    assert _mode(target) == 0o640
    target.chmod(0o604)
    atomic_write_text(target, "newer\n")
    assert _mode(target) == 0o604


@posix_only
def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.yaml", "a\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.yaml") == 0o640


@posix_only
def test_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["link.yaml", "real.yaml"]


# --- what the target is decides how it is written (issue 11, item 1) ---------------------


def _char_device(folder: Path) -> Path:
    """A private copy of /dev/null (character device 1:3), made with mknod in ``folder``."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError) as err:  # pragma: no cover - not root
        pytest.skip(f"cannot make a device node here: {err}")
    return node


@posix_only
def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    """Renaming over /dev/null once replaced it with a regular file: write into it instead."""
    node = _char_device(tmp_path)
    atomic_write_text(node, "report\n")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]  # no temp file either


@posix_only
def test_a_symlink_to_a_device_keeps_both(tmp_path: Path) -> None:
    node = _char_device(tmp_path)
    link = tmp_path / "out"
    link.symlink_to(node)
    atomic_write_bytes(link, b"x")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(node).st_mode)


@posix_only
def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "dir", "x")
    assert os.listdir(tmp_path / "dir") == []


@posix_only
def test_a_read_only_file_is_refused_as_the_shell_would(tmp_path: Path) -> None:
    """Mode 0444: `>` says "Permission denied"; the rename must not replace it either.

    As root (CI) the check runs with the effective user switched to `nobody` in a folder
    that user may write, so the rename alone *would* succeed: only the check stops it.
    """
    import tempfile

    if os.geteuid() != 0:
        target = tmp_path / "locked.txt"
        target.write_text("keep\n")
        target.chmod(0o444)
        with pytest.raises(PermissionError):
            atomic_write_text(target, "new\n")
        assert target.read_text() == "keep\n"
        return
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o777)
        target = folder / "locked.txt"
        target.write_text("keep\n")
        target.chmod(0o444)
        os.seteuid(65534)
        try:
            with pytest.raises(PermissionError):
                atomic_write_text(target, "new\n")
        finally:
            os.seteuid(0)
        assert target.read_text() == "keep\n"
        assert os.listdir(folder) == ["locked.txt"]
        atomic_write_text(target, "root may\n")  # root writes it, as `>` would
        assert target.read_text() == "root may\n"
        assert _mode(target) == 0o444
    finally:
        import shutil

        shutil.rmtree(folder)


# --- litter: temp files of killed runs (issue 11, item 6) -------------------------------


def _killed_writer(target: Path, sig: int) -> int:
    """Run a writer in a child process that receives ``sig`` while its temp file is open."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import os, signal, sys, time
        from pathlib import Path
        from diversify.cli.main import exit_on_sigterm
        from diversify.io import atomic
        exit_on_sigterm()
        def stop(fd):
            os.kill(os.getpid(), {int(sig)})
            time.sleep(30)
        atomic.os.fsync = stop
        atomic.atomic_write_text(Path({str(target)!r}), "half")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=60, check=False)
    return done.returncode


@posix_only
def test_sigterm_mid_write_removes_the_temp_file(tmp_path: Path) -> None:
    import signal

    target = tmp_path / "report.md"
    target.write_text("old\n")
    code = _killed_writer(target, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert os.listdir(tmp_path) == ["report.md"]
    assert target.read_text() == "old\n"


@posix_only
def test_sigkill_leftover_is_swept_by_the_next_write(tmp_path: Path) -> None:
    import signal

    target = tmp_path / "report.md"
    target.write_text("old\n")
    code = _killed_writer(target, signal.SIGKILL)
    assert code == -signal.SIGKILL
    left = sorted(os.listdir(tmp_path))
    assert len(left) == 2 and left[0].startswith(".report.md.") and left[0].endswith(".tmp")
    (tmp_path / "unrelated.tmp").write_text("not ours")
    (tmp_path / ".other.md.123.abcdef01.tmp").write_text("another target's")
    atomic_write_text(target, "new\n")
    assert sorted(os.listdir(tmp_path)) == [
        ".other.md.123.abcdef01.tmp",
        "report.md",
        "unrelated.tmp",
    ]
    assert target.read_text() == "new\n"


def test_a_running_writers_temp_file_is_left_alone(tmp_path: Path) -> None:
    live = tmp_path / f".out.txt.{os.getppid()}.abcdef01.tmp"
    live.write_text("a concurrent write in progress")
    old_style = tmp_path / ".out.txt.0123456789ab.tmp"
    old_style.write_text("left by an old version")
    os.utime(old_style, (0, 0))
    recent_old_style = tmp_path / ".out.txt.ba9876543210.tmp"
    recent_old_style.write_text("maybe still being written")
    removed = atomic.sweep_stale_temps(tmp_path, "out.txt")
    assert removed == [old_style]
    assert live.exists() and recent_old_style.exists()


# --- a set of files as a unit -----------------------------------------------------------


def test_file_set_leaves_the_old_set_whole_when_one_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "r.md", tmp_path / "r.csv"
    a.write_text("old md")
    b.write_text("old csv")
    real = atomic._create_temp
    calls: list[str] = []

    def second_fails(directory: Path, name: str) -> tuple[Path, int]:
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(directory, name)

    monkeypatch.setattr(atomic, "_create_temp", second_fails)
    with pytest.raises(OSError, match="No space"):
        atomic.write_file_set({a: b"new md", b: b"new csv"})
    assert (a.read_text(), b.read_text()) == ("old md", "old csv")
    assert sorted(os.listdir(tmp_path)) == ["r.csv", "r.md"]


def test_file_set_writes_every_file(tmp_path: Path) -> None:
    files = {tmp_path / f"r.{s}": s.encode() for s in ("md", "csv", "json")}
    atomic.write_file_set(files)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        p.name: c for p, c in files.items()
    }


@posix_only
def test_rewriting_a_users_file_as_root_keeps_its_owner(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    target = tmp_path / "report.md"
    target.write_text("old\n")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    info = target.stat()
    assert (info.st_uid, info.st_gid, _mode(target)) == (65534, 65534, 0o640)
    assert target.read_text() == "new\n"


@posix_only
def test_a_writable_file_in_a_read_only_folder_is_written_in_place(tmp_path: Path) -> None:
    """The shell's `>` succeeds there; the rename cannot, so the file is written in place."""
    import shutil
    import tempfile

    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        target = folder / "out.txt"
        target.write_text("old\n")
        folder.chmod(0o555)
        try:
            atomic_write_text(target, "new\n")
        finally:
            folder.chmod(0o755)
        assert target.read_text() == "new\n"
        return
    folder = Path(tempfile.mkdtemp())
    try:
        target = folder / "out.txt"
        target.write_text("old content that is longer\n")
        target.chmod(0o666)
        folder.chmod(0o555)
        os.seteuid(65534)
        try:
            atomic_write_text(target, "new\n")
        finally:
            os.seteuid(0)
        assert target.read_text() == "new\n"  # truncated, not left with the old tail
        assert os.listdir(folder) == ["out.txt"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
