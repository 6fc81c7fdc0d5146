"""Every input problem as one row: file, line, column, key path, bad value, plain explanation.

Planners fix their YAML files by hand, so a problem report must say *where* (file, line,
column and the key path they would follow by eye), *what* (the value they wrote) and
*how to fix it* in plain English. Pydantic's own messages ("Input should be a valid
number, unable to parse string as a number") are written for programmers; this module
translates them, walks each error's ``loc`` through the loaded document to find the
line, and collects every problem so the user sees them all at once instead of fixing
one, re-running, and meeting the next.

Nothing here prints or imports a UI library: :func:`format_problems` returns plain text,
and the CLI decides how to show it.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from diversify.text import printable

if TYPE_CHECKING:
    import pydantic


class LocatedDocument(Protocol):
    """What a problem needs of a loaded file: its data, its name and where keys sit.

    :class:`diversify.io.yaml.LoadedYaml` is one; a Protocol keeps this module free of
    any import of the YAML reader (which imports this module for its problems).
    """

    @property
    def data(self) -> Any: ...

    @property
    def display(self) -> str: ...

    def position(self, path: Sequence[str | int]) -> tuple[int, int] | None: ...


__all__ = [
    "IDENTIFIER_PATTERN",
    "FileAccessError",
    "InputError",
    "LocatedDocument",
    "Problem",
    "clip_text",
    "display_value",
    "format_path",
    "format_problems",
    "problems_from_validation_error",
]

IDENTIFIER_PATTERN = r"^[a-z][a-z0-9_-]*$"
"""The id pattern of ``diversify.model.base.Identifier`` (a test keeps the two equal).

Kept here as a plain string so that io does not depend on the model package.
"""

_VALUE_LIMIT = 40


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, shown to the user as one table row.

    Ordered by file, then line, then column, then key path; an unknown line or column
    sorts before every known one (whole-file problems come first).
    """

    file: str
    """The file as shown to the user (relative when possible)."""
    line: int | None
    """1-based line, or None when the problem concerns the whole file."""
    column: int | None
    """1-based column, or None when unknown."""
    path: str
    """Key path like ``options[2].values.delivery``; '' for the whole file."""
    value: str
    """The bad value, shortened for display; '' when not applicable."""
    message: str
    """Plain-English explanation that says how to fix the problem."""

    def location(self) -> str:
        """``file:line:column``, dropping the parts that are unknown."""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Key used for ordering (None sorts as 0, i.e. first)."""
        return (self.file, self.line or 0, self.column or 0, self.path, self.message)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self.sort_key() < other.sort_key()


class InputError(Exception):
    """Raised with every problem found, so the CLI can print them all at once (exit 2)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = _unique(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the input:\n{format_problems(self.problems)}")


class FileAccessError(Exception):
    """A missing or unreadable file (CLI prints one line, exit 1)."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Drop repeats of the same mistake (same place, same message), keeping the first.

    An aliased block that contains a bad value is reached through several key paths but
    is one mistake at one line; reporting it once keeps the table honest.
    """
    seen: set[tuple[str, int | None, int | None, str, str]] = set()
    kept: list[Problem] = []
    for problem in problems:
        key = (problem.file, problem.line, problem.column, problem.value, problem.message)
        if problem.line is not None and key in seen:
            continue
        seen.add(key)
        kept.append(problem)
    return tuple(kept)


# --------------------------------------------------------------------------------------
# Display helpers
# --------------------------------------------------------------------------------------


def format_path(path: Sequence[str | int]) -> str:
    """``("options", 2, "values", "delivery")`` -> ``options[2].values.delivery``."""
    text = ""
    for item in path:
        if isinstance(item, int) and not isinstance(item, bool):
            text += f"[{item}]"
        else:
            text += f".{item}" if text else str(item)
    return text


def clip_text(text: str, limit: int = _VALUE_LIMIT) -> str:
    """Source text shown as written (no quotes), on one line, cut to ``limit`` characters.

    Control and format characters (an ESC, a bidi override) are shown as visible stand-ins
    (:func:`diversify.text.printable`), so the line can go to a terminal.
    """
    text = " ".join(printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_value(value: Any, limit: int = _VALUE_LIMIT) -> str:
    """Show a value the way the user would write it in YAML, cut to ``limit`` characters.

    Text is quoted (so ``"12"`` is visibly not the number 12); NaN and infinity use the
    YAML spelling. Big mappings and lists are rendered only as far as the limit needs.
    Control and format characters in text and keys are shown as visible stand-ins
    (:func:`diversify.text.printable`: ESC as ``␛``), never raw.
    """
    parts: list[str] = []
    _render(value, parts, budget=[limit + 1])
    text = "".join(parts)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _render(value: Any, out: list[str], budget: list[int]) -> None:
    if budget[0] <= 0:
        return
    if value is None:
        piece = "null"
    elif isinstance(value, bool):
        piece = "true" if value else "false"
    elif isinstance(value, float):
        if math.isnan(value):
            piece = ".nan"
        elif math.isinf(value):
            piece = ".inf" if value > 0 else "-.inf"
        else:
            piece = repr(value)
    elif isinstance(value, int):
        piece = str(value) if value.bit_length() < 200 else f"{str(value)[:50]}…"
    elif isinstance(value, str):
        shown = value[: budget[0] + 2].replace("\\", "\\\\").replace('"', '\\"')
        shown = printable(shown.replace("\n", "\\n").replace("\t", "\\t"))
        piece = f'"{shown}"'
    elif isinstance(value, Mapping):
        out.append("{")
        budget[0] -= 1
        for i, (key, item) in enumerate(value.items()):
            if budget[0] <= 0:
                break
            head = f"{', ' if i else ''}{printable(str(key))}: "
            out.append(head)
            budget[0] -= len(head)
            _render(item, out, budget)
        out.append("}")
        budget[0] -= 1
        return
    elif isinstance(value, list | tuple):
        out.append("[")
        budget[0] -= 1
        for i, item in enumerate(value):
            if budget[0] <= 0:
                break
            if i:
                out.append(", ")
                budget[0] -= 2
            _render(item, out, budget)
        out.append("]")
        budget[0] -= 1
        return
    else:
        piece = printable(repr(value))
    out.append(piece)
    budget[0] -= len(piece)


def format_problems(problems: Sequence[Problem]) -> str:
    """A plain-text table, one row per problem, sorted by file then line.

    Columns: Location | Field | Value | Explanation. The explanation is the last column
    and is never cut, because it carries the fix.
    """
    header = ("Location", "Field", "Value", "Explanation")
    rows = [
        tuple(
            printable(cell)
            for cell in (p.location(), p.path or ("" if p.line else "(whole file)"), p.value,
                         p.message)
        )
        for p in sorted(problems)
    ]  # fmt: skip
    widths = [max([len(header[i]), *(len(r[i]) for r in rows)]) for i in range(3)]

    def line(cells: Sequence[str]) -> str:
        padded = [cells[i].ljust(widths[i]) for i in range(3)]
        return "  ".join([*padded, cells[3]]).rstrip()

    lines = [line(header), line(["-" * w for w in widths] + ["-" * len(header[3])])]
    lines.extend(line(r) for r in rows)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Pydantic errors -> problems
# --------------------------------------------------------------------------------------


def problems_from_validation_error(
    err: pydantic.ValidationError,
    doc: LocatedDocument,
    *,
    prefix: tuple[str | int, ...] = (),
    model: type[pydantic.BaseModel] | None = None,
) -> list[Problem]:
    """Turn each pydantic error into a :class:`Problem` that points into ``doc``.

    ``prefix`` is where, inside ``doc``, the validated data sits (e.g. ``("options", 2)``
    when one option was validated on its own). ``model`` is the model that was validated;
    when given, an unknown key gets a "did you mean" suggestion from the model's fields.

    Loc items that are not keys or indexes of the document (tag names of a tagged union,
    type names of a plain union, ``[key]``) are skipped while walking. When a plain union
    fails in every branch, the branch that got furthest into the value is reported; if
    none did, the branches' messages are combined into one row.
    """
    by_place: dict[tuple[str | int, ...], list[_Resolved]] = {}
    resolved_all = [
        _resolve(doc.data, (*prefix, *error["loc"]), error)
        for error in err.errors(include_url=False)
    ]
    for resolved in _drop_refused_branches(resolved_all):
        by_place.setdefault(resolved.doc_path, []).append(resolved)

    rows: dict[tuple[str | int, ...], list[_Resolved]] = {}
    for members in by_place.values():
        branches = [m for m in members if m.skipped]
        if len(branches) > 1:
            # A union failed in every branch: keep the branch(es) that got furthest, since
            # that is the form the user was evidently writing.
            deepest = max(len(m.loc) for m in branches)
            members = [m for m in members if not m.skipped or len(m.loc) == deepest]
        for member in members:
            rows.setdefault(member.shown_path, []).append(member)

    explained = {
        path: [_explain(m.error, m.loc[len(prefix) :], model) for m in members]
        for path, members in rows.items()
    }
    problems: list[Problem] = []
    for shown_path, members in rows.items():
        first = members[0]
        if _is_misspelt(first, shown_path, explained):
            continue
        messages: list[str] = []
        for text in explained[shown_path]:
            if text not in messages:
                messages.append(text)
        message = _combine(messages) if first.skipped else "; ".join(messages)
        position = doc.position(first.doc_path)
        if first.error["type"] == "missing":
            value = ""
        elif first.exact:
            # The error sits on a value of the document: show it as the user wrote it
            # (`1/3`, not the 0.3333333333333333 a validator converted it to).
            value = display_value(first.node)
        else:
            value = display_value(first.error["input"])
        problems.append(
            Problem(
                file=doc.display,
                line=position[0] if position else None,
                column=position[1] if position else None,
                path=format_path(shown_path),
                value=value,
                message=message,
            )
        )
    return problems


@dataclass(frozen=True)
class _Resolved:
    error: Any
    loc: tuple[str | int, ...]
    doc_path: tuple[str | int, ...]
    """The part of ``loc`` that exists in the document."""
    shown_path: tuple[str | int, ...]
    """``doc_path`` plus the missing field's name for a ``missing`` error."""
    skipped: bool
    """Whether some loc items were not in the document (union branches and tags)."""
    first_skip: int | None = None
    """Index in ``loc`` of the first item not in the document (a union branch's tag)."""
    node: Any = None
    """The document's value at ``doc_path``, as the user wrote it."""
    exact: bool = False
    """Whether the error's own location (its last loc item) is in the document."""


_TYPE_REFUSALS = frozenset(
    {
        "bool_parsing", "bool_type", "dict_type", "float_parsing", "float_type", "int_parsing",
        "int_type", "list_type", "mapping_type", "model_attributes_type", "model_type",
        "number_text", "set_type", "string_type", "tuple_type",
    }
)  # fmt: skip
"""Error types that mean "this branch does not take this kind of value at all"."""


def _drop_refused_branches(resolved: list[_Resolved]) -> list[_Resolved]:
    """In a plain union, drop the branches that refused the value's *type* outright when
    another branch accepted the type and found a real problem inside it.

    A planner who writes ``delivery: {value: 12, estimate: true}`` was writing the mapping
    form: "must be a number; or must be text" beside the real explanation ("an estimate
    needs a range") is noise that hides the fix. When every branch refused the type
    (``delivery: [1, 2]``), all of them are kept and combined into one message.
    """
    unions: dict[tuple[str | int, ...], dict[str | int, list[_Resolved]]] = {}
    for r in resolved:
        if r.first_skip is not None:
            branch = r.loc[r.first_skip]
            unions.setdefault(r.loc[: r.first_skip], {}).setdefault(branch, []).append(r)
    dropped: set[int] = set()
    for branches in unions.values():
        refused = [
            members
            for members in branches.values()
            if all(
                m.first_skip is not None
                and len(m.loc) == m.first_skip + 1
                and m.error["type"] in _TYPE_REFUSALS
                for m in members
            )
        ]
        if refused and len(refused) < len(branches):
            dropped.update(id(m) for members in refused for m in members)
    return [r for r in resolved if id(r) not in dropped]


def _is_misspelt(
    first: _Resolved,
    shown_path: tuple[str | int, ...],
    explained: Mapping[tuple[str | int, ...], list[str]],
) -> bool:
    """A required field reported missing because the user misspelt it (``sytem:``).

    The unknown-field row beside it already says "did you mean `system`?"; a second row
    saying `system` is required would count one typo as two problems.
    """
    if first.error["type"] != "missing" or not shown_path:
        return False
    name, parent = shown_path[-1], shown_path[:-1]
    hint = f"did you mean `{name}`?"
    return any(
        path[:-1] == parent and any(text.endswith(hint) for text in texts)
        for path, texts in explained.items()
        if path and path != shown_path
    )


def _resolve(data: Any, loc: tuple[str | int, ...], error: Any) -> _Resolved:
    node = data
    doc_path: list[str | int] = []
    skipped = 0
    first_skip: int | None = None
    last_found = False
    for index, item in enumerate(loc):
        last_found = False
        if isinstance(node, dict):
            key: str | int | None = None
            if item in node:
                key = item
            elif not isinstance(item, str) and str(item) in node:
                key = str(item)
            if key is not None:
                node = node[key]
                doc_path.append(key)
                last_found = True
                continue
        elif (
            isinstance(node, list)
            and isinstance(item, int)
            and not isinstance(item, bool)
            and 0 <= item < len(node)
        ):
            node = node[item]
            doc_path.append(item)
            last_found = True
            continue
        skipped += 1
        if first_skip is None:
            first_skip = index
    shown = list(doc_path)
    if error["type"] == "missing" and loc and isinstance(loc[-1], str) and not last_found:
        # The missing field is named in the path; it is not a skipped union branch.
        shown.append(loc[-1])
        skipped -= 1
        if first_skip == len(loc) - 1:
            first_skip = None
    exact = last_found or not loc
    return _Resolved(
        error, tuple(loc), tuple(doc_path), tuple(shown), skipped > 0, first_skip, node, exact
    )


def _combine(messages: list[str]) -> str:
    if len(messages) == 1:
        return messages[0]
    if all(m.startswith("must be ") for m in messages):
        return "must be " + "; or ".join(m.removeprefix("must be ") for m in messages)
    return "does not fit any accepted form: " + "; or ".join(messages)


def _quoted_choices(expected: str) -> list[str]:
    """``"'a', 'b' or 'c'"`` -> ``['a', 'b', 'c']`` (pydantic's way of listing choices)."""
    parts = re.split(r",\s*|\s+or\s+", expected.strip())
    return [p.strip().strip("'\"") for p in parts if p.strip()]


def _number(value: Any) -> str:
    """A bound as a reader writes it: ``60``, ``0.5``, ``1,000,000``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


# A bound alone does not say what a field means; where the fix is not obvious from its
# name, the message says what to write instead.
_BOUND_HINTS = {
    "deliveries_per_year": (
        ": the units delivered a year once production runs (e.g. 12); leave the field out "
        "when the rate is not known"
    ),
}


def _did_you_mean(written: Any, choices: Sequence[str]) -> str:
    """``; did you mean `latest_domestic`?`` for a near miss among ``choices``, else ''."""
    if not isinstance(written, str):
        return ""
    close = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _fraction_hint(written: Any, bound: Any, loc: tuple[str | int, ...]) -> str:
    """What to write when a share or a rate (at most 1) was written as a percentage.

    ``rate: 3`` meant 3% a year and ``caps: {US: 50}`` half of spend: the bound alone
    ("must be 1 or less") does not say that the file wants the fraction.
    """
    if bound != 1 or isinstance(written, bool) or not isinstance(written, int | float):
        return ""
    if not 1 < written <= 100:
        return ""
    percent = f"{written:g}%"
    fraction = f"{written / 100:g}"
    if "escalation" in loc:
        return f": a yearly rate is written as a fraction: write {fraction} for {percent}"
    if "caps" in loc:
        return (
            f": a cap is a share of spend from 0 to 1: write 0.5 for half (50%), or {fraction} "
            f"for {percent}"
        )
    return f": a share is written as a fraction from 0 to 1: write {fraction} for {percent}"


def _explain(error: Any, loc: tuple[str | int, ...], model: type | None) -> str:
    """Pydantic's message for one error, rewritten as a plain-English fix."""
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    field = next((item for item in reversed(loc) if isinstance(item, str)), "")
    if kind == "missing":
        return f"is required: add `{field}: …`"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1]) if model is not None else None
        if not allowed:
            return f"unknown field `{field}`: remove it or check its spelling"
        close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field `{field}`; did you mean `{close[0]}`?"
        return f"unknown field `{field}`: remove it (allowed here: {', '.join(allowed)})"
    if kind in {"literal_error", "enum"}:
        choices = _quoted_choices(str(ctx.get("expected", "")))
        return f"must be one of {', '.join(choices)}" + _did_you_mean(error.get("input"), choices)
    if kind == "union_tag_invalid":
        name = str(ctx.get("discriminator", "kind")).strip("'")
        tags = _quoted_choices(str(ctx.get("expected_tags", "")))
        return f"unknown {name} `{ctx.get('tag')}`: must be one of {', '.join(tags)}" + (
            _did_you_mean(ctx.get("tag"), tags)
        )
    if kind == "union_tag_not_found":
        name = str(ctx.get("discriminator", "kind")).strip("'")
        return f"needs `{name}` to say which form this is: add `{name}: …`"
    if kind == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more" + _BOUND_HINTS.get(field, "")
    if kind == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}" + _BOUND_HINTS.get(field, "")
    if kind == "less_than_equal":
        return f"must be {_number(ctx.get('le'))} or less" + _fraction_hint(
            error.get("input"), ctx.get("le"), loc
        )
    if kind == "less_than":
        return f"must be less than {_number(ctx.get('lt'))}"
    if kind in {"float_parsing", "float_type"}:
        return "must be a number, like 12 or 12.5 (no units or other text)"
    if kind in {"int_parsing", "int_type"}:
        return "must be a whole number, like 12"
    if kind == "int_from_float":
        return "must be a whole number, like 12 (no decimals)"
    if kind == "finite_number":
        return "NaN/infinity is not a number you can score; give a finite value"
    if kind in {"bool_parsing", "bool_type"}:
        return "must be true or false"
    if kind == "string_type":
        return "must be text"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == IDENTIFIER_PATTERN:
            return (
                "must be a lower-case id: a letter first, then only letters, digits, "
                "'_' or '-' (e.g. `k2`, `speed-first`)"
            )
        return f"must match the pattern `{ctx.get('pattern')}`"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"must be at least {ctx.get('min_length')} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "too_short":
        if ctx.get("actual_length") == 0:
            wanted = ctx.get("min_length")
            return f"is empty: add at least {'one item' if wanted == 1 else f'{wanted} items'}"
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} item(s)"
    if kind in {"dict_type", "model_type", "model_attributes_type", "mapping_type"}:
        return "must be a mapping of `key: value` entries"
    if kind in {"list_type", "tuple_type", "set_type", "sequence_type"}:
        return "must be a list (`- item` lines, or `[a, b]`)"
    if kind == "value_error":
        source = ctx.get("error")
        return str(source) if source is not None else error["msg"].removeprefix("Value error, ")
    if kind == "assertion_error":
        return str(error["msg"]).removeprefix("Assertion failed, ")
    message = str(error["msg"])
    return message[:1].lower() + message[1:]


# --------------------------------------------------------------------------------------
# Finding the field names a model allows at a loc (for "did you mean")
# --------------------------------------------------------------------------------------


def _allowed_fields(model: type, loc: tuple[str | int, ...]) -> list[str] | None:
    """Field names (aliases when set) of the model found by walking ``loc`` from ``model``."""
    current: Any = model
    items = list(loc)
    guard = 0
    while items and current is not None and guard < 200:
        guard += 1
        current, consumed = _descend(current, items[0])
        if consumed:
            items.pop(0)
    current = _strip(current)
    members = _union_members(current)
    if members is not None:
        # An optional sub-model (`unit_cost: Money | None`): suggest from the model.
        models = [m for m in map(_strip, members) if _is_model(m)]
        current = models[0] if len(models) == 1 else None
    if not _is_model(current):
        return None
    return [info.alias or name for name, info in current.model_fields.items()]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "model_fields")


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any] | None:
    if typing.get_origin(tp) in {typing.Union, types.UnionType}:
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return None


def _descend(tp: Any, item: str | int) -> tuple[Any, bool]:
    """One step of the walk: (the type found, whether ``item`` was used up)."""
    tp = _strip(tp)
    members = _union_members(tp)
    if members is not None:
        for member in members:
            base = _strip(member)
            if isinstance(item, str) and (
                getattr(base, "__name__", None) == item or _has_tag(base, item)
            ):
                return base, True
        if len(members) == 1:
            return members[0], False
        models = [m for m in map(_strip, members) if _is_model(m)]
        return (models[0], False) if len(models) == 1 else (None, False)
    if _is_model(tp):
        for name, info in tp.model_fields.items():
            if item in {name, info.alias}:
                return info.annotation, True
        return None, False
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is None or not args:
        return None, False
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return args[-1], True
    if origin is tuple and isinstance(item, int):
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0], True
        return (args[item], True) if item < len(args) else (None, False)
    if isinstance(origin, type) and issubclass(origin, Iterable) and isinstance(item, int):
        return args[0], True
    return None, False


def _has_tag(model: Any, tag: str) -> bool:
    """Whether ``model`` has a Literal field that allows ``tag`` (a tagged-union member)."""
    if not _is_model(model):
        return False
    for info in model.model_fields.values():
        annotation = _strip(info.annotation)
        if typing.get_origin(annotation) is typing.Literal and tag in typing.get_args(annotation):
            return True
    return False
