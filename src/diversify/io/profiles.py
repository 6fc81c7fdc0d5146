"""Save a named weight profile into a criteria YAML file without disturbing anything else.

A criteria file is the planner's document: its comments explain sources and choices,
its profiles are often aligned by hand. Re-dumping it through a YAML library loses
that (alignment spaces, indentation of lists, long-line wrapping), even with ruamel's
round-trip mode. So this module edits the *text*: ruamel composes the file to find the
exact character span of the profile (or of the end of the ``profiles:`` block), and
only that span changes. Everything else, comments included, stays byte-identical.

Style rules: an existing profile keeps its style (flow ``{cost: 25}`` or block lines);
when its criteria are the same, only the numbers are replaced, so comments inside it
and hand alignment survive. A new profile goes at the end of ``profiles:`` in flow style
on one line, like ``  my-room: {cost: 25, delivery: 20}``. Weights are written as
integers when whole, else rounded to 4 decimals.

Before writing, the edited text is parsed again and compared with the original data:
the saved profile must read back as given and nothing else may have changed. Only then
is the file replaced, atomically.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from diversify.io.atomic import atomic_write_text
from diversify.io.problems import IDENTIFIER_PATTERN, InputError, Problem
from diversify.io.yaml import compose_text, load_yaml, parse_yaml

__all__ = ["ProfileExistsError", "format_weight", "save_profile"]

_ID = re.compile(IDENTIFIER_PATTERN)
_MAX_ID = 64
# Names a YAML 1.1 or 1.2 reader would take for null or a boolean if left unquoted.
_NEEDS_QUOTES = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


class ProfileExistsError(Exception):
    """The profile name is already used in the file and overwriting was not asked for."""


def format_weight(value: float) -> str:
    """``25.0`` -> ``25``; ``12.345678`` -> ``12.3457`` (whole numbers as ints, else 4 dp)."""
    number = round(float(value), 4)
    if number.is_integer():
        return str(int(number))
    return repr(number)


def save_profile(
    criteria_file: Path,
    name: str,
    weights: Mapping[str, float],
    *,
    overwrite: bool = False,
) -> None:
    """Add (or, with ``overwrite``, replace) the profile ``name`` in ``criteria_file``.

    Raises ValueError for an invalid name or weights, ProfileExistsError when the name
    is taken and ``overwrite`` is False, FileAccessError when the file cannot be read,
    and InputError when it cannot be parsed (the file is then left untouched).
    """
    _check_id(name, "profile name")
    clean = _check_weights(weights)
    path = Path(criteria_file)
    doc = load_yaml(path)
    text = doc.text
    root = compose_text(text, doc.display)
    assert isinstance(root, MappingNode)  # load_yaml refuses any other top level

    profiles_key, profiles_node = _find(root, "profiles")
    if (
        profiles_node is not None
        and not _is_null(profiles_node)
        and not isinstance(profiles_node, MappingNode)
    ):
        assert profiles_key is not None
        line, column = profiles_key.start_mark.line + 1, profiles_key.start_mark.column + 1
        message = "must be a mapping of `name: {criterion: points, …}` entries"
        raise InputError([Problem(doc.display, line, column, "profiles", "", message)])
    newline = "\r\n" if "\r\n" in text else "\n"
    flow = _flow(clean)

    existing = (
        _find(profiles_node, name) if isinstance(profiles_node, MappingNode) else (None, None)
    )
    if existing[0] is not None:
        if not overwrite:
            raise ProfileExistsError(
                f"a profile named `{name}` already exists in {doc.display}: choose another "
                "name, or overwrite it"
            )
        new_text = _replace_profile(text, existing[0], existing[1], clean, flow, newline)
    elif isinstance(profiles_node, MappingNode) and profiles_node.value:
        new_text = _append_profile(text, profiles_node, name, flow, newline)
    elif isinstance(profiles_node, MappingNode):  # `profiles: {}`
        at = profiles_node.end_mark.index - 1
        new_text = f"{text[:at]}{_key_text(name)}: {flow}{text[at:]}"
    elif profiles_key is not None:  # `profiles:` with no value, or `profiles: null`
        new_text = _fill_empty_profiles(text, profiles_key, profiles_node, name, flow, newline)
    else:
        new_text = _add_profiles_block(text, root, name, flow, newline)

    _verify(doc.data, new_text, name, clean, doc.display, profiles_key)
    raw_head = path.read_bytes()[:3]
    bom = "\ufeff" if raw_head == codecs.BOM_UTF8 else ""
    atomic_write_text(path, bom + new_text)


# --------------------------------------------------------------------------------------
# Checking arguments
# --------------------------------------------------------------------------------------


def _check_id(value: object, what: str) -> None:
    if not isinstance(value, str) or not _ID.match(value) or len(value) > _MAX_ID:
        raise ValueError(
            f"invalid {what} {value!r}: use a lower-case id of at most {_MAX_ID} characters, "
            "a letter first, then letters, digits, '_' or '-' (e.g. `speed-first`)"
        )


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    if not weights:
        raise ValueError("a profile needs at least one criterion weight")
    clean: dict[str, float] = {}
    for key, value in weights.items():
        _check_id(key, "criterion id")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"the weight of `{key}` must be a number, got {value!r}")
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise ValueError(f"the weight of `{key}` must be a finite number 0 or more")
        clean[key] = number
    return clean


# --------------------------------------------------------------------------------------
# Text edits
# --------------------------------------------------------------------------------------


def _key_text(key: str) -> str:
    return f'"{key}"' if key in _NEEDS_QUOTES else key


def _flow(weights: Mapping[str, float]) -> str:
    return "{" + ", ".join(f"{_key_text(k)}: {format_weight(v)}" for k, v in weights.items()) + "}"


def _find(mapping: Node | None, key: str) -> tuple[Node | None, Node | None]:
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None, None


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null")


def _content_end(text: str, node: Node) -> int:
    """Index just after the last character that belongs to ``node``.

    A block collection's own end mark lies at the next token, past any trailing
    comments and blank lines; its real content ends with its last child. An empty value
    (``key:`` with nothing after it) ends right after its key's colon.
    """
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        if isinstance(node, SequenceNode):
            return _content_end(text, node.value[-1])
        last_key, last_value = node.value[-1]
        if _is_empty(last_value):
            return _after_colon(text, last_key)
        return _content_end(text, last_value)
    return int(node.end_mark.index)


def _is_empty(node: Node | None) -> bool:
    """A plain empty scalar: what ``key:`` with no value composes to."""
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def _line_end(text: str, index: int) -> int:
    """Index of the line break that ends the line containing ``index`` (or len(text))."""
    found = text.find("\n", index)
    if found == -1:
        return len(text)
    return found - 1 if found > 0 and text[found - 1] == "\r" else found


def _after_colon(text: str, key_node: Node) -> int:
    """Index just after the ``:`` that follows ``key_node``."""
    return text.index(":", key_node.end_mark.index) + 1


def _replace_profile(
    text: str,
    key_node: Node,
    value_node: Node | None,
    weights: Mapping[str, float],
    flow: str,
    newline: str,
) -> str:
    if isinstance(value_node, MappingNode):
        pairs = value_node.value
        plain = all(
            isinstance(k, ScalarNode) and isinstance(v, ScalarNode) and not k.tag.endswith("merge")
            for k, v in pairs
        )
        keys = [k.value for k, _ in pairs]
        if plain and sorted(keys) == sorted(weights) and len(set(keys)) == len(keys):
            # Same criteria: change only the numbers, so comments and alignment survive.
            edits = [
                (v.start_mark.index, v.end_mark.index, format_weight(weights[k.value]))
                for k, v in pairs
            ]
            for start, end, new in sorted(edits, reverse=True):
                text = text[:start] + new + text[end:]
            return text
        start, end = value_node.start_mark.index, _content_end(text, value_node)
        if value_node.flow_style:
            return text[:start] + flow + text[end:]
        # Re-written block: its old comments went with its old lines, the last one too.
        end = _line_end(text, end)
        indent = " " * value_node.start_mark.column
        block = (newline + indent).join(
            f"{_key_text(k)}: {format_weight(v)}" for k, v in weights.items()
        )
        return text[:start] + block + text[end:]
    # Not a mapping (empty, null or a stray scalar): put the flow mapping after the colon.
    start = _after_colon(text, key_node)
    end = start
    if value_node is not None and not _is_empty(value_node):
        end = _content_end(text, value_node)
    return f"{text[:start]} {flow}{text[end:]}"


def _append_profile(text: str, profiles: MappingNode, name: str, flow: str, newline: str) -> str:
    entry = f"{_key_text(name)}: {flow}"
    if profiles.flow_style:
        last_key, last_value = profiles.value[-1]
        end = (
            _after_colon(text, last_key)
            if _is_empty(last_value)
            else _content_end(text, last_value)
        )
        return f"{text[:end]}, {entry}{text[end:]}"
    indent = " " * profiles.value[0][0].start_mark.column
    at = _line_end(text, _content_end(text, profiles))
    return f"{text[:at]}{newline}{indent}{entry}{text[at:]}"


def _fill_empty_profiles(
    text: str,
    key_node: Node,
    value_node: Node | None,
    name: str,
    flow: str,
    newline: str,
) -> str:
    start = _after_colon(text, key_node)
    if value_node is not None and not _is_empty(value_node):  # `profiles: ~` or `null`
        begin, end = value_node.start_mark.index, value_node.end_mark.index
        text = text[:begin].rstrip(" ") + text[end:]
    at = _line_end(text, start)  # after any comment on the `profiles:` line
    indent = " " * (key_node.start_mark.column + 2)
    return f"{text[:at]}{newline}{indent}{_key_text(name)}: {flow}{text[at:]}"


def _add_profiles_block(text: str, root: MappingNode, name: str, flow: str, newline: str) -> str:
    if root.flow_style:
        at = root.end_mark.index - 1
        sep = ", " if root.value else ""
        return f"{text[:at]}{sep}profiles: {{{_key_text(name)}: {flow}}}{text[at:]}"
    indent = " " * (root.value[0][0].start_mark.column if root.value else 0)
    if text and not text.endswith("\n"):
        text += newline
    return f"{text}{indent}profiles:{newline}{indent}  {_key_text(name)}: {flow}{newline}"


# --------------------------------------------------------------------------------------
# Safety net
# --------------------------------------------------------------------------------------


def _verify(
    old: dict[str, Any],
    new_text: str,
    name: str,
    weights: Mapping[str, float],
    display: str,
    profiles_key: Node | None,
) -> None:
    """Parse the edited text; refuse to write unless only the one profile changed."""
    try:
        new = parse_yaml(new_text, display=display).data
    except InputError:
        new = None
    ok = isinstance(new, dict)
    if ok:
        old_profiles = old.get("profiles") or {}
        new_profiles = new.get("profiles") or {}
        expected = {k: float(format_weight(v)) for k, v in weights.items()}
        saved = new_profiles.get(name) if isinstance(new_profiles, dict) else None
        rest_old = {k: v for k, v in old.items() if k != "profiles"}
        rest_new = {k: v for k, v in new.items() if k != "profiles"}
        others_old = {k: v for k, v in old_profiles.items() if k != name}
        others_new = (
            {k: v for k, v in new_profiles.items() if k != name}
            if isinstance(new_profiles, dict)
            else None
        )
        ok = (
            isinstance(saved, dict)
            and set(saved) == set(expected)
            and all(float(saved[k]) == expected[k] for k in expected)
            and rest_old == rest_new
            and others_old == others_new
            and list(others_old) == list(others_new or {})
        )
    if not ok:
        line = profiles_key.start_mark.line + 1 if profiles_key is not None else None
        column = profiles_key.start_mark.column + 1 if profiles_key is not None else None
        raise InputError(
            [
                Problem(
                    display,
                    line,
                    column,
                    f"profiles.{name}",
                    "",
                    "this file's layout (anchors, aliases or merges around `profiles:`) "
                    "cannot be edited safely, so it was left unchanged: add the line "
                    f"`{_key_text(name)}: {_flow(weights)}` under `profiles:` by hand",
                )
            ]
        )
