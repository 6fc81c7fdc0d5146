"""The committed JSON Schemas match the models, and the bundled files satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from diversify.io.loader import bundled_root
from diversify.model.schema import KINDS, schema_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"schemas/{kind}.schema.json is stale: run `make schemas` and commit the result"
    )


def _bundled_files() -> list[tuple[str, Path]]:
    base = bundled_root()
    files = [("scenario", base / "scenario.yaml"), ("criteria", base / "criteria" / "default.yaml")]
    files += [("suppliers", p) for p in sorted((base / "suppliers").glob("*.yaml"))]
    return files


@pytest.mark.parametrize(("kind", "path"), _bundled_files(), ids=lambda x: getattr(x, "name", x))
def test_bundled_files_satisfy_their_schema(kind: str, path: Path) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as text, as the loader keeps them
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_schema_rejects_a_typo() -> None:
    schema = json.loads((SCHEMAS / "suppliers.schema.json").read_text(encoding="utf-8"))
    data = {
        "capability": {"id": "x", "name": "X", "quantity": 1},
        "options": [{"id": "a", "sytem": "A", "supplier": "S", "country": "KR"}],
    }
    assert list(Draft202012Validator(schema).iter_errors(data))
