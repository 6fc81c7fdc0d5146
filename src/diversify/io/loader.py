"""Read a scenario and every file it names, and report every problem at once.

The pipeline is: YAML with positions (:mod:`diversify.io.yaml`) -> pydantic models per
file -> cross-file checks (:mod:`diversify.model.resolve`). It does not stop at the first
bad file: each file that parses is validated, and every problem from every file is
raised together as one :class:`~diversify.io.problems.InputError`, each with its file,
line and key path.
"""

from __future__ import annotations

import datetime
import difflib
import glob
import os
import types
import typing
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from diversify.io.problems import (
    FileAccessError,
    InputError,
    Problem,
    display_value,
    problems_from_validation_error,
)
from diversify.io.yaml import LoadedYaml, load_yaml
from diversify.model.base import NonNegativeFloat
from diversify.model.criteria import CriteriaFile, Criterion
from diversify.model.deals import CostBasis, CostBasisOverride, Escalation, Lifecycle, Support
from diversify.model.figures import CurrencyCode
from diversify.model.portfolio import PortfolioSpec
from diversify.model.resolve import resolve
from diversify.model.resolved import ScenarioData
from diversify.model.robustness import RobustnessSpec
from diversify.model.scenario import Rates, Scenario
from diversify.model.suppliers import Capability, Option, SuppliersFile

_RATE = Annotated[NonNegativeFloat, Field(gt=0)]

M = TypeVar("M", bound=BaseModel)


BUNDLED_PARTS = ("scenario.yaml", "criteria", "suppliers")
"""What the bundled scenario is made of: the scenario file and its two folders."""


def bundled_root() -> Path:
    """Folder holding the bundled Canada scenario's files.

    The single source of truth is the repository root (``scenario.yaml``, ``criteria/``,
    ``suppliers/``); a built wheel carries them as package data under
    ``diversify/data/canada/`` (pyproject's ``force-include``), so an installed copy finds
    them there, and a source checkout (an editable install, or tests) at the root.
    """
    packaged = Path(str(resources.files("diversify") / "data" / "canada"))
    if (packaged / "scenario.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[3]


def bundled_scenario() -> Path:
    """Path of the bundled Canada scenario."""
    return bundled_root() / "scenario.yaml"


def bundled_files() -> list[Path]:
    """Every file of the bundled scenario (the scenario, criteria and suppliers files)."""
    root = bundled_root()
    files = [root / "scenario.yaml"]
    for folder in BUNDLED_PARTS[1:]:
        files += sorted((root / folder).rglob("*.yaml"))
    return files


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is one of the bundled scenario's files (or its folders)."""
    root = bundled_root().resolve()
    target = path.resolve()
    return any(
        target == root / part or target.is_relative_to(root / part) for part in BUNDLED_PARTS
    )


def display_path(path: Path) -> str:
    """A path as users should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _validate(doc: LoadedYaml, model: type[M], problems: list[Problem]) -> M | None:
    """Validate a document; YAML-level problems (NaN, duplicates) win at their location.

    A file with YAML-level problems still has its other fields validated, so the user
    sees every problem at once; but the model never counts as valid.
    """
    problems.extend(doc.problems)
    taken = {p.path for p in doc.problems}
    try:
        result = model.model_validate(doc.data)
    except ValidationError as err:
        for p in problems_from_validation_error(err, doc, model=model):
            if not any(p.path == t or p.path.startswith((t + ".", t + "[")) for t in taken):
                problems.append(p)
        return None
    return None if doc.problems else result


def _load(
    path: Path, problems: list[Problem], *, referenced_by: tuple[LoadedYaml, tuple] | None = None
) -> LoadedYaml | None:
    try:
        return load_yaml(path, display=display_path(path), keep_going=True)
    except InputError as err:
        problems.extend(err.problems)
    except FileAccessError as err:
        if referenced_by is None:
            raise
        doc, key_path = referenced_by
        line, col = doc.position(key_path) or (None, None)
        written = str(_value_at(doc.data, key_path))
        message = str(err)
        if not path.exists():
            # Say where the path is taken from, and offer the closest file in that folder.
            message += "; check the spelling (paths are relative to the scenario file)"
            siblings = _file_names(path.parent)
            close = difflib.get_close_matches(path.name, siblings, n=1)
            if close:
                message += f"; did you mean `{PurePosixPath(written).with_name(close[0])}`?"
        problems.append(Problem(doc.display, line, col, _dotted(key_path), written, message))
    return None


def _file_names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []


def _value_at(data: Any, path: Sequence[str | int]) -> Any:
    """The document's value at ``path`` (None when it is not there)."""
    node = data
    for part in path:
        found = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if not found:
            return None
        node = node[part]
    return node


def _relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


def _dotted(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _supplier_paths(
    base: Path, patterns: Sequence[str], doc: LoadedYaml, problems: list[Problem]
) -> list[tuple[Path, int]]:
    """Each supplier file the patterns match, with the index of the pattern that named it."""
    found: dict[Path, int] = {}
    for i, pattern in enumerate(patterns):
        full = base / pattern
        # Files only: `suppliers/*` must not pick up a sub-folder, and an empty pattern
        # (the scenario's own folder) is "no file", not an unreadable-file exit. A pipe or
        # device a glob matches is kept, so that reading it refuses it at this line
        # instead of skipping it unseen.
        matches = sorted(
            Path(p) for p in glob.glob(str(full)) if Path(p).is_file() or _is_other_file(Path(p))
        )
        if not matches and not glob.has_magic(pattern) and _is_other_file(full):
            matches = [full]  # not a regular file: reading it says what it is, at this line
        if not matches:
            line, col = doc.position(("suppliers", i)) or (None, None)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    f"suppliers[{i}]",
                    pattern,
                    "no supplier file matches this path or pattern; check the spelling "
                    "(paths are relative to the scenario file)",
                )
            )
        for m in matches:
            found.setdefault(m, i)
    return list(found.items())


def _is_other_file(path: Path) -> bool:
    """Something that exists and is neither a regular file nor a folder (a FIFO, a device)."""
    return os.path.lexists(path) and not path.is_dir() and not path.is_file()


def within(folder: Path, target: Path) -> bool:
    """Whether ``target``, links followed, is ``folder`` or lies below it."""
    base = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(target))
    return real == base or base in real.parents


class _Confinement:
    """Checks that a path named in the scenario stays inside the scenario's folder."""

    def __init__(self, base: Path, doc: LoadedYaml, problems: list[Problem], *, allow: bool):
        self.base = base
        self.doc = doc
        self.problems = problems
        self.allow = allow

    def check(
        self, target: Path, key_path: tuple[str | int, ...], written: str, *, writes: bool = False
    ) -> bool:
        """True when ``target`` may be used; else a problem at the line that names it."""
        if self.allow:
            return True
        if within(self.base, target):
            return True
        line, col = self.doc.position(key_path) or (None, None)
        verb = "write reports" if writes else "read files"
        self.problems.append(
            Problem(
                self.doc.display,
                line,
                col,
                _dotted(key_path),
                display_value(written),
                f"this path leads outside the scenario's folder: a scenario may only {verb} "
                "in its own folder and below. Move the file(s) there and write a relative "
                "path, or run the command with --allow-outside if you trust this scenario",
            )
        )
        return False


def load_scenario(
    path: Path | None = None, *, allow_outside: bool = False, today: datetime.date | None = None
) -> ScenarioData:
    """Load, validate and resolve a scenario; raise InputError with every problem found.

    The files a scenario names (``criteria:``, ``suppliers:``) and its ``report.out``
    folder must lie inside the scenario's folder, so that a scenario received from
    someone else cannot read (and quote back) or write files anywhere on the machine;
    ``allow_outside`` lifts that rule for a user who means it. ``today`` (default: the
    system's date) is the day a deal or a figure must not be dated after; those warnings
    go to ``dated_warnings``, never into a result.
    """
    path = Path(path) if path is not None else bundled_scenario()
    problems: list[Problem] = []
    scen_doc = _load(path, problems)
    if scen_doc is None:
        raise InputError(problems)
    wrong = _not_a_scenario(scen_doc)
    if wrong is not None:
        raise InputError([wrong])
    scenario = _validate(scen_doc, Scenario, problems) or _salvage_scenario(scen_doc.data)
    data = scen_doc.data if isinstance(scen_doc.data, dict) else {}
    base = path.parent
    docs: dict[str, LoadedYaml] = {scen_doc.display: scen_doc}
    confine = _Confinement(base, scen_doc, problems, allow=allow_outside)
    report = data.get("report")
    if isinstance(report, dict) and isinstance(report.get("out"), str):
        confine.check(base / report["out"], ("report", "out"), report["out"], writes=True)

    criteria_model = None
    crit_doc = None
    if isinstance(data.get("criteria"), str) and confine.check(
        base / data["criteria"], ("criteria",), data["criteria"]
    ):
        crit_doc = _load(base / data["criteria"], problems, referenced_by=(scen_doc, ("criteria",)))
        if crit_doc is not None:
            docs[crit_doc.display] = crit_doc
            criteria_model = _validate(crit_doc, CriteriaFile, problems) or _salvage(
                CriteriaFile, crit_doc.data
            )

    suppliers: list[tuple[str, SuppliersFile]] = []
    raw_sup = data.get("suppliers")
    patterns = [raw_sup] if isinstance(raw_sup, str) else raw_sup
    sup_ok = True
    if isinstance(patterns, list) and all(isinstance(p, str) for p in patterns):
        for sp, index in _supplier_paths(base, patterns, scen_doc, problems):
            if not confine.check(sp, ("suppliers", index), patterns[index]):
                sup_ok = False
                continue
            doc = _load(sp, problems, referenced_by=(scen_doc, ("suppliers", index)))
            if doc is None:
                sup_ok = False
                continue
            docs[doc.display] = doc
            model = _validate(doc, SuppliersFile, problems)
            if model is None:
                sup_ok = False
                partial = _salvage(SuppliersFile, doc.data)
                if partial is not None:
                    suppliers.append((doc.display, partial))
            else:
                suppliers.append((doc.display, model))

    if scenario is None or criteria_model is None or not criteria_model.criteria:
        # Without the shared criteria every name in every file would look unknown:
        # report what is wrong so far instead of a wall of follow-on rows.
        raise InputError(
            problems or [Problem(scen_doc.display, None, None, "", "", "could not be read")]
        )

    # Keyed relative to the scenario's folder, so results do not depend on where the
    # command ran or where the package is installed.
    inputs = dict(sorted((_relative(d.path, base), d.sha256) for d in docs.values()))
    resolved, issues = resolve(
        scenario,
        criteria_model,
        suppliers,
        scenario_key=scen_doc.display,
        criteria_key=crit_doc.display if crit_doc else "criteria",
        inputs=inputs,
        today=today or datetime.date.today(),
    )
    if issues or problems or not sup_ok:
        reported = [(p.file, p.path) for p in problems]
        for issue in issues:
            doc = docs.get(issue.file)
            pos = doc.position(issue.path) if doc else None
            line, col = pos if pos else (None, None)
            dotted = _dotted(issue.path)
            if any(f == issue.file and _within(p, dotted) for f, p in reported):
                # A follow-on of a problem already reported at or inside this place (a
                # "missing" unit_cost that was given but invalid, all-zero weights once
                # the NaN one is set aside): it would only send the user the wrong way.
                continue
            if _names_invalid_deal(doc, issue.path, issue.value):
                continue
            value = _issue_value(doc, issue.path, issue.value)
            problems.append(Problem(issue.file, line, col, dotted, value, issue.message))
        raise InputError(problems)
    assert resolved is not None
    from dataclasses import replace

    # Located like problems, but named relative to the scenario's folder (as `inputs`
    # are), so the JSON that carries them does not depend on where the command ran.
    def located(notices: Sequence[Any]) -> tuple[str, ...]:
        out = []
        for notice in notices:
            doc = docs.get(notice.file)
            pos = doc.position(notice.path) if doc else None
            line, col = pos if pos else (None, None)
            name = _relative(doc.path, base) if doc else notice.file
            where = Problem(name, line, col, _dotted(notice.path), "", "").location()
            out.append(f"{where} {_dotted(notice.path)}: {notice.message}")
        return tuple(out)

    return replace(
        resolved,
        scenario_file=scen_doc.display,
        criteria_file=crit_doc.display if crit_doc else None,
        warnings=located(resolved.notices),
        dated_warnings=located(resolved.dated_notices),
    )


def _within(path: str, place: str) -> bool:
    """Whether the key path ``path`` is ``place`` or lies inside it."""
    return path == place or path.startswith((place + ".", place + "["))


def _names_invalid_deal(doc: LoadedYaml | None, path: Sequence[str | int], value: Any) -> bool:
    """Whether a figure's `deal:` names a deal of its option that failed validation.

    The cross-checks see only the valid deals, so such a reference looks unknown; the
    deal's own problem is already reported at its line, and the name is right.
    """
    if doc is None or len(path) != 5 or path[0] != "options" or path[2:5:2] != ("values", "deal"):
        return False
    deals = _value_at(doc.data, ("options", path[1], "deals"))
    return isinstance(deals, list) and any(
        isinstance(d, dict) and d.get("id") == value for d in deals
    )


def _issue_value(doc: LoadedYaml | None, path: Sequence[str | int], value: Any) -> str:
    """A cross-check's value as the user wrote it (``-3``, not the model's ``-3.0``)."""
    if value is None:
        return ""
    if doc is not None and not isinstance(value, str):
        raw = _value_at(doc.data, path)
        if isinstance(raw, dict) and not isinstance(value, dict):
            raw = raw.get("value")  # a figure written as a mapping: its `value`
        if raw is not None and not isinstance(raw, bool | str) and raw == value:
            value = raw
    return display_value(value)


# --------------------------------------------------------------------------------------
# Salvage: the valid parts of a file that failed validation, for the cross-file checks
# --------------------------------------------------------------------------------------

_INVALID: Any = object()


def _salvage(model: type[M], raw: Any, fill: Mapping[str, Any] | None = None) -> M | None:
    """The valid parts of ``raw`` as a ``model``, built without the model's own checks.

    Only used on a file that already failed validation, whose problems are already
    reported: it lets the cross-file checks (unknown criteria and levels, missing rates,
    unknown profiles …) run on everything else in it, so that one typo does not hide the
    other problems until the next run. Each field is validated on its own; lists and
    mappings item by item (an invalid option stays as None, so the indexes, and so the
    lines, of the others stay right). An invalid field takes its default, or its ``fill``
    value when it has no default. None when a required field is unusable.

    The result may break the model's cross-field rules, so it must never reach the
    engine: the loader always raises when anything was salvaged.
    """
    if not isinstance(raw, dict):
        return None
    fill = {**_FILL.get(model, {}), **(fill or {})}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in raw:
            continue
        tp = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        value = _salvage_value(tp, raw[key])
        if value is _INVALID and name in fill:
            value = fill[name](raw) if callable(fill[name]) else fill[name]
        if value is not _INVALID:
            values[name] = value
    for name, info in model.model_fields.items():
        if info.is_required() and name not in values:
            value = fill.get(name, _INVALID)
            value = value(raw) if callable(value) else value
            if value is _INVALID:
                return None
            values[name] = value
    if model is SuppliersFile or model is CriteriaFile:
        # Criteria are looked up by id, not by index: drop the unusable ones.
        values["criteria"] = [c for c in values.get("criteria", []) if c is not None]
    return model.model_construct(**values)


def _raw_id(raw: dict[str, Any]) -> Any:
    """The id as written even if invalid (``K2``), so the checks can name it; without
    one, an option or criterion is too broken to check (it would only add noise)."""
    ident = raw.get("id")
    return ident if isinstance(ident, str) and ident.strip() else _INVALID


def _capability_id(raw: dict[str, Any]) -> str:
    """A capability keeps its options checked even without a usable id."""
    ident = _raw_id(raw)
    return "" if ident is _INVALID else str(ident)


_FILL: dict[type, dict[str, Any]] = {
    # Stand-ins for required fields that are invalid; never shown, never scored.
    Capability: {
        "id": _capability_id,
        "name": "",
        "quantity": 1.0,
        "support": lambda raw: Support.model_construct(),
        # Unusable: a stand-in that never passes as valid, so the capability's options are
        # not priced by the scenario's rule alone and reported for what the override fixes.
        "cost_basis": lambda raw: CostBasisOverride.model_construct(),
    },
    Option: {
        "id": _raw_id,
        "system": "",
        "supplier": "",
        "country": "ZZ",
        "support": lambda raw: Support.model_construct(),
    },
    # An invalid value function: the criterion's figures are not checked (see resolve).
    Criterion: {"id": _raw_id, "name": "", "value_function": None},
}


_PARTIAL_SECTIONS: tuple[type[BaseModel], ...] = (PortfolioSpec, RobustnessSpec)
"""Optional sections salvaged part by part. Not the others: a cost rule, a budget or a
support figure missing its invalid field would price options wrongly, and the problems
that follow from that would send the planner the wrong way; they are left out whole."""


def _salvage_value(tp: Any, raw: Any) -> Any:
    """``raw`` validated as ``tp``; failing that, its valid parts; else ``_INVALID``."""
    try:
        return _adapter(tp).validate_python(raw)
    except ValidationError:
        pass
    base = tp
    while typing.get_origin(base) is Annotated:
        base = typing.get_args(base)[0]
    origin, args = typing.get_origin(base), typing.get_args(base)
    if origin in {typing.Union, types.UnionType} and raw is not None:
        # An optional section whose parts are checked against the other files: its valid
        # parts, so that one bad entry does not hide the cross-checks of the others (a
        # misspelt cap and an unknown forced option are reported in the same run).
        members = [a for a in args if a is not type(None)]
        if len(members) == 1 and members[0] in _PARTIAL_SECTIONS:
            return _salvage_value(members[0], raw)
        return _INVALID
    if isinstance(base, type) and issubclass(base, BaseModel):
        found = _salvage(base, raw)
        return _INVALID if found is None else found
    if origin is list and isinstance(raw, list):
        item = args[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return [_none_if_invalid(_salvage_value(item, x)) for x in raw]
        return [v for v in (_salvage_value(item, x) for x in raw) if v is not _INVALID]
    if origin is dict and isinstance(raw, dict):
        key_type, value_type = args
        out = {}
        for k, v in raw.items():
            key, value = _salvage_value(key_type, k), _salvage_value(value_type, v)
            if key is not _INVALID and value is not _INVALID:
                out[key] = value
        return out
    return _INVALID


def _none_if_invalid(value: Any) -> Any:
    return None if value is _INVALID else value


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(tp: Any) -> TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except TypeError:  # unhashable metadata: build it each time (rare, small files)
        return TypeAdapter(tp)
    except KeyError:
        _ADAPTERS[tp] = TypeAdapter(tp)
        return _ADAPTERS[tp]


def _salvage_scenario(data: Any) -> Scenario | None:
    """A salvaged scenario (see :func:`_salvage`), with its rates salvaged entry by entry.

    A currency whose rate is invalid keeps a stand-in rate, so that its amounts are not
    also reported as having no rate at all (the bad rate is reported at its own key).
    """
    if not isinstance(data, dict):
        return None
    raw_currency = data.get("currency")
    scenario = _salvage(
        Scenario,
        data,
        {
            "name": "",
            "criteria": "",
            "suppliers": [],
            "currency": raw_currency if isinstance(raw_currency, str) else "",
        },
    )
    if scenario is None:
        return None
    updates: dict[str, Any] = {}
    raw_rates = data.get("rates")
    if isinstance(raw_rates, dict):
        named = {k: v for k, v in raw_rates.items() if k in Rates.model_fields}
        fields = _salvage(Rates, named)
        table = {
            k: v if _salvage_value(_RATE, v) is not _INVALID else 1.0
            for k, v in raw_rates.items()
            if k not in Rates.model_fields and _salvage_value(CurrencyCode, k) is not _INVALID
        }
        known = {"source": fields.source, "as_of": fields.as_of} if fields is not None else {}
        updates["rates"] = Rates.model_construct(**known, **table)
    # An invalid `cost_basis`, `lifecycle` or escalation entry is already reported at its
    # line; a placeholder (unvalidated, so it never passes as valid) keeps the cross-file
    # checks from reporting every deal as lacking a rule.
    for name, model in (("cost_basis", CostBasis), ("lifecycle", Lifecycle)):
        if data.get(name) is not None and getattr(scenario, name) is None:
            updates[name] = model.model_construct()
    raw_esc = data.get("escalation")
    if isinstance(raw_esc, dict):
        kept = dict(scenario.escalation)
        for code in raw_esc:
            if isinstance(code, str) and code not in kept:
                kept[code] = Escalation.model_construct()
        updates["escalation"] = kept
    if data.get("method") is not None and data.get("method") != scenario.method:
        # The method is invalid, so its options cannot be checked against it.
        updates["method_options"] = {}
    return scenario.model_copy(update=updates) if updates else scenario


def _shown_relative(path: Path) -> str:
    """A path relative to the working directory, even when that means ``../``."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive (Windows)
        return str(path)


def detect_kind(doc: LoadedYaml) -> str | None:
    """Guess which kind of file a document is: scenario, criteria or suppliers.

    A scenario names its criteria file (``criteria: criteria/default.yaml``, text) where a
    criteria file lists them; a scenario missing its ``suppliers:`` still has text there.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    if "options" in data or "capability" in data:
        return "suppliers"
    if "suppliers" in data or "currency" in data or isinstance(data.get("criteria"), str):
        return "scenario"
    if "criteria" in data or "profiles" in data:
        return "criteria"
    return None


def _not_a_scenario(doc: LoadedYaml) -> Problem | None:
    """One problem when a supplier or criteria file is given where a scenario belongs.

    `diversify score suppliers/tanks.yaml` would otherwise list every key of the file as
    an unknown scenario field: six rows that all say the same wrong thing. Located at the
    key that shows what the file is, and naming a scenario nearby when there is one.
    """
    kind = detect_kind(doc)
    if kind not in ("suppliers", "criteria"):
        return None
    data = doc.data
    key = next(k for k in ("capability", "options", "criteria", "profiles") if k in data)
    line, col = doc.position((key,)) or (None, None)
    if kind == "suppliers":
        what = "a supplier file (one capability and its options)"
        fix = "pass the scenario that lists it under `suppliers:`"
    else:
        what = "a criteria file (the criteria and their weight profiles)"
        fix = "pass the scenario that names it under `criteria:`"
    here = doc.path.resolve().parent
    nearby = [
        folder / "scenario.yaml"
        for folder in (here, here.parent)
        if (folder / "scenario.yaml").is_file() and folder / "scenario.yaml" != doc.path.resolve()
    ]
    if nearby:
        fix += f", e.g. {_shown_relative(nearby[0])}"
    return Problem(
        doc.display,
        line,
        col,
        "",
        "",
        f"this is {what}, not a scenario: {fix} (`diversify validate` checks this file on its own)",
    )


def validate_paths(
    paths: Sequence[Path], *, allow_outside: bool = False, warnings: list[str] | None = None
) -> list[str]:
    """Validate files of any kind; scenarios pull in their referenced files.

    Returns the list of files checked; raises InputError with every problem found.
    A scenario's warnings (data that scores but a reader should know about) are appended
    to ``warnings`` when given.
    """
    problems: list[Problem] = []
    checked: list[str] = []
    for path in paths:
        doc = _load(Path(path), problems)
        if doc is None:
            continue
        kind = detect_kind(doc)
        if kind == "scenario":
            try:
                scen = load_scenario(Path(path), allow_outside=allow_outside)
                checked.extend(scen.inputs)
                if warnings is not None:
                    warnings.extend((*scen.warnings, *scen.dated_warnings))
            except InputError as err:
                problems.extend(err.problems)
            continue
        if kind is None:
            problems.append(
                Problem(
                    doc.display,
                    1,
                    1,
                    "",
                    "",
                    "not a diversify file: a scenario has `suppliers:`, a criteria file "
                    "`criteria:`, a suppliers file `capability:` and `options:`",
                )
            )
            continue
        model = {"criteria": CriteriaFile, "suppliers": SuppliersFile}[kind]
        _validate(doc, model, problems)
        checked.append(doc.display)
    if problems:
        raise InputError(_dedupe(problems))
    return checked


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
