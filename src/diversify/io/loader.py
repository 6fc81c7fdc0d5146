"""Read a scenario and every file it names, and report every problem at once.

The pipeline is: YAML with positions (:mod:`diversify.io.yaml`) -> pydantic models per
file -> cross-file checks (:mod:`diversify.model.resolve`). It does not stop at the first
bad file: each file that parses is validated, and every problem from every file is
raised together as one :class:`~diversify.io.problems.InputError`, each with its file,
line and key path.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from diversify.io.problems import (
    FileAccessError,
    InputError,
    Problem,
    problems_from_validation_error,
)
from diversify.io.yaml import LoadedYaml, load_yaml
from diversify.model.criteria import CriteriaFile
from diversify.model.resolve import resolve
from diversify.model.resolved import ScenarioData
from diversify.model.scenario import Scenario
from diversify.model.suppliers import SuppliersFile

M = TypeVar("M", bound=BaseModel)


def bundled_scenario() -> Path:
    """Path of the bundled Canada scenario."""
    return Path(str(resources.files("diversify") / "data" / "canada" / "scenario.yaml"))


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
        problems.append(
            Problem(doc.display, line, col, _dotted(key_path), str(path), f"{err} Check the path.")
        )
    return None


def _dotted(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _supplier_paths(
    base: Path, patterns: Sequence[str], doc: LoadedYaml, problems: list[Problem]
) -> list[Path]:
    found: list[Path] = []
    for i, pattern in enumerate(patterns):
        full = base / pattern
        matches = sorted(Path(p) for p in glob.glob(str(full)))
        if not matches and not glob.has_magic(pattern) and full.exists():
            matches = [full]
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
            if m not in found:
                found.append(m)
    return found


def load_scenario(path: Path | None = None) -> ScenarioData:
    """Load, validate and resolve a scenario; raise InputError with every problem found."""
    path = Path(path) if path is not None else bundled_scenario()
    problems: list[Problem] = []
    scen_doc = _load(path, problems)
    if scen_doc is None:
        raise InputError(problems)
    scenario = _validate(scen_doc, Scenario, problems)
    data = scen_doc.data if isinstance(scen_doc.data, dict) else {}
    base = path.parent
    docs: dict[str, LoadedYaml] = {scen_doc.display: scen_doc}

    criteria_model = None
    crit_doc = None
    if isinstance(data.get("criteria"), str):
        crit_doc = _load(base / data["criteria"], problems, referenced_by=(scen_doc, ("criteria",)))
        if crit_doc is not None:
            docs[crit_doc.display] = crit_doc
            criteria_model = _validate(crit_doc, CriteriaFile, problems)

    suppliers: list[tuple[str, SuppliersFile]] = []
    raw_sup = data.get("suppliers")
    patterns = [raw_sup] if isinstance(raw_sup, str) else raw_sup
    sup_ok = True
    if isinstance(patterns, list) and all(isinstance(p, str) for p in patterns):
        for sp in _supplier_paths(base, patterns, scen_doc, problems):
            doc = _load(sp, problems)
            if doc is None:
                sup_ok = False
                continue
            docs[doc.display] = doc
            model = _validate(doc, SuppliersFile, problems)
            if model is None:
                sup_ok = False
                partial = _partial_suppliers(doc.data)
                if partial is not None:
                    suppliers.append((doc.display, partial))
            else:
                suppliers.append((doc.display, model))

    if scenario is None or criteria_model is None:
        raise InputError(
            problems or [Problem(scen_doc.display, None, None, "", "", "could not be read")]
        )

    inputs = {d.display: d.sha256 for d in sorted(docs.values(), key=lambda d: d.display)}
    resolved, issues = resolve(
        scenario,
        criteria_model,
        suppliers,
        scenario_key=scen_doc.display,
        criteria_key=crit_doc.display if crit_doc else "criteria",
        inputs=inputs,
    )
    if issues or problems or not sup_ok:
        reported = {(p.file, p.path) for p in problems}
        for issue in issues:
            doc = docs.get(issue.file)
            pos = doc.position(issue.path) if doc else None
            line, col = pos if pos else (None, None)
            dotted = _dotted(issue.path)
            if (issue.file, dotted) in reported:
                continue
            problems.append(
                Problem(issue.file, line, col, dotted, _short(issue.value), issue.message)
            )
        raise InputError(problems)
    assert resolved is not None
    from dataclasses import replace

    return replace(
        resolved,
        scenario_file=scen_doc.display,
        criteria_file=crit_doc.display if crit_doc else None,
    )


def _partial_suppliers(data: Any) -> SuppliersFile | None:
    """The valid parts of a suppliers file that failed validation, for cross-checks.

    Lets the cross-file checks (unknown criteria, levels, rates …) run on the options
    that are well-formed, so their problems are reported in the same run as the
    structural ones. Invalid options stay as None to keep item indexes (and so line
    numbers) right. None when even the capability or its criteria are malformed.
    """
    from pydantic import TypeAdapter

    from diversify.model.criteria import Criterion, Weights
    from diversify.model.suppliers import Capability, Option

    if not isinstance(data, dict):
        return None
    try:
        capability = Capability.model_validate(data.get("capability"))
        criteria = [Criterion.model_validate(c) for c in data.get("criteria") or []]
        weights = TypeAdapter(Weights).validate_python(data.get("weights") or {})
    except ValidationError:
        return None
    options: list[Option | None] = []
    for raw in data.get("options") or []:
        try:
            options.append(Option.model_validate(raw))
        except ValidationError:
            options.append(None)
    return SuppliersFile.model_construct(
        capability=capability, criteria=criteria, weights=weights, options=options
    )


def _short(value: Any, limit: int = 40) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def detect_kind(doc: LoadedYaml) -> str | None:
    """Guess which kind of file a document is: scenario, criteria or suppliers."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if "options" in data or "capability" in data:
        return "suppliers"
    if "suppliers" in data:
        return "scenario"
    if "criteria" in data or "profiles" in data:
        return "criteria"
    return None


def validate_paths(paths: Sequence[Path]) -> list[str]:
    """Validate files of any kind; scenarios pull in their referenced files.

    Returns the list of files checked; raises InputError with every problem found.
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
                scen = load_scenario(Path(path))
                checked.extend(scen.inputs)
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
