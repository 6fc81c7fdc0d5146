"""Where output goes: files, devices, pipes and standard output (issue 11, items 1, 2, 13).

Run as root, `diversify score -o /dev/null` once replaced the machine's /dev/null with a
regular file. These tests make their own device nodes and FIFOs in a temp folder (never
a system path) and check that a device stays a device, `-o -` is standard output, a
binary format without a file is refused before any work, and a scenario's `report.out`
is taken relative to the scenario file.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diversify.cli.common import STDOUT_NAMES, is_stdout
from diversify.cli.main import app
from tests.cli.helpers import invoke

posix_only = pytest.mark.skipif(os.name != "posix", reason="device nodes and FIFOs")


def char_device(folder: Path, name: str = "null") -> Path:
    """A private character device 1:3 (what /dev/null is), made with mknod."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as err:  # pragma: no cover - not root
        pytest.skip(f"cannot make a device node here: {err}")
    return node


@posix_only
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md", "html"])
def test_output_onto_a_character_device_leaves_it_a_device(
    runner: CliRunner, mini_scenario: Path, tmp_path: Path, fmt: str
) -> None:
    node = char_device(tmp_path)
    result = invoke(runner, "score", str(mini_scenario), "-f", fmt, "-o", str(node))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]


@posix_only
def test_xlsx_onto_a_character_device(
    runner: CliRunner, mini_scenario: Path, tmp_path: Path
) -> None:
    node = char_device(tmp_path)
    result = invoke(runner, "score", str(mini_scenario), "-f", "xlsx", "-o", str(node))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(node).st_mode)


@posix_only
def test_output_into_a_fifo(runner: CliRunner, mini_scenario: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke(runner, "score", str(mini_scenario), "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert json.loads(got[0])["capabilities"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("name", STDOUT_NAMES)
def test_dash_and_dev_stdout_mean_standard_output(
    runner: CliRunner, mini_scenario: Path, name: str
) -> None:
    assert is_stdout(Path(name))
    result = invoke(runner, "score", str(mini_scenario), "-f", "json", "-o", name)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["capabilities"]
    assert "wrote" not in result.stderr


def test_xlsx_to_a_redirected_standard_output(runner: CliRunner, mini_scenario: Path) -> None:
    result = invoke(runner, "score", str(mini_scenario), "-f", "xlsx", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"PK")


def test_xlsx_without_output_is_refused_before_any_work(runner: CliRunner, tmp_path: Path) -> None:
    """The scenario does not even exist: the refusal comes first, not after scoring."""
    started = time.monotonic()
    result = invoke(runner, "score", str(tmp_path / "none.yaml"), "-f", "xlsx")
    assert result.exit_code == 2
    assert "binary" in result.stderr and "-o" in result.stderr
    assert "not found" not in result.stderr
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("score", "-f", "md"), "report.md"),
        (("score",), "report.txt"),
        (("portfolio", "-f", "csv"), "report.csv"),
        (("stress", "-f", "json"), "report.json"),
        (("robustness", "-f", "xlsx"), "report.xlsx"),
    ],
)
def test_output_onto_a_folder_is_one_clear_line(
    runner: CliRunner, mini_scenario: Path, tmp_path: Path, args: tuple[str, ...], name: str
) -> None:
    """`-o fdir` names a folder: one line that says so and gives a file name inside it,
    before any work is done."""
    started = time.monotonic()
    result = invoke(runner, args[0], str(mini_scenario), *args[1:], "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"diversify: cannot write {tmp_path}: it is a folder; give a file name inside it, "
        f"e.g. {tmp_path / name}\n"
    )
    assert result.stdout == "" and list(tmp_path.iterdir()) == []
    assert time.monotonic() - started < 20


# --- report --out: devices, the set as a unit, report.out relative to the scenario -------


@posix_only
def test_report_onto_a_device_inside_the_folder(
    runner: CliRunner, mini_scenario: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    node = char_device(out, "mini-scenario.md")
    result = invoke(runner, "report", str(mini_scenario), "--out", str(out), "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(node).st_mode)


def test_report_out_is_relative_to_the_scenario_file(
    runner: CliRunner, mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented as relative to the scenario file; it used to follow the working folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke(runner, "report", str(mini_copy))
    assert result.exit_code == 0, result.stderr
    assert os.listdir(elsewhere) == []
    written = sorted(p.name for p in (mini_copy.parent / "reports").iterdir())
    assert any(n.endswith(".md") for n in written)


def test_a_failing_format_leaves_the_old_report_set_whole(
    runner: CliRunner, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every format is rendered before any file is written: the Markdown of a changed
    scenario must not land beside the JSON of the old one."""
    from diversify.report import formats

    out = mini_copy.parent / "out"
    assert invoke(runner, "report", str(mini_copy), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = mini_copy.read_text().replace("rates: {USD: 1.4", "rates: {USD: 1.9")
    mini_copy.write_text(text)

    def broken(bundle: object) -> str:
        raise RuntimeError("stopped part-way through rendering")

    json_format = formats.FORMATS["json"]
    monkeypatch.setitem(formats.FORMATS, "json", type(json_format)("json", ".json", broken))
    result = runner.invoke(app, ["report", str(mini_copy), "--out", str(out)])
    assert isinstance(result.exception, RuntimeError)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setitem(formats.FORMATS, "json", json_format)
    assert invoke(runner, "report", str(mini_copy), "--out", str(out)).exit_code == 0
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after.keys() == before.keys()
    assert all(after[n] != before[n] for n in after)  # the change reaches every file


def test_report_manifest_matches_the_files(runner: CliRunner, mini_copy: Path) -> None:
    import hashlib

    out = mini_copy.parent / "out"
    assert invoke(runner, "report", str(mini_copy), "--out", str(out)).exit_code == 0
    manifest = next(out.glob("*.manifest.json"))
    listed = json.loads(manifest.read_text())["files"]
    on_disk = {p.name for p in out.iterdir()} - {manifest.name}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    shutil.rmtree(out)


# --- found by a hostile review after the first fixes ------------------------------------


def test_a_link_the_scenario_ships_in_its_report_folder_is_not_followed(
    runner: CliRunner, mini_copy: Path, tmp_path: Path
) -> None:
    """A received scenario folder with `reports/<name>.md -> ../../victim` must not
    overwrite the victim (nor hang on a FIFO it ships); --out or --allow-outside may."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    reports = mini_copy.parent / "reports"
    reports.mkdir()
    (reports / "mini-test-scenario.md").symlink_to(victim)
    result = invoke(runner, "report", str(mini_copy))
    assert result.exit_code == 1
    assert "will not write" in result.stderr and "outside the scenario's folder" in result.stderr
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in reports.iterdir()) == ["mini-test-scenario.md"]
    (reports / "mini-test-scenario.md").unlink()
    os.mkfifo(reports / "mini-test-scenario.csv")
    result = invoke(runner, "report", str(mini_copy))
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    (reports / "mini-test-scenario.csv").unlink()
    (reports / "mini-test-scenario.md").symlink_to(victim)
    result = invoke(runner, "report", str(mini_copy), "--allow-outside", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert victim.read_text().startswith("# Mini test scenario")


def test_any_name_for_the_redirected_stdout_file_writes_into_it(
    mini_scenario: Path, tmp_path: Path
) -> None:
    """`-o //dev/stdout >> log` (or a link to the file stdout is open on) used to rename a
    new file over the log, losing what it held; now it appends through the stream."""
    import subprocess
    import sys

    log = tmp_path / "log.txt"
    log.write_text("HEADER\n")
    link = tmp_path / "out"
    link.symlink_to(log)  # another name for the file stdout will be open on
    with log.open("a") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "diversify", "score", str(mini_scenario), "-f", "csv",
             "-o", str(link)],
            stdout=handle, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("HEADER\ncapability,status")
    assert "wrote" not in done.stderr


def test_a_negative_zero_budget_is_shown_as_zero(runner: CliRunner, mini_scenario: Path) -> None:
    result = invoke(runner, "portfolio", str(mini_scenario), "--budget", "-0.0")
    assert "-0.0" not in result.stdout + result.stderr
    assert "0.0" in result.stdout
