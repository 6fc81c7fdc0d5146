"""Safe YAML reading that keeps line/column positions and reports every problem at once.

Why not simply ``YAML().load``? Four reasons, each a rule of this module:

* **Positions.** A planner fixing a file needs the line and column of the bad key.
  We *compose* the document (a node tree that carries marks) and build the plain
  Python data ourselves, recording where every key and item came from.
* **Every problem at once.** A YAML loader stops at the first duplicate key; we walk the
  node tree and report every duplicate, every NaN/infinity and every custom tag in one
  :class:`~diversify.io.problems.InputError`.
* **Safety.** Only the YAML core types are built (str, int, float, bool, null, mapping,
  sequence; timestamps stay as the text the user wrote, so ``as_of: 2025-12`` is
  ``"2025-12"``). A tag such as ``!!python/object`` is a problem, never an object.
  Composing builds no Python objects at all, so nothing the file says is executed.
* **Bounded work.** Files over ``max_bytes`` are refused before parsing; nesting is
  capped; aliases are counted *as if expanded* before any data is built, so a
  "billion laughs" or merge-key bomb is rejected in milliseconds instead of eating the
  machine's memory.

Mapping keys are kept as the text the user wrote (``2022: 5`` gives the key ``"2022"``),
because every key in our files is a name.

**Two parsers, one meaning.** Reading goes through libyaml, PyYAML's C parser: its events
carry line and column marks, and it is about fifteen times faster than ruamel.yaml's
pure-Python scanner, which made loading a programme of 50 capabilities x 100 options take
longer than scoring it. The node tree is composed here from those events (iteratively, so
depth is bounded without recursion) and scalars are resolved by the YAML 1.2 core schema
exactly as ruamel.yaml resolves them (``no`` and ``NO`` stay text: Norway is ``NO``), so
the data are the same whichever parser read them (a test compares them). Anything the fast
path does not take as it is (a syntax error, a ``%YAML`` or ``%TAG`` directive, nesting
beyond the limit, an undefined alias, a second document, or no libyaml at all) is read
again by ruamel.yaml (:func:`compose_text`), whose messages the problem rows have always
quoted, so a bad file gets the same located message as before. ruamel.yaml also stays for
writing: the comment-keeping profile edits (:mod:`diversify.io.profiles`).

**Plain files skip the node tree.** Nearly every data file is plain: no anchor, alias,
tag or merge, no duplicate key, no NaN. Those are built into data straight from
libyaml's events (:func:`_build_plain`), and the node tree is composed only if a
position is asked for (a problem found later, by the models or the cross-file checks).
The first sign of anything else hands the file to the path above, which reports it; the
three paths give the same data, positions and problems (tests compare them).
"""

from __future__ import annotations

import codecs
import gc
import hashlib
import math
import os
import re
import stat
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diversify.io.problems import (
    FileAccessError,
    InputError,
    Problem,
    clip_text,
    format_path,
)

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import Node as RuamelNode

__all__ = ["LoadedYaml", "compose_text", "load_yaml", "parse_yaml"]

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_CORE = "tag:yaml.org,2002:"
_MERGE_TAG = _CORE + "merge"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR_TAG = _CORE + "str"
_MAX_DEPTH = 50
_NAN_MESSAGE = "NaN/infinity is not a number you can score; give a finite value"


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed YAML file: plain data plus where each key and value sits in the text."""

    path: Path
    display: str
    """How to show the file in messages."""
    data: Any
    """Plain Python data (dict/list/str/int/float/bool/None)."""
    text: str
    sha256: str
    """Hex digest of the raw bytes (recorded in results for provenance)."""
    key_positions: Mapping[PathKey, Position] = field(
        default_factory=dict, repr=False, compare=False
    )
    """1-based (line, column) of each mapping key, or of each sequence item."""
    value_positions: Mapping[PathKey, Position] = field(
        default_factory=dict, repr=False, compare=False
    )
    """1-based (line, column) where each value starts."""
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    """Problems found in values (NaN, duplicate keys, tags) when loaded with ``keep_going``;
    the data is still usable, so model validation can report its own problems beside them."""

    def position(self, path: Sequence[str | int]) -> Position | None:
        """Line and column of the key (mappings) or item (sequences) at ``path``.

        Falls back to the nearest parent that exists when deeper parts are missing, so
        a missing field points at the mapping that should contain it.
        """
        return _lookup(self.key_positions, path)

    def value_position(self, path: Sequence[str | int]) -> Position | None:
        """Line and column where the value at ``path`` starts (nearest parent if missing)."""
        return _lookup(self.value_positions, path)


def _lookup(positions: Mapping[PathKey, Position], path: Sequence[str | int]) -> Position | None:
    items = tuple(path)
    for end in range(len(items), -1, -1):
        found = positions.get(items[:end])
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def load_yaml(
    path: Path,
    *,
    display: str | None = None,
    max_bytes: int = 2_000_000,
    max_aliases: int = 100,
    max_nodes: int = 1_000_000,
    keep_going: bool = False,
) -> LoadedYaml:
    """Read and parse one YAML file whose top level is a mapping.

    Raises :class:`FileAccessError` (one line) when the file cannot be read, and
    :class:`InputError` with every problem found when its content is not acceptable.
    ``max_aliases`` limits alias uses counted as if expanded (nested aliases multiply);
    ``max_nodes`` limits the size of the document once aliases are expanded.
    With ``keep_going``, problems in values (NaN, duplicate keys, tags) are returned in
    :attr:`LoadedYaml.problems` instead of raised, so that every problem in the file can
    be reported at once; syntax errors and alias bombs still raise.
    """
    path = Path(path)
    shown = display if display is not None else _display_name(path)
    raw = _read_bytes(path, shown, max_bytes)
    return parse_yaml(
        raw,
        path=path,
        display=shown,
        max_bytes=max_bytes,
        max_aliases=max_aliases,
        max_nodes=max_nodes,
        keep_going=keep_going,
    )


def parse_yaml(
    source: bytes | str,
    *,
    path: Path | None = None,
    display: str = "<text>",
    max_bytes: int = 2_000_000,
    max_aliases: int = 100,
    max_nodes: int = 1_000_000,
    keep_going: bool = False,
) -> LoadedYaml:
    """Parse YAML held in memory (bytes or text) with the same checks as :func:`load_yaml`."""
    raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    if len(raw) > max_bytes:
        raise InputError([_too_big(display, len(raw), max_bytes)])
    text = _decode(raw, display)
    with paused_gc:
        return _parse_text(raw, text, path, display, max_aliases, max_nodes, keep_going)


def _parse_text(
    raw: bytes,
    text: str,
    path: Path | None,
    display: str,
    max_aliases: int,
    max_nodes: int,
    keep_going: bool,
) -> LoadedYaml:
    problems: list[Problem] = []
    try:
        data = _build_plain(text, max_nodes)
        # Positions are looked up only when something is wrong (or warned about): the
        # node tree is then composed again from the text, on first use.
        index = _PositionIndex(display, text=text)
    except _NotPlainError:
        root = _compose_checked(text, display, max_aliases, max_nodes)
        # Built without positions; they are found by a second pass over the tree, on
        # first use.
        builder = _Builder(display, positions=False)
        data = builder.build_document(root)
        problems = builder.problems
        if problems and (not keep_going or not isinstance(data, dict)):
            raise InputError(problems) from None
        index = _PositionIndex(display, root=root)
    return LoadedYaml(
        path=path if path is not None else Path(display),
        display=display,
        data=data,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        key_positions=_Positions(index, keys=True),
        value_positions=_Positions(index, keys=False),
        problems=tuple(problems),
    )


def _compose_checked(text: str, display: str, max_aliases: int, max_nodes: int) -> Node | None:
    """The node tree of ``text`` (libyaml, else ruamel.yaml), its alias and size limits
    checked."""
    try:
        root, (size, uses, height) = _compose_fast(text)
    except _FallbackError:
        root = _own_nodes(compose_text(text, display))
        _check_graph(root, display, max_aliases=max_aliases, max_nodes=max_nodes)
    else:
        if root is not None:
            _check_limits(display, size, uses, height, max_aliases, max_nodes)
    return root


class _GcPause:
    """Pause Python's cycle collector while a file is parsed (re-entrant, thread-safe).

    Parsing allocates hundreds of thousands of small objects that live on (nodes, data),
    and every so many allocations the collector walks all live objects: on a programme of
    50 large files that walking cost as much as the parsing itself. The trees hold no
    reference cycles (a looping alias is refused), so nothing is left for the collector;
    it runs again, as usual, once the outermost pause ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._was_enabled:
                gc.enable()


paused_gc = _GcPause()
"""``with paused_gc:`` around work that allocates many long-lived objects (a whole load)."""


class _PositionIndex:
    """Where every key and value of a document sits, computed once, on first use.

    From the node tree when the document was composed, else (a plain document, built
    straight from the parser's events) from the text, composed again.
    """

    def __init__(self, display: str, *, root: Node | None = None, text: str | None = None):
        self._root = root
        self._text = text
        self._display = display
        self._tables: tuple[dict[PathKey, Position], dict[PathKey, Position]] | None = None

    def tables(self) -> tuple[dict[PathKey, Position], dict[PathKey, Position]]:
        if self._tables is None:
            builder = _Builder(self._display)
            root = self._root
            if root is None and self._text is not None:
                # A plain document passed every check already: no limit can refuse it now.
                root = _compose_checked(self._text, self._display, 2**62, 2**62)
            if root is not None:
                builder.build_document(root)
            self._tables = (builder.key_positions, builder.value_positions)
            self._root = self._text = None  # not needed any more
        return self._tables


class _Positions(Mapping[PathKey, Position]):
    """The key (or value) positions of a document, as a read-only mapping."""

    def __init__(self, index: _PositionIndex, *, keys: bool) -> None:
        self._index = index
        self._keys = keys

    def _table(self) -> dict[PathKey, Position]:
        return self._index.tables()[0 if self._keys else 1]

    def __getitem__(self, key: PathKey) -> Position:
        return self._table()[key]

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def compose_text(text: str, display: str) -> RuamelNode | None:
    """ruamel.yaml's node tree of ``text`` (None for an empty document), errors as InputError.

    Composing resolves tags but constructs no Python objects, which is why it is safe
    even for hostile input. Used by :mod:`diversify.io.profiles` to find exact spans, and
    by :func:`parse_yaml` for the files the fast path passes on (its messages are the ones
    the problem rows quote).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="safe", pure=True)
    yaml.max_depth = _MAX_DEPTH
    yaml.composer.warn_double_anchors = False  # re-using an anchor name is valid YAML
    try:
        return yaml.compose(text)
    except MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, text, display)]) from None
    except ReaderError as exc:
        line, column = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        message = (
            f"the file contains the control character U+{char:04X}, which YAML does not "
            "allow: delete it (it is often pasted in from another program)"
        )
        raise InputError([Problem(display, line, column, "", "", message)]) from None
    except YAMLError as exc:  # pragma: no cover - every known ruamel error is handled above
        message = f"the file is not valid YAML ({exc}); check its indentation and quoting"
        raise InputError([Problem(display, None, None, "", "", message)]) from None


# --------------------------------------------------------------------------------------
# The node tree, and the fast path that composes it from libyaml's events
# --------------------------------------------------------------------------------------


class Node:
    """A composed YAML node: resolved tag, value, where it starts, its anchor if any.

    ``value`` is the text of a scalar, a list of nodes for a sequence, a list of
    (key, value) node pairs for a mapping; an alias is the very node it names (shared).
    ``start_mark`` has 0-based ``line`` and ``column`` (counted in characters).
    """

    __slots__ = ("anchor", "start_mark", "tag", "value")

    def __init__(self, tag: str, value: Any, start_mark: Any, anchor: str | None = None) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.anchor = anchor


class ScalarNode(Node):
    __slots__ = ()


class SequenceNode(Node):
    __slots__ = ()


class MappingNode(Node):
    __slots__ = ()


class _FallbackError(Exception):
    """The fast path does not take this text as it is: read it with ruamel.yaml instead."""


# The YAML 1.2 core schema as ruamel.yaml resolves plain scalars (its VersionedResolver
# for 1.2: same tags, same patterns, tried in the same order for the first character).
_RESOLVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_CORE + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (
        _CORE + "float",
        re.compile(
            r"""^(?:
             [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
            |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (
        _CORE + "int",
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
            |[-+]?0o?[0-7_]+
            |[-+]?[0-9_]+
            |[-+]?0x[0-9a-fA-F_]+)$""",
            re.X,
        ),
        "-+0123456789",
    ),
    (_MERGE_TAG, re.compile(r"^(?:<<)$"), "<"),
    (_CORE + "null", re.compile(r"^(?: ~ |null|Null|NULL | )$", re.X), "~nN"),
    (
        _CORE + "timestamp",
        re.compile(
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
            |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
            (?:[Tt]|[ \t]+)[0-9][0-9]?
            :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
            (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        "0123456789",
    ),
    (_CORE + "value", re.compile(r"^(?:=)$"), "="),
)
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple((tag, rx) for tag, rx, chars in _RESOLVERS if first in chars)
    for first in {c for _, _, chars in _RESOLVERS for c in chars}
}
_BY_FIRST[""] = ((_CORE + "null", _RESOLVERS[4][1]),)


def _resolve(value: str) -> str:
    """The tag of a plain scalar written without one, by its text (YAML 1.2 core)."""
    for tag, rx in _BY_FIRST.get(value[:1], ()):
        if rx.match(value):
            return tag
    return _CORE + "str"


_Stats = tuple[int, int, int]
"""(values, alias uses, levels) of a node once its aliases are expanded (see _check_graph)."""


def _compose_fast(text: str) -> tuple[Node | None, _Stats]:
    """The node tree of ``text`` from libyaml's events, with its expanded size, or
    :class:`_FallbackError`.

    Iterative (an explicit stack), so a deeply nested file costs no recursion. The alias
    accounting of :func:`_check_graph` is done on the way (a node's size is known when it
    closes, and an alias can only name a node defined before it), so an alias bomb is
    measured without a second walk. Nesting past the limit, an alias to an unknown or
    still open anchor (a loop), directives, a second document or any libyaml error hand
    the text to ruamel.yaml, which words the problem.
    """
    try:
        import yaml as pyyaml
        from yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        raise _FallbackError from None
    ev = pyyaml.events
    scalar_ev, alias_ev = ev.ScalarEvent, ev.AliasEvent
    map_ev, seq_ev = ev.MappingStartEvent, ev.SequenceStartEvent
    end_evs = (ev.MappingEndEvent, ev.SequenceEndEvent)
    str_tag = _CORE + "str"
    resolved: dict[str, str] = {}  # plain scalar text -> tag (keys and labels repeat)
    parser = CParser(text)
    anchors: dict[str, Node] = {}
    done: dict[int, _Stats] = {}  # anchored nodes that are complete
    # one frame per open collection: [node, is mapping, key awaiting its value, values,
    # alias uses, deepest child]
    frames: list[list[Any]] = []
    root: Node | None = None
    root_stats: _Stats = (0, 0, 0)
    try:
        parser.get_event()  # stream start
        if parser.check_event(ev.StreamEndEvent):
            return None, root_stats
        start = parser.get_event()
        if start.version is not None or start.tags:
            raise _FallbackError
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar_ev:
                tag = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        tag = resolved.get(event.value)
                        if tag is None:
                            tag = resolved[event.value] = _resolve(event.value)
                    else:
                        tag = str_tag
                node: Node = ScalarNode(tag, event.value, event.start_mark, event.anchor)
                stats: _Stats = (1, 0, 1)
                if event.anchor is not None:
                    anchors[event.anchor] = node
                    done[id(node)] = stats
            elif kind is alias_ev:
                named = anchors.get(event.anchor)
                shown = None if named is None else done.get(id(named))
                if named is None or shown is None:
                    raise _FallbackError
                node, stats = named, (shown[0], shown[1] + 1, shown[2])
            elif kind is map_ev or kind is seq_ev:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _CORE + ("map" if kind is map_ev else "seq")
                node = (MappingNode if kind is map_ev else SequenceNode)(
                    tag, [], event.start_mark, event.anchor
                )
                if event.anchor is not None:
                    anchors[event.anchor] = node
                if frames:
                    _attach(frames[-1], node)
                else:
                    root = node
                if len(frames) >= _MAX_DEPTH:
                    raise _FallbackError
                frames.append([node, kind is map_ev, None, 1, 0, 0])
                continue
            elif kind in end_evs:
                frame = frames.pop()
                stats = (frame[3], frame[4], frame[5] + 1)
                if frame[0].anchor is not None:
                    done[id(frame[0])] = stats
                if frames:
                    _count(frames[-1], stats)
                else:
                    root_stats = stats
                continue
            else:  # document end
                break
            if frames:  # _attach and _count, written out: this runs for every value
                frame = frames[-1]
                if not frame[1]:
                    frame[0].value.append(node)
                elif frame[2] is None:
                    frame[2] = node
                else:
                    frame[0].value.append((frame[2], node))
                    frame[2] = None
                frame[3] += stats[0]
                frame[4] += stats[1]
                if stats[2] > frame[5]:
                    frame[5] = stats[2]
            else:
                root, root_stats = node, stats
        if not parser.check_event(ev.StreamEndEvent):
            raise _FallbackError  # a second document
    except pyyaml.YAMLError:
        raise _FallbackError from None
    finally:
        parser.dispose()
    return root, root_stats


class _NotPlainError(Exception):
    """Not a plain document (see :func:`_build_plain`): compose its node tree instead."""


_TEXT_TAGS = frozenset({_STR_TAG, _CORE + "timestamp"})
_CONSTRUCT_TAG: dict[str, Any] = {}  # filled below, once _CONSTRUCT exists


def _build_plain(text: str, max_nodes: int) -> dict[str, Any]:
    """The data of a plain document, straight from libyaml's events; else :class:`_NotPlainError`.

    Plain is what nearly every data file is: one document, its top level a mapping, no
    anchor, alias, tag, directive or ``<<`` merge, no duplicate or non-text key, every
    value one the core schema builds (no NaN or infinity), fewer than ``_MAX_DEPTH``
    levels and at most ``max_nodes`` values. Its data is then exactly what
    :class:`_Builder` makes of the composed node tree (a test compares them) without
    building that tree: on a programme of 50 files of 1,500 lines, composing the nodes and
    walking them again cost as much as libyaml's parsing itself. Anything else (or no
    libyaml) raises :class:`_NotPlainError` at the first sign, and the document takes the
    general path, which composes the tree and reports every problem with its position.
    """
    try:
        import yaml as pyyaml
        from yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        raise _NotPlainError from None
    ev = pyyaml.events
    scalar_ev, map_ev, seq_ev = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    end_evs = (ev.MappingEndEvent, ev.SequenceEndEvent)
    untagged = (None, "!")
    resolved: dict[str, str] = {}  # plain scalar text -> tag (keys and labels repeat)
    parser = CParser(text)
    try:
        parser.get_event()  # stream start
        start = parser.get_event()
        if type(start) is not ev.DocumentStartEvent or start.version is not None or start.tags:
            raise _NotPlainError
        first = parser.get_event()
        if type(first) is not map_ev or first.anchor is not None or first.tag not in untagged:
            raise _NotPlainError
        root: dict[str, Any] = {}
        # the open collections above the current one, each with whether it is a mapping
        stack: list[tuple[Any, bool]] = []
        current: Any = root
        in_mapping = True
        key: str | None = None  # in a mapping, the key awaiting its value
        nodes = 1
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar_ev:
                nodes += 1
                if event.anchor is not None or event.tag not in untagged or nodes > max_nodes:
                    raise _NotPlainError
                text_ = event.value
                if event.implicit[0]:
                    tag = resolved.get(text_)
                    if tag is None:
                        tag = resolved[text_] = _resolve(text_)
                else:
                    tag = _STR_TAG
                if in_mapping and key is None:
                    if tag not in _SCALAR_TAGS or text_ in current:  # a merge, `=`, a duplicate
                        raise _NotPlainError
                    key = text_
                    continue
                if tag in _TEXT_TAGS:
                    value: Any = text_
                else:
                    make = _CONSTRUCT_TAG.get(tag)
                    if make is None:
                        raise _NotPlainError
                    try:
                        value = make(text_)
                    except (ValueError, TypeError, KeyError, IndexError):
                        raise _NotPlainError from None
                    if type(value) is float and not math.isfinite(value):
                        raise _NotPlainError
            elif kind is map_ev or kind is seq_ev:
                nodes += 1
                if (
                    event.anchor is not None
                    or event.tag not in untagged
                    or (in_mapping and key is None)  # a list or mapping as a key
                    or len(stack) + 2 >= _MAX_DEPTH
                    or nodes > max_nodes
                ):
                    raise _NotPlainError
                value = {} if kind is map_ev else []
                if in_mapping:
                    current[key] = value
                    key = None
                else:
                    current.append(value)
                stack.append((current, in_mapping))
                current, in_mapping = value, kind is map_ev
                continue
            elif kind in end_evs:
                if not stack:
                    break
                current, in_mapping = stack.pop()
                continue
            else:  # an alias
                raise _NotPlainError
            if in_mapping:
                current[key] = value
                key = None
            else:
                current.append(value)
        if type(parser.get_event()) is not ev.DocumentEndEvent:
            raise _NotPlainError
        if type(parser.get_event()) is not ev.StreamEndEvent:
            raise _NotPlainError  # a second document
    except pyyaml.YAMLError:
        raise _NotPlainError from None
    finally:
        parser.dispose()
    return root


def _attach(frame: list[Any], node: Node) -> None:
    """Put ``node`` in the open collection of ``frame`` (a mapping pairs key and value)."""
    if not frame[1]:
        frame[0].value.append(node)
    elif frame[2] is None:
        frame[2] = node
    else:
        frame[0].value.append((frame[2], node))
        frame[2] = None


def _count(frame: list[Any], stats: _Stats) -> None:
    frame[3] += stats[0]
    frame[4] += stats[1]
    if stats[2] > frame[5]:
        frame[5] = stats[2]


def _own_nodes(root: RuamelNode | None) -> Node | None:
    """ruamel.yaml's node tree as this module's nodes (shared nodes stay shared)."""
    if root is None:
        return None
    from ruamel.yaml.nodes import MappingNode as RMap
    from ruamel.yaml.nodes import SequenceNode as RSeq

    made: dict[int, Node] = {}
    todo: list[RuamelNode] = [root]
    while todo:  # first pass: one node each, so cycles and aliases map onto one object
        node = todo.pop()
        if id(node) in made:
            continue
        cls = (
            MappingNode
            if isinstance(node, RMap)
            else SequenceNode
            if isinstance(node, RSeq)
            else ScalarNode
        )
        made[id(node)] = cls(str(node.tag), None, node.start_mark, node.anchor)
        if isinstance(node, RMap):
            todo.extend(part for pair in node.value for part in pair)
        elif isinstance(node, RSeq):
            todo.extend(node.value)
    seen: set[int] = set()
    todo = [root]
    while todo:  # second pass: values
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        own = made[id(node)]
        if isinstance(node, RMap):
            own.value = [(made[id(k)], made[id(v)]) for k, v in node.value]
            todo.extend(part for pair in node.value for part in pair)
        elif isinstance(node, RSeq):
            own.value = [made[id(v)] for v in node.value]
            todo.extend(node.value)
        else:
            own.value = node.value
    return made[id(root)]


# --------------------------------------------------------------------------------------
# Reading bytes
# --------------------------------------------------------------------------------------


def _display_name(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except (ValueError, OSError):
            return str(path)
    return path.as_posix()


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything that is not a regular file *before* reading.

    A FIFO or a device given as a data file would block the read forever (or never
    end), so the file is opened without blocking and checked with ``fstat`` on the very
    descriptor that is then read: nothing can be swapped in between.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileAccessError(f"file not found: {shown}", path) from None
    except PermissionError:
        raise FileAccessError(
            f"cannot read {shown}: permission denied (check the file's permissions)", path
        ) from None
    except IsADirectoryError:
        raise FileAccessError(
            f"{shown} is a folder, not a YAML file: give a file path", path
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FileAccessError(f"cannot read {shown}: {reason}", path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileAccessError(f"{shown} is a folder, not a YAML file: give a file path", path)
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError(
                f"{shown} is {_kind(info.st_mode)}, not a regular file: give the path of a "
                "YAML file",
                path,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = handle.read(max_bytes + 1)  # never read more than needed to say "too big"
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FileAccessError(f"cannot read {shown}: {reason}", path) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(raw) > max_bytes:
        raise InputError([_too_big(shown, max(info.st_size, len(raw)), max_bytes)])
    return raw


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _too_big(display: str, size: int, max_bytes: int) -> Problem:
    shown_size = f"{size:,} bytes" if size > max_bytes + 1 else f"more than {max_bytes:,} bytes"
    return Problem(
        display,
        None,
        None,
        "",
        "",
        f"the file is too large ({shown_size}; the limit is {max_bytes:,} bytes): "
        "split it into several smaller files (the limit cannot be changed)",
    )


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "the file is saved as UTF-16, not UTF-8: save it again as UTF-8"
        raise InputError([Problem(display, None, None, "", "", message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        message = (
            f"the file is not UTF-8 text (byte 0x{bad} cannot be read): save it as UTF-8 "
            "in your editor"
        )
        raise InputError([Problem(display, line, column, "", "", message)]) from None
    return text.removeprefix("\ufeff")


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


# --------------------------------------------------------------------------------------
# Syntax errors
# --------------------------------------------------------------------------------------

_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "tabs are not allowed in indentation: use spaces"),
    (
        "mapping values are not allowed",
        "a `:` is in an unexpected place: check the indentation of this line and the "
        "one above (is a `:` missing there?), and put "
        'quotes around a value that itself contains ": "',
    ),
    (
        "could not find expected ':'",
        "a `key: value` line is missing its `:` (or a quote is left open above it)",
    ),
    (
        "cannot start any token",
        "this character cannot start a plain value: put the value in quotes",
    ),
    (
        "while scanning a quoted scalar",
        "a quoted value is not closed: add the matching quote",
    ),
    (
        "expected <block end>",
        "the indentation is inconsistent: line this key up with the keys at its level",
    ),
    (
        "did not find expected key",
        "the indentation is inconsistent: line this key up with the keys at its level",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is out of line: start every item with `-` at the same indentation",
    ),
    (
        "expected ',' or ']'",
        "a `[...]` list is not closed properly: check its commas and the closing `]`",
    ),
    (
        "expected ',' or '}'",
        "a `{...}` mapping is not closed properly: check its commas and the closing `}`",
    ),
    ("found undefined alias", "an alias `*name` is used but no anchor `&name` comes before it"),
    (
        "expected a single document",
        "the file holds more than one YAML document (a second `---`): keep one per file",
    ),
    (
        "maximum depth",
        f"the data is nested more than {_MAX_DEPTH} levels deep: flatten it",
    ),
    (
        "found unknown escape character",
        "a backslash in a double-quoted value starts an unknown escape: use single quotes "
        "or write `\\\\`",
    ),
    (
        "found duplicate anchor",
        "the same anchor `&name` is defined twice: rename one of them",
    ),
)


def _token_at(line: str, column: int) -> str:
    """The run of non-blank characters at ``column`` (or the next one after it).

    Only the offending token is echoed, never the whole line: a file named by mistake
    (a password file, a key) must not have its content copied into a problem report.
    """
    start = min(max(column, 0), len(line))
    while start < len(line) and line[start].isspace():
        start += 1
    if start >= len(line):
        return ""
    begin = start
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    end = start
    while end < len(line) and not line[end].isspace():
        end += 1
    return clip_text(line[begin:end], 24)


def _syntax_problem(exc: MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = column = None
    value = ""
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
        lines = text.splitlines()
        if 0 <= mark.line < len(lines):
            value = _token_at(lines[mark.line], mark.column)
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in detail), None)
    if hint is None:
        hint = "check the indentation and quoting on this line and the one above"
    problem = str(exc.problem or exc.context or "").strip()
    return Problem(display, line, column, "", value, f"YAML syntax error ({problem}): {hint}")


# --------------------------------------------------------------------------------------
# Alias bombs: measure the document as if every alias were expanded, without expanding
# --------------------------------------------------------------------------------------


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_graph(root: Node | None, display: str, *, max_aliases: int, max_nodes: int) -> None:
    """Reject self-referencing aliases and documents that explode when aliases expand.

    The composed tree shares one node for an anchor and all its aliases, so the tree
    stays small even for a billion-laughs file. Walking it once in document order, the
    first visit of a node is its definition and every later edge to it is an alias.
    Then, bottom-up and memoised, we compute for each node how many nodes, alias uses
    and levels it would have once expanded; these are plain integers, so a document
    that would expand to 10^9 nodes costs a few microseconds to measure.
    """
    if root is None:
        return
    white, grey, black = 0, 1, 2
    state: dict[int, int] = {}
    size: dict[int, int] = {}
    aliases: dict[int, int] = {}
    height: dict[int, int] = {}
    alias_edges: dict[int, list[bool]] = {}
    stack: list[tuple[Node, int]] = [(root, 0)]
    state[id(root)] = grey
    while stack:
        node, index = stack.pop()
        kids = _children(node)
        flags = alias_edges.setdefault(id(node), [])
        if index < len(kids):
            stack.append((node, index + 1))
            child = kids[index]
            seen = state.get(id(child), white)
            if seen == grey:
                raise InputError([_recursive_alias(child, display)])
            flags.append(seen == black)
            if seen == white:
                state[id(child)] = grey
                stack.append((child, 0))
            continue
        total, uses, depth = 1, 0, 0
        for child, is_alias in zip(kids, flags, strict=True):
            key = id(child)
            total += size[key]
            uses += aliases[key] + (1 if is_alias else 0)
            depth = max(depth, height[key])
        size[id(node)], aliases[id(node)], height[id(node)] = total, uses, depth + 1
        state[id(node)] = black

    root_id = id(root)
    _check_limits(display, size[root_id], aliases[root_id], height[root_id], max_aliases, max_nodes)


def _check_limits(
    display: str, size: int, uses: int, height: int, max_aliases: int, max_nodes: int
) -> None:
    """Refuse a document whose expanded form has too many aliases, values or levels."""
    problems: list[Problem] = []
    if uses > max_aliases:
        problems.append(
            Problem(
                display,
                None,
                None,
                "",
                "",
                f"the file uses YAML aliases (`*name`) {uses:,} times once nested "
                f"aliases are expanded (the limit is {max_aliases:,}): this looks like a "
                "'billion laughs' attack or a runaway copy; write the values out instead of "
                "nesting aliases",
            )
        )
    if size > max_nodes:
        problems.append(
            Problem(
                display,
                None,
                None,
                "",
                "",
                f"once its aliases and `<<` merges are expanded the file holds "
                f"{size:,} values (the limit is {max_nodes:,}): write the values out "
                "instead of repeating large anchored blocks",
            )
        )
    if height > _MAX_DEPTH:
        problems.append(
            Problem(
                display,
                None,
                None,
                "",
                "",
                f"once its aliases are expanded the data is nested more than {_MAX_DEPTH} "
                "levels deep: flatten it",
            )
        )
    if problems:
        raise InputError(problems)


def _recursive_alias(node: Node, display: str) -> Problem:
    name = node.anchor or "?"
    return Problem(
        display,
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        "",
        f"&{name}",
        f"the anchor `&{name}` contains an alias to itself (`*{name}`), which never ends: "
        "remove that alias",
    )


# --------------------------------------------------------------------------------------
# Scalars: the YAML 1.2 core schema, as ruamel.yaml's SafeConstructor builds them
# --------------------------------------------------------------------------------------


def _construct_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _construct_float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    return sign * float(digits)


def _construct_bool(text: str) -> bool:
    return {"yes": True, "no": False, "y": True, "n": False, "true": True, "false": False,
            "on": True, "off": False}[text.lower()]  # fmt: skip


_CONSTRUCT: dict[str, Any] = {
    "int": _construct_int,
    "float": _construct_float,
    "bool": _construct_bool,
    "null": lambda text: None,
}
_CONSTRUCT_TAG.update({_CORE + kind: make for kind, make in _CONSTRUCT.items()})


# --------------------------------------------------------------------------------------
# Building plain data from the node tree, collecting problems
# --------------------------------------------------------------------------------------


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _preview(node: Node) -> str:
    """The value of a node as written, without building it (used for duplicates)."""
    if isinstance(node, ScalarNode):
        return clip_text(str(node.value))
    return "{…}" if isinstance(node, MappingNode) else "[…]"


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Builder:
    """Turns the composed tree into plain data, recording positions and problems."""

    def __init__(self, display: str, *, positions: bool = True) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.key_positions: dict[PathKey, Position] = {}
        self.value_positions: dict[PathKey, Position] = {}
        self.positions = positions

    def problem(self, node: Node, path: PathKey, value: str, message: str) -> None:
        line, column = _pos(node)
        self.problems.append(Problem(self.display, line, column, format_path(path), value, message))

    def build_document(self, root: Node | None) -> Any:
        if root is None:
            self.problems.append(
                Problem(
                    self.display,
                    None,
                    None,
                    "",
                    "",
                    "the file is empty: it must hold `key: value` lines",
                )
            )
            return None
        if self.positions:
            self.key_positions[()] = self.value_positions[()] = _pos(root)
        data = self.build(root, ())
        if not isinstance(root, MappingNode):
            what = "a list" if isinstance(root, SequenceNode) else "a single value"
            self.problem(
                root,
                (),
                "",  # the content is not echoed: this may be a file named by mistake
                f"the top level must be a mapping of `key: value` lines, but this file holds "
                f"{what}",
            )
        return data

    def build(self, node: Node, path: PathKey) -> Any:
        if self.positions:
            self.value_positions.setdefault(path, _pos(node))
        if type(node) is ScalarNode:
            return self._scalar(node, path)
        if node.tag not in (_CORE + "map", _CORE + "seq"):
            kind = "mapping" if isinstance(node, MappingNode) else "list"
            self._bad_tag(node, path, f"{_short_tag(node.tag)} ({kind})")
        if type(node) is SequenceNode:
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                if self.positions:
                    self.key_positions.setdefault(child_path, _pos(child))
                items.append(self.build(child, child_path))
            return items
        return self._mapping(node, path)

    def _bad_tag(self, node: Node, path: PathKey, shown: str) -> None:
        self.problem(
            node,
            path,
            clip_text(shown),
            f"the tag `{_short_tag(node.tag)}` is not allowed: data files hold plain values "
            "only (text, numbers, true/false, lists, mappings); remove the tag",
        )

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        tag: str = node.tag
        text: str = node.value
        if tag == _STR_TAG:  # most values: nothing to check or convert
            return text
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node, path, f"{_short_tag(tag)} {text}")
            return text
        kind = tag.removeprefix(_CORE)
        if kind in ("str", "timestamp"):
            return text
        try:
            value = _CONSTRUCT[kind](text)
        except (ValueError, TypeError, KeyError, IndexError):
            noun = {"int": "whole number", "float": "number", "bool": "true/false value"}
            fix = (
                "write true or false"
                if kind == "bool"
                else "write it as plain digits, like 12 or 12.5"
            )
            self.problem(
                node,
                path,
                clip_text(text),
                f"`{text}` is not a valid {noun.get(kind, kind)}: {fix}",
            )
            return text
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node, path, clip_text(text), _NAN_MESSAGE)
        return value

    def _key(self, node: Node, path: PathKey) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problem(
                node,
                path,
                "",
                "a key must be a plain name, not a list or a mapping: check for a stray `?`, "
                "`[` or `{` before the `:`",
            )
            return None
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node, path, f"{_short_tag(node.tag)} {node.value}")
        return str(node.value)

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merges: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE_TAG:
                merges.append((key_node, value_node))
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            key_path = (*path, key)
            if key in first_line:
                self.problem(
                    key_node,
                    key_path,
                    _preview(value_node),
                    f"duplicate key `{key}` (first given on line {first_line[key]}): keep one "
                    "of them, or rename this one",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            if self.positions:
                self.key_positions.setdefault(key_path, _pos(key_node))
            result[key] = self.build(value_node, key_path)
        for merge_key, merge_value in merges:
            sources = merge_value.value if isinstance(merge_value, SequenceNode) else [merge_value]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.problem(
                        merge_key,
                        path,
                        "<<",
                        "a `<<` merge must be followed by an alias of a mapping (`<<: *name`) "
                        "or a list of them",
                    )
                    continue
                # YAML merge rules: the mapping's own keys win, then earlier merges win.
                for key, value in self._mapping(source, path).items():
                    result.setdefault(key, value)
        return result
