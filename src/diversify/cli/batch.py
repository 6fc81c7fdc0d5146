"""Batch scoring: ``diversify score A B C`` (or a folder) scores many scenarios in one process.

Why: starting Python and importing numpy, pydantic and the engine is most of the cost of
scoring a small scenario, so a script that scores twenty scenarios one process at a time
pays it twenty times. Here it is paid once.

What a batch is, and what it writes (also in ``diversify score --help`` and
docs/json-contract.md):

* the arguments are scenario files or folders, scored in the order given; a folder stands
  for the scenario files directly in it (``*.yaml``, ``*.yml``, by name: keep criteria and
  supplier files in subfolders, as ``diversify init`` lays them out) or, when it holds
  none, for the ``scenario.yaml`` of each of its subfolders;
* one argument that is a file is not a batch: the output is exactly the single-scenario
  output (the JSON contract is unchanged). Several arguments, or a folder, make a batch;
* every scenario is loaded and checked before any is scored, and every problem in every
  file is reported at once (exit 2); nothing is written then;
* ``--format json`` writes one object whose keys are the scenario paths as given (a
  folder's files as ``folder/name``) and whose values are each scenario's
  ``diversify.score/1`` document, byte for byte what a single run prints, indented one
  level; ``table`` and ``md`` write one section per scenario in order (``== path ==``
  headings for the table, ``---`` rules between Markdown documents). csv, html and xlsx
  are one-scenario formats: ``diversify report`` writes them per scenario.

Light imports only (Typer and the standard library), like the rest of the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from diversify.cli.errors import UsageError
from diversify.io.problems import FileAccessError
from diversify.text import json_escape, printable

BATCH_FORMATS = ("table", "json", "md")
"""Formats that can hold several scenarios in one output."""


def expand(args: Sequence[Path] | None) -> tuple[list[Path | None], bool]:
    """The scenarios the arguments name, and whether they make a batch.

    No argument is the bundled scenario (``None``). A path that is not a folder is kept as
    it is (the loader reports a missing file in its own words).
    """
    if not args:
        return [None], False
    paths: list[Path] = []
    for arg in args:
        paths += _folder_scenarios(arg) if arg.is_dir() else [arg]
    seen: set[str] = set()
    for path in paths:
        if label(path) in seen:
            raise UsageError(f"`{printable(label(path))}` is given twice; score it once")
        seen.add(label(path))
    return list(paths), len(args) > 1 or any(arg.is_dir() for arg in args)


def _folder_scenarios(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    if not files:
        files = sorted(
            p / "scenario.yaml"
            for p in folder.iterdir()
            if p.is_dir() and (p / "scenario.yaml").is_file()
        )
    if not files:
        raise FileAccessError(
            f"{folder} is a folder, not a YAML file, and holds no scenario (no *.yaml in it, "
            "no subfolder with a scenario.yaml): give a scenario file or a folder of them",
            folder,
        )
    return files


def label(path: Path | None) -> str:
    """How a scenario is named in a batch's output: its path as given, with ``/``."""
    return "bundled" if path is None else path.as_posix()


def join(fmt: str, outputs: Sequence[tuple[str, str]]) -> str:
    """One output for the whole batch from each scenario's own output, in order."""
    if fmt == "json":
        parts = []
        for name, text in outputs:
            key = json_escape(json.dumps(name, ensure_ascii=False))
            parts.append(f"  {key}: " + text.rstrip("\n").replace("\n", "\n  "))
        return "{\n" + ",\n".join(parts) + "\n}\n"
    if fmt == "md":
        return "\n---\n\n".join(text.rstrip("\n") + "\n" for _, text in outputs)
    return "\n".join(f"== {printable(name)} ==\n\n{text}" for name, text in outputs)
