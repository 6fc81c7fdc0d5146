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
