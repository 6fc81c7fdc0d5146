"""Tests for diversify.io.profiles: saving a profile changes that profile and nothing else."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from diversify.io import atomic
from diversify.io.problems import FileAccessError, InputError
from diversify.io.profiles import ProfileExistsError, format_weight, save_profile
from diversify.io.yaml import load_yaml

CRITERIA = """\
# criteria/default.yaml: the planner's own notes live in comments like this one.
criteria:
  - id: cost            # USD million per unit (2025)
    direction: min
  - id: delivery
    direction: min      # months to first delivery
  - id: itb
    direction: max

profiles:
  # One stakeholder view per line; the alignment is deliberate.
  balanced:          {cost: 25, delivery: 20, itb: 15}   # the default
  speed-first:       {cost: 15, delivery: 45, itb: 10}
  industry:                                             # block style, on purpose
    cost: 10        # cheap is not the point
    delivery: 20
    itb: 70         # jobs in Canada

  # Add your own profiles below this line.
# End of file: keep this comment.
"""


@pytest.fixture
def criteria_file(tmp_path: Path) -> Path:
    path = tmp_path / "default.yaml"
    path.write_text(CRITERIA, encoding="utf-8", newline="")
    return path


def _profiles(path: Path) -> dict[str, dict[str, float]]:
    return load_yaml(path).data["profiles"]


def test_new_profile_goes_at_the_end_in_flow_style(criteria_file: Path) -> None:
    save_profile(criteria_file, "my-room", {"cost": 30, "delivery": 20.0, "itb": 50})
    expected = CRITERIA.replace(
        "    itb: 70         # jobs in Canada\n",
        "    itb: 70         # jobs in Canada\n  my-room: {cost: 30, delivery: 20, itb: 50}\n",
    )
    assert criteria_file.read_text(encoding="utf-8") == expected
    assert list(_profiles(criteria_file)) == ["balanced", "speed-first", "industry", "my-room"]


def test_every_comment_and_other_profile_is_byte_identical(criteria_file: Path) -> None:
    save_profile(criteria_file, "my-room", {"cost": 1})
    old_lines = CRITERIA.splitlines()
    new_lines = criteria_file.read_text(encoding="utf-8").splitlines()
    added = [line for line in new_lines if line not in old_lines]
    assert added == ["  my-room: {cost: 1}"]
    assert [line for line in new_lines if line != "  my-room: {cost: 1}"] == old_lines


def test_weights_are_ints_when_whole_else_four_decimals(criteria_file: Path) -> None:
    save_profile(criteria_file, "thirds", {"cost": 100 / 3, "delivery": 2.0, "itb": 0.00001})
    assert "  thirds: {cost: 33.3333, delivery: 2, itb: 0}\n" in criteria_file.read_text()
    assert _profiles(criteria_file)["thirds"] == {"cost": 33.3333, "delivery": 2, "itb": 0}


@pytest.mark.parametrize(
    ("value", "text"),
    [(25, "25"), (25.0, "25"), (12.5, "12.5"), (1 / 3, "0.3333"), (2.99996, "3"), (0, "0")],
)
def test_format_weight(value: float, text: str) -> None:
    assert format_weight(value) == text


def test_existing_name_is_refused_and_file_untouched(criteria_file: Path) -> None:
    with pytest.raises(ProfileExistsError, match="a profile named `balanced` already exists"):
        save_profile(criteria_file, "balanced", {"cost": 1})
    assert criteria_file.read_text(encoding="utf-8") == CRITERIA


def test_overwrite_flow_profile_changes_only_its_numbers(criteria_file: Path) -> None:
    save_profile(criteria_file, "balanced", {"cost": 40, "delivery": 30, "itb": 30}, overwrite=True)
    expected = CRITERIA.replace(
        "  balanced:          {cost: 25, delivery: 20, itb: 15}   # the default",
        "  balanced:          {cost: 40, delivery: 30, itb: 30}   # the default",
    )
    assert criteria_file.read_text(encoding="utf-8") == expected


def test_overwrite_block_profile_keeps_its_comments(criteria_file: Path) -> None:
    save_profile(
        criteria_file, "industry", {"itb": 60, "cost": 12.5, "delivery": 27.5}, overwrite=True
    )
    expected = (
        CRITERIA.replace("cost: 10        # cheap", "cost: 12.5        # cheap")
        .replace("delivery: 20\n    itb", "delivery: 27.5\n    itb")
        .replace("itb: 70         # jobs", "itb: 60         # jobs")
    )
    assert criteria_file.read_text(encoding="utf-8") == expected


def test_overwrite_with_other_criteria_rewrites_that_profile_in_its_style(
    criteria_file: Path,
) -> None:
    save_profile(criteria_file, "speed-first", {"delivery": 80, "cost": 20}, overwrite=True)
    save_profile(criteria_file, "industry", {"itb": 90, "cost": 10}, overwrite=True)
    text = criteria_file.read_text(encoding="utf-8")
    assert "  speed-first:       {delivery: 80, cost: 20}\n" in text
    assert (
        "  industry:                                             # block style, on purpose\n"
        in text
    )
    assert "    itb: 90\n    cost: 10\n\n  # Add your own profiles below this line.\n" in text
    assert "jobs in Canada" not in text  # the rewritten block's own comments go with it
    profiles = _profiles(criteria_file)
    assert profiles["speed-first"] == {"delivery": 80, "cost": 20}
    assert profiles["industry"] == {"itb": 90, "cost": 10}
    assert profiles["balanced"] == {"cost": 25, "delivery": 20, "itb": 15}
    for line in CRITERIA.splitlines():
        if "speed-first" in line or line.startswith("    "):
            continue
        assert line in text.splitlines()


def test_invalid_name_is_value_error(criteria_file: Path) -> None:
    for bad in ["My Room", "1st", "", "room!", "a" * 65]:
        with pytest.raises(ValueError, match="invalid profile name"):
            save_profile(criteria_file, bad, {"cost": 1})
    assert criteria_file.read_text(encoding="utf-8") == CRITERIA


@pytest.mark.parametrize(
    "weights",
    [{}, {"cost": float("nan")}, {"cost": -1}, {"cost": True}, {"Cost": 1}, {"cost": "5"}],
)
def test_invalid_weights_are_value_error(criteria_file: Path, weights: dict) -> None:
    with pytest.raises(ValueError):
        save_profile(criteria_file, "x", weights)
    assert criteria_file.read_text(encoding="utf-8") == CRITERIA


def test_unparseable_file_is_input_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    broken = "criteria: [\nprofiles:\n  a: {cost: 1}\n"
    path.write_text(broken)
    with pytest.raises(InputError):
        save_profile(path, "new", {"cost": 1})
    assert path.read_text() == broken


def test_profiles_not_a_mapping_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("profiles:\n  - balanced\n")
    with pytest.raises(InputError) as info:
        save_profile(path, "new", {"cost": 1})
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (1, "profiles")
    assert path.read_text() == "profiles:\n  - balanced\n"


def test_missing_file_is_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError):
        save_profile(tmp_path / "none.yaml", "new", {"cost": 1})
    assert not (tmp_path / "none.yaml").exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("criteria: []\n", "criteria: []\nprofiles:\n  new: {cost: 2}\n"),
        ("criteria: []", "criteria: []\nprofiles:\n  new: {cost: 2}\n"),
        ("criteria: []\nprofiles:\n", "criteria: []\nprofiles:\n  new: {cost: 2}\n"),
        (
            "profiles: ~   # none yet\nb: 2\n",
            "profiles:   # none yet\n  new: {cost: 2}\nb: 2\n",
        ),
        ("profiles: {}\n", "profiles: {new: {cost: 2}}\n"),
        ("profiles: {a: {cost: 1}}\n", "profiles: {a: {cost: 1}, new: {cost: 2}}\n"),
        ("{criteria: []}\n", "{criteria: [], profiles: {new: {cost: 2}}}\n"),
        (
            "profiles:\n  a:\n# note\nb: 1\n",
            "profiles:\n  a:\n  new: {cost: 2}\n# note\nb: 1\n",
        ),
        (
            "a: 1\r\nprofiles:\r\n  x: {cost: 1}\r\n",
            "a: 1\r\nprofiles:\r\n  x: {cost: 1}\r\n  new: {cost: 2}\r\n",
        ),
    ],
    ids=[
        "no-profiles",
        "no-final-newline",
        "empty-profiles",
        "null-profiles",
        "empty-flow",
        "flow-profiles",
        "flow-file",
        "empty-last-profile",
        "windows-newlines",
    ],
)
def test_adding_to_every_shape_of_file(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(before.encode())
    save_profile(path, "new", {"cost": 2})
    assert path.read_bytes().decode() == after


def test_names_yaml_would_misread_are_quoted(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("profiles:\n  a: {cost: 1}\n")
    save_profile(path, "no", {"null": 2})
    assert path.read_text() == 'profiles:\n  a: {cost: 1}\n  "no": {"null": 2}\n'


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbfprofiles:\n  a: {cost: 1}\n")
    save_profile(path, "b", {"cost": 2})
    assert path.read_bytes() == b"\xef\xbb\xbfprofiles:\n  a: {cost: 1}\n  b: {cost: 2}\n"


def test_aliased_profiles_are_refused_rather_than_changing_other_data(tmp_path: Path) -> None:
    """Editing an anchored block would also change every alias of it: refuse, touch nothing."""
    text = "base: &w {cost: 1}\nprofiles:\n  a: *w\n"
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        save_profile(path, "a", {"cost": 5}, overwrite=True)
    assert "left unchanged" in info.value.problems[0].message
    assert path.read_text() == text


def test_write_is_atomic(criteria_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_profile(criteria_file, "my-room", {"cost": 1})
    assert criteria_file.read_text(encoding="utf-8") == CRITERIA
    assert os.listdir(criteria_file.parent) == [criteria_file.name]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permissions_are_kept(criteria_file: Path) -> None:
    criteria_file.chmod(0o640)
    save_profile(criteria_file, "my-room", {"cost": 1})
    assert stat.S_IMODE(criteria_file.stat().st_mode) == 0o640
