"""JSON Schemas for the input files, generated from the pydantic models.

The schemas are committed under ``schemas/`` so that editors can complete and check the
YAML files; a test regenerates them and fails when the committed copies are stale.
Run ``python -m diversify.model.schema schemas`` (or ``make schemas``) to refresh them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from diversify.model.criteria import CriteriaFile
from diversify.model.scenario import Scenario
from diversify.model.suppliers import SuppliersFile

KINDS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "criteria": CriteriaFile,
    "suppliers": SuppliersFile,
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of input file."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://diversify.invalid/schemas/{kind}.schema.json"
    schema.setdefault("title", model.__name__)
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(p)
