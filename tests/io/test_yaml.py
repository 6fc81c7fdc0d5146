"""Tests for diversify.io.yaml: safe reading, positions, and every problem at once."""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversify.io import yaml as yaml_module
from diversify.io.problems import FileAccessError, InputError, Problem
from diversify.io.yaml import LoadedYaml, load_yaml, parse_yaml

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "invalid" / "yaml"


def _problems(source: str | bytes, **kwargs: object) -> list[Problem]:
    with pytest.raises(InputError) as info:
        parse_yaml(source, display="f.yaml", **kwargs)  # type: ignore[arg-type]
    return sorted(info.value.problems)


def _write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


# --------------------------------------------------------------------------------------
# Golden files: tests/data/invalid/yaml/<name>.yaml next to <name>.expected.yaml
# --------------------------------------------------------------------------------------


def _golden_cases() -> list[Path]:
    return sorted(p for p in GOLDEN.glob("*.yaml") if not p.name.endswith(".expected.yaml"))


def test_every_golden_file_has_an_expectation() -> None:
    cases = _golden_cases()
    assert {p.stem for p in cases} >= {"dup_keys", "nan", "billion_laughs", "syntax_error"}
    for case in cases:
        assert case.with_suffix(".expected.yaml").exists(), case.name


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda p: p.stem)
def test_golden_invalid_file(case: Path) -> None:
    """Each problem matches its expected line, column, path, value and message text."""
    expected = load_yaml(case.with_suffix(".expected.yaml")).data["problems"]
    with pytest.raises(InputError) as info:
        load_yaml(case, display=case.name)
    got = sorted(info.value.problems)
    assert len(got) == len(expected), "\n".join(map(str, got))
    for problem, want in zip(got, expected, strict=True):
        assert problem.file == case.name
        assert problem.line == want["line"]
        assert problem.column == want["column"]
        assert problem.path == want["path"]
        assert problem.value == want["value"]
        assert want["message"] in problem.message


# --------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------


def test_loads_plain_data_with_hash_and_text(tmp_path: Path) -> None:
    raw = "# comment\nname: Canada 2026\nrates: {EUR: 1.08, as_of: 2025-12}\nsamples: 20000\n"
    path = _write(tmp_path, raw)
    doc = load_yaml(path, display="scenario.yaml")
    assert isinstance(doc, LoadedYaml)
    assert doc.data == {
        "name": "Canada 2026",
        "rates": {"EUR": 1.08, "as_of": "2025-12"},
        "samples": 20000,
    }
    assert doc.text == raw
    assert doc.sha256 == hashlib.sha256(raw.encode()).hexdigest()
    assert doc.display == "scenario.yaml"
    assert doc.path == path


def test_core_types_become_plain_python_types() -> None:
    doc = parse_yaml(
        "i: 12\nf: 12.5\nt: true\nn: null\nempty:\nhex: 0x1F\ns: '12'\n"
        "date: 2025-12-01\nstamp: 2025-12-01 10:00:00\nyes_is_text: yes\n"
    )
    assert doc.data == {
        "i": 12,
        "f": 12.5,
        "t": True,
        "n": None,
        "empty": None,
        "hex": 31,
        "s": "12",
        "date": "2025-12-01",  # dates keep the text the user wrote
        "stamp": "2025-12-01 10:00:00",
        "yes_is_text": "yes",  # YAML 1.2: only true/false are booleans
    }
    assert type(doc.data["i"]) is int
    assert type(doc.data["f"]) is float


def test_keys_are_kept_as_written_text() -> None:
    doc = parse_yaml("2022: 5\nnull: 1\ntrue: 2\n")
    assert doc.data == {"2022": 5, "null": 1, "true": 2}


def test_missing_file_is_one_line_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as info:
        load_yaml(tmp_path / "nope.yaml", display="suppliers/nope.yaml")
    assert str(info.value) == "file not found: suppliers/nope.yaml"
    assert "\n" not in str(info.value)


def test_directory_is_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="is a folder, not a YAML file"):
        load_yaml(tmp_path, display="suppliers")


def test_unreadable_file_is_file_access_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "a: 1\n")

    def refuse(name: object, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(yaml_module.os, "open", refuse)
    with pytest.raises(FileAccessError, match=r"cannot read f\.yaml: permission denied"):
        load_yaml(path, display="f.yaml")


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_really_unreadable_file(tmp_path: Path) -> None:  # pragma: no cover - non-root only
    path = _write(tmp_path, "a: 1\n")
    path.chmod(0)
    with pytest.raises(FileAccessError, match="permission denied"):
        load_yaml(path, display="f.yaml")


def test_too_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: [" + "1, " * 2000 + "1]\n")
    with pytest.raises(InputError) as info:
        load_yaml(path, display="big.yaml", max_bytes=1000)
    (problem,) = info.value.problems
    assert problem.file == "big.yaml"
    assert problem.line is None
    assert "the limit is 1,000 bytes" in problem.message
    assert "split it into several smaller files" in problem.message
    assert "cannot be changed" in problem.message


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    text = "a: 1234567\n"
    path = _write(tmp_path, text)
    assert load_yaml(path, max_bytes=len(text)).data == {"a": 1234567}


@pytest.mark.skipif(os.name != "posix", reason="device nodes")
def test_an_endless_device_is_refused_without_reading(tmp_path: Path) -> None:
    """A private copy of /dev/zero (char device 1:5): refused as a device, not read."""
    import stat

    node = tmp_path / "zero.yaml"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except OSError as err:  # pragma: no cover - not root
        pytest.skip(f"cannot make a device node here: {err}")
    with pytest.raises(FileAccessError, match="is a device, not a regular file"):
        load_yaml(node, max_bytes=10_000, display="zero.yaml")


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_is_refused_at_once_instead_of_waiting_forever(tmp_path: Path) -> None:
    """Reading a FIFO with no writer blocks forever: it is refused before any read."""
    fifo = tmp_path / "criteria.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(FileAccessError, match=r"is a pipe \(FIFO\), not a regular file"):
        load_yaml(fifo, display="criteria.yaml")
    assert time.monotonic() - started < 5


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, b"name: ok\nsupplier: Rh\xe9inmetall\n")  # latin-1 e-acute
    with pytest.raises(InputError) as info:
        load_yaml(path, display="f.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (2, 13)
    assert "not UTF-8" in problem.message
    assert "save it as UTF-8" in problem.message


def test_utf16_file_says_so() -> None:
    (problem,) = _problems("a: 1\n".encode("utf-16"))
    assert "UTF-16" in problem.message


def test_utf8_bom_is_accepted_and_positions_unchanged() -> None:
    doc = parse_yaml(b"\xef\xbb\xbfa: 1\nb: 2\n")
    assert doc.data == {"a": 1, "b": 2}
    assert doc.position(("b",)) == (2, 1)


def test_default_display_is_relative_to_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "suppliers").mkdir()
    path = _write(tmp_path / "suppliers", "a: 1\n", "tanks.yaml")
    monkeypatch.chdir(tmp_path)
    assert load_yaml(path.resolve()).display == "suppliers/tanks.yaml"
    assert load_yaml(Path("suppliers/tanks.yaml")).display == "suppliers/tanks.yaml"


# --------------------------------------------------------------------------------------
# Syntax
# --------------------------------------------------------------------------------------


def test_syntax_error_has_parser_position_and_plain_message() -> None:
    (problem,) = _problems("a: 1\nb: c: d\n")
    assert (problem.line, problem.column) == (2, 5)
    assert problem.value == "c:"  # the offending token only, never the whole line
    assert problem.message.startswith("YAML syntax error")
    assert "quotes" in problem.message


def test_tab_indentation_is_explained() -> None:
    (problem,) = _problems("a:\n\t- 1\n")
    assert problem.line == 2
    assert "tabs are not allowed" in problem.message


def test_unclosed_quote_is_explained() -> None:
    (problem,) = _problems("a: 'open\nb: 2\n")
    assert "quoted value is not closed" in problem.message


def test_two_documents_are_refused() -> None:
    (problem,) = _problems("a: 1\n---\nb: 2\n")
    assert problem.line == 2
    assert "more than one YAML document" in problem.message


def test_undefined_alias_is_explained() -> None:
    (problem,) = _problems("a: *nowhere\n")
    assert "no anchor `&name` comes before it" in problem.message


def test_control_character_is_refused() -> None:
    (problem,) = _problems("a: 1\nb: x\x07y\n")
    assert (problem.line, problem.column) == (2, 5)
    assert "U+0007" in problem.message


def test_deep_nesting_is_refused() -> None:
    (problem,) = _problems("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested more than 50 levels" in problem.message


def test_empty_file_is_a_problem() -> None:
    (problem,) = _problems("# only a comment\n")
    assert "the file is empty" in problem.message


@pytest.mark.parametrize(
    ("text", "what"),
    [("- a\n- b\n", "a list"), ("just text\n", "a single value")],
)
def test_top_level_must_be_a_mapping(text: str, what: str) -> None:
    (problem,) = _problems(text)
    assert problem.line == 1
    assert f"must be a mapping of `key: value` lines, but this file holds {what}" in (
        problem.message
    )


# --------------------------------------------------------------------------------------
# Duplicates, NaN, tags: every problem of the file at once
# --------------------------------------------------------------------------------------


def test_all_duplicates_are_reported_together() -> None:
    text = "a: 1\nb:\n  x: 1\n  x: 2\n  x: 3\na: 2\n"
    problems = _problems(text)
    assert [(p.line, p.path) for p in problems] == [(4, "b.x"), (5, "b.x"), (6, "a")]
    assert "first given on line 3" in problems[0].message
    assert "first given on line 3" in problems[1].message
    assert "first given on line 1" in problems[2].message


def test_quoted_and_plain_keys_are_the_same_key() -> None:
    (problem,) = _problems("cost: 1\n'cost': 2\n")
    assert problem.line == 2


def test_duplicates_nan_and_tags_are_collected_in_one_error() -> None:
    text = "a: .nan\na: 1\nb: !!python/name:os.system x\nc: [1e999]\n"
    problems = _problems(text)
    assert [p.line for p in problems] == [1, 2, 3, 4]
    assert "NaN/infinity" in problems[0].message
    assert "duplicate key" in problems[1].message
    assert "is not allowed" in problems[2].message
    assert problems[3].path == "c[0]"


@pytest.mark.parametrize("spelling", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1e400"])
def test_every_spelling_of_nan_and_infinity_is_refused(spelling: str) -> None:
    (problem,) = _problems(f"value: {spelling}\n")
    assert problem.value == spelling
    assert problem.message == "NaN/infinity is not a number you can score; give a finite value"


def test_quoted_nan_is_only_text() -> None:
    assert parse_yaml("value: '.nan'\n").data == {"value": ".nan"}


def test_python_tags_are_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"b: !!python/object/new:pathlib.Path [{marker}]\n"
    )
    problems = _problems(text)
    assert [p.path for p in problems] == ["a", "b"]
    assert all("is not allowed" in p.message for p in problems)
    assert not marker.exists()


def test_malformed_number_with_explicit_tag_is_a_problem() -> None:
    (problem,) = _problems("a: !!int twelve\n")
    assert "`twelve` is not a valid whole number" in problem.message


def test_explicit_core_tags_are_fine() -> None:
    assert parse_yaml("a: !!str 12\nb: !!float 2\n").data == {"a": "12", "b": 2.0}


def test_complex_key_is_a_problem() -> None:
    (problem,) = _problems("? [a, b]\n: 1\n")
    assert "a key must be a plain name" in problem.message


# --------------------------------------------------------------------------------------
# Aliases, merges and bombs
# --------------------------------------------------------------------------------------


def test_few_aliases_and_merges_work() -> None:
    text = (
        "src: &src {source: Shephard, confidence: high}\n"
        "a: *src\n"
        "b:\n  <<: *src\n  confidence: low\n"
    )
    doc = parse_yaml(text)
    assert doc.data["a"] == {"source": "Shephard", "confidence": "high"}
    assert doc.data["b"] == {"confidence": "low", "source": "Shephard"}
    # A merged key points at where it was written: in the anchored block.
    assert doc.position(("b", "source")) == (1, 12)
    assert doc.position(("b", "confidence")) == (5, 3)


def test_alias_limit_counts_expanded_uses() -> None:
    text = "a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(5))
    assert parse_yaml(text, max_aliases=5).data["k4"] == [1]
    (problem,) = _problems(text, max_aliases=4)
    assert "5 times" in problem.message
    assert "the limit is 4" in problem.message


def test_billion_laughs_fails_fast_without_using_memory() -> None:
    """The classic attack expands to 9^9 strings; refusing it must cost almost nothing."""
    text = (GOLDEN / "billion_laughs.yaml").read_text(encoding="utf-8")
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError) as info:
            parse_yaml(text)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 20_000_000
    assert any("billion laughs" in p.message for p in info.value.problems)


def test_bigger_laughs_with_few_aliases_is_caught_by_node_limit() -> None:
    """Few aliases (within max_aliases) can still expand to far too many values."""
    row = ", ".join(["x"] * 1000)
    text = f"a: &a [{row}]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    problems = _problems(text, max_aliases=100, max_nodes=10_000)
    assert len(problems) == 1
    # root 1 + keys 3 + a (1 + 1000) + b (1 + 10 x 1001) + c (1 + 3 x 10011) = 41,050
    assert "holds 41,050 values (the limit is 10,000)" in problems[0].message


def test_merge_bomb_is_refused() -> None:
    text = (GOLDEN / "merge_bomb.yaml").read_text(encoding="utf-8")
    (problem,) = _problems(text)
    assert "aliases" in problem.message


def test_recursive_alias_is_refused() -> None:
    (problem,) = _problems("a: &a\n  b: *a\n")
    assert "contains an alias to itself" in problem.message


def test_anchor_name_reused_is_valid_yaml() -> None:
    doc = parse_yaml("a: &x 1\nb: &x 2\nc: *x\n")
    assert doc.data == {"a": 1, "b": 2, "c": 2}


# --------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------

_POSITIONS = """\
capability: {id: tanks, quantity: 100}
options:
  - id: k2
    values:
      delivery: 4
  - id: leopard
    values: {delivery: 30}
"""


def test_positions_of_keys_items_and_values() -> None:
    doc = parse_yaml(_POSITIONS)
    assert doc.position(()) == (1, 1)
    assert doc.position(("capability",)) == (1, 1)
    assert doc.position(("capability", "quantity")) == (1, 25)
    assert doc.position(("options", 0)) == (3, 5)
    assert doc.position(("options", 0, "values", "delivery")) == (5, 7)
    assert doc.position(("options", 1, "values", "delivery")) == (7, 14)
    assert doc.value_position(("options", 0, "values", "delivery")) == (5, 17)
    assert doc.value_position(("capability",)) == (1, 13)


def test_missing_parts_fall_back_to_the_nearest_parent() -> None:
    doc = parse_yaml(_POSITIONS)
    assert doc.position(("options", 1, "values", "cost")) == (7, 5)
    assert doc.position(("options", 1, "unit_cost", "value")) == (6, 5)
    assert doc.position(("options", 9)) == (2, 1)
    assert doc.position(("nothing",)) == (1, 1)


def test_positions_with_windows_line_endings() -> None:
    doc = parse_yaml(_POSITIONS.replace("\n", "\r\n"))
    assert doc.position(("options", 1, "values", "delivery")) == (7, 14)


# --------------------------------------------------------------------------------------
# The fast path (libyaml's events) reads what ruamel.yaml reads (issue 14)
# --------------------------------------------------------------------------------------

_SCALARS = [
    "x", "no", "NO", "yes", "Yes", "on", "0o17", "017", "1_000", "0x1F", "0x", ".inf",
    "-.INF", ".NaN", "1e3", "1.5e-3", "+12", "-0", "~", "null", "Null", "=", "<<",
    "2025-12-01", "2025-12", "2025-12-01 10:00:00", "12:30", "0b101", "1.", ".5",
    "-.5e+3", "_1", "1__", "-_", "+", "0", "00", "09", "1e", "TRUE", "tRue", "!!int 12",
    "!!int x", "!!bool yes", "!!float x", "!!float ''", "!!str 12", "!!null x",
    "'quoted'", '"dq\\n"', "!foo bar", "! 12", "[1, no, 2]", "{a: 1, b: NO}",
    "!!timestamp 2025", "!!binary aGk=", "&a 1", "*a", "|\n  block\n  text",
]  # fmt: skip
_LINES = [
    "b: &x {p: 1, q: [1, 2]}", "c: *x", "d:\n  <<: *x\n  p: 3", "e:\n  - 1\n  - [no, NO]",
    "f: !!python/object:os.system x", "g: [1, 2", "h: 'open", "i:\n\t- tab", "j: {a: 1, a: 2}",
    "l:\n  - &y [1, 2]\n  - *y", "m: *undefined", "---\nn: 1", "# comment", 'p: "esc \\q"',
    "r: !!map {a: 1}", "s: ? complex\n  : value", "t:\n  <<: [*x, {z: 9}]", "u: \u00e9t\u00e9",
    "w: [a, b]: c", "x: 1\n  y: 2", "%YAML 1.1\n---\nz: yes", "ab: 1 # c", "a: 1", "a: 2",
]  # fmt: skip


def _paths(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, object]:
    """What parse_yaml makes of ``text`` by each path: libyaml's events straight to data
    (plain documents), libyaml's node tree, and ruamel.yaml's node tree alone."""

    def read() -> object:
        try:
            got = parse_yaml(text, display="f.yaml", keep_going=True)
        except InputError as err:
            return ("problems", err.problems)
        return (repr(got.data), dict(got.key_positions), dict(got.value_positions), got.problems)

    plain = read()

    def not_plain(_text: str, _max_nodes: int) -> None:
        raise yaml_module._NotPlainError

    def refuse(_text: str) -> None:
        raise yaml_module._FallbackError

    with monkeypatch.context() as m:
        m.setattr(yaml_module, "_build_plain", not_plain)
        nodes = read()
        m.setattr(yaml_module, "_compose_fast", refuse)
        slow = read()
    return plain, nodes, slow


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    pairs=st.lists(
        st.tuples(st.sampled_from(["a", "NO", "1", "<<", "'<<'", "~"]), st.sampled_from(_SCALARS)),
        min_size=1,
        max_size=5,
    ),
    lines=st.lists(st.sampled_from(_LINES), max_size=4),
)
def test_libyaml_reads_what_ruamel_reads(
    pairs: list[tuple[str, str]], lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same data, same key and value positions, same problems (or the same syntax error)
    whether libyaml or ruamel.yaml composed the file, or libyaml's events were built into
    data directly: scalars resolved by the YAML 1.2 core schema (``NO`` is text), merges,
    aliases, duplicates, tags, broken files."""
    text = "".join(f"{k}: {v}\n" for k, v in pairs) + "\n".join(lines) + "\n"
    plain, nodes, slow = _paths(text, monkeypatch)
    assert plain == nodes == slow


_CORPUS = sorted((Path(__file__).resolve().parents[1] / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", _CORPUS, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_test_file_reads_the_same_by_each_path(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The valid, invalid and hostile test files: the plain path (events straight to data)
    takes the plain ones and gives the node tree's data and positions, and hands every
    other one on at the first sign, so its problems are reported as before."""
    raw = path.read_bytes()
    if len(raw) > 2_000_000:
        pytest.skip("refused as too large before any parsing")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("refused as not UTF-8 before any parsing")
    plain, nodes, slow = _paths(text, monkeypatch)
    assert plain == nodes == slow


def test_plain_files_are_built_without_a_node_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled files take the plain path (issue 14: composing a node tree and walking
    it again cost as much as parsing); positions, asked for later, still come out right."""
    from diversify.io.loader import bundled_files

    def forbidden(text: str) -> None:
        raise AssertionError("a plain file was composed into a node tree")

    files = [p for p in bundled_files() if p.suffix == ".yaml"]
    with monkeypatch.context() as m:
        m.setattr(yaml_module, "_compose_fast", forbidden)
        docs = [load_yaml(path) for path in files]
    for doc in docs:
        assert isinstance(doc.data, dict) and not doc.problems
        first = next(iter(doc.data))
        line = next(i for i, t in enumerate(doc.text.splitlines(), 1) if t.startswith(first))
        assert doc.position((first,)) == (line, 1)


def test_norway_and_yes_stay_text_and_numbers_are_yaml_1_2() -> None:
    got = parse_yaml("country: NO\nok: yes\noct: 0o17\nlead: 017\nbig: 1_000\nhex: 0x1F\n")
    assert got.data == {"country": "NO", "ok": "yes", "oct": 15, "lead": 17, "big": 1000, "hex": 31}


def test_a_bad_explicit_bool_is_a_problem_not_a_crash() -> None:
    """ruamel.yaml's constructor raised KeyError here (a traceback); now it is a row."""
    with pytest.raises(InputError) as err:
        parse_yaml("flag: !!bool maybe\n")
    (problem,) = err.value.problems
    assert (problem.line, problem.column, problem.path) == (1, 7, "flag")
    assert "write true or false" in problem.message


def test_valid_files_never_need_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled scenario's files are composed by libyaml alone (the fast path)."""
    from diversify.io.loader import bundled_files

    def forbidden(text: str, display: str) -> None:
        raise AssertionError(f"{display} fell back to ruamel.yaml")

    monkeypatch.setattr(yaml_module, "compose_text", forbidden)
    files = [p for p in bundled_files() if p.suffix == ".yaml"]
    assert files
    for path in files:
        assert isinstance(load_yaml(path).data, dict)


def test_an_empty_value_is_placed_on_its_key_line() -> None:
    """libyaml puts an empty value right after its key (ruamel.yaml put it on the next
    line), so a problem about a missing figure points at the line that lacks it."""
    got = parse_yaml("a:\nb: 1\n")
    assert got.data == {"a": None, "b": 1}
    assert got.value_position(["a"]) == (1, 3)


def test_paused_gc_nests_and_restores_the_collector() -> None:
    """Parsing pauses the cycle collector (it walked every live object over and over on a
    large programme) and puts it back as it found it, however calls nest or fail."""
    import gc

    from diversify.io.yaml import paused_gc

    assert gc.isenabled()
    with paused_gc:
        assert not gc.isenabled()
        with paused_gc:
            parse_yaml("a: 1\n")
        assert not gc.isenabled()  # the inner pause does not end the outer one
    assert gc.isenabled()
    with pytest.raises(InputError), paused_gc:
        parse_yaml("a: [1\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_yaml("a: 1\n")
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_positions_are_found_when_first_asked_for() -> None:
    got = parse_yaml("a:\n  b: [x, {c: 1}]\n")
    assert got.position(["a", "b", 1, "c"]) == (2, 11)
    assert got.value_position(["a", "b", 0]) == (2, 7)
    assert dict(got.key_positions)[("a", "b")] == (2, 3)
