"""Tests for diversify.io.problems: rows, the table, and pydantic errors in plain English."""

from __future__ import annotations

import subprocess
import sys
from typing import Annotated, Literal

import pytest
from pydantic import Field, ValidationError, field_validator

from diversify.io.problems import (
    IDENTIFIER_PATTERN,
    FileAccessError,
    InputError,
    Problem,
    clip_text,
    display_value,
    format_path,
    format_problems,
    problems_from_validation_error,
)
from diversify.io.yaml import LoadedYaml, parse_yaml
from diversify.model.base import FiniteFloat, Identifier, NonNegativeFloat, StrictModel

# --------------------------------------------------------------------------------------
# Small models shaped like the real ones (the real ones live in diversify.model)
# --------------------------------------------------------------------------------------


class Linear(StrictModel):
    kind: Literal["linear"]


class Levels(StrictModel):
    kind: Literal["levels"]
    levels: dict[str, FiniteFloat]


class Figure(StrictModel):
    value: FiniteFloat
    low: FiniteFloat | None = None
    source: str | None = None


class Criterion(StrictModel):
    id: Identifier
    direction: Literal["min", "max"]
    value_function: Annotated[Linear | Levels, Field(discriminator="kind")] = Linear(kind="linear")


class Option(StrictModel):
    id: Identifier
    quantity: int = 1
    delivery: NonNegativeFloat = 0
    values: dict[str, FiniteFloat | Figure] = Field(default_factory=dict)

    @field_validator("quantity")
    @classmethod
    def _small(cls, value: int) -> int:
        if value > 500:
            raise ValueError("a quantity over 500 is not credible; check the figure")
        return value


class File(StrictModel):
    criteria: list[Criterion] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)


def _check(text: str) -> tuple[LoadedYaml, list[Problem]]:
    doc = parse_yaml(text, display="f.yaml")
    with pytest.raises(ValidationError) as info:
        File.model_validate(doc.data)
    return doc, sorted(problems_from_validation_error(info.value, doc, model=File))


def _one(text: str) -> Problem:
    _, problems = _check(text)
    assert len(problems) == 1, format_problems(problems)
    return problems[0]


# --------------------------------------------------------------------------------------
# Problem, InputError, FileAccessError
# --------------------------------------------------------------------------------------


def test_location_drops_unknown_parts() -> None:
    assert Problem("a.yaml", 14, 7, "x", "", "m").location() == "a.yaml:14:7"
    assert Problem("a.yaml", 14, None, "x", "", "m").location() == "a.yaml:14"
    assert Problem("a.yaml", None, None, "", "", "m").location() == "a.yaml"


def test_problems_sort_by_file_then_line_with_unknown_lines_first() -> None:
    rows = [
        Problem("b.yaml", 1, 1, "", "", "m"),
        Problem("a.yaml", 12, 3, "", "", "m"),
        Problem("a.yaml", 2, 9, "", "", "m"),
        Problem("a.yaml", None, None, "", "", "m"),
    ]
    assert [(p.file, p.line) for p in sorted(rows)] == [
        ("a.yaml", None),
        ("a.yaml", 2),
        ("a.yaml", 12),
        ("b.yaml", 1),
    ]


def test_input_error_carries_every_problem_and_a_table() -> None:
    rows = [Problem("a.yaml", 2, 1, "x", "1", "m1"), Problem("a.yaml", 3, 1, "y", "2", "m2")]
    err = InputError(rows)
    assert err.problems == tuple(rows)
    assert str(err).startswith("2 problems in the input:\n")
    assert "m1" in str(err) and "m2" in str(err)


def test_input_error_drops_the_same_mistake_reached_twice() -> None:
    """An aliased bad value is one mistake at one line, even when reached by two paths."""
    a = Problem("a.yaml", 2, 5, "x.v", ".nan", "NaN")
    b = Problem("a.yaml", 2, 5, "y.v", ".nan", "NaN")
    assert InputError([a, b]).problems == (a,)


def test_file_access_error_keeps_the_path() -> None:
    err = FileAccessError("file not found: x.yaml", "x.yaml")
    assert str(err) == "file not found: x.yaml"
    assert err.path == "x.yaml"


def test_format_problems_is_a_sorted_plain_table() -> None:
    rows = [
        Problem("suppliers/tanks.yaml", 14, 7, "options[0].values.delivery", "-3", "must be 0"),
        Problem("criteria.yaml", None, None, "", "", "the file is empty"),
        Problem("suppliers/tanks.yaml", 3, 1, "capability", "", "is required"),
    ]
    lines = format_problems(rows).splitlines()
    assert lines[0].split() == ["Location", "Field", "Value", "Explanation"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("criteria.yaml ")
    assert "(whole file)" in lines[2]
    assert lines[3].startswith("suppliers/tanks.yaml:3:1 ")
    assert lines[4].startswith("suppliers/tanks.yaml:14:7  options[0].values.delivery  -3 ")
    assert lines[4].endswith("must be 0")
    # Columns line up: each Field starts at the same offset.
    offsets = {
        line.index(field) for line, field in zip(lines[3:], ["capability", "options"], strict=True)
    }
    assert len(offsets) == 1
    assert "\x1b" not in format_problems(rows)  # plain text, no colour codes


def test_format_path() -> None:
    assert format_path(("options", 2, "values", "delivery")) == "options[2].values.delivery"
    assert format_path(()) == ""
    assert format_path((0, "id")) == "[0].id"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (-3, "-3"),
        (12.5, "12.5"),
        (float("nan"), ".nan"),
        (float("-inf"), "-.inf"),
        ("twelve", '"twelve"'),
        ("a\nb", '"a\\nb"'),
        ({"value": 4, "source": "x"}, '{value: 4, source: "x"}'),
        ([1, "a"], '[1, "a"]'),
    ],
)
def test_display_value_looks_like_yaml(value: object, shown: str) -> None:
    assert display_value(value) == shown


def test_display_value_is_short_even_for_huge_values() -> None:
    huge = {f"k{i}": list(range(1000)) for i in range(1000)}
    shown = display_value(huge)
    assert len(shown) == 40
    assert shown.endswith("…")
    assert len(display_value("x" * 10_000)) == 40


def test_control_characters_in_values_and_lines_are_shown_not_sent() -> None:
    """A value, a key or a source line with ESC, NUL or a bidi override reaches the problem
    table as visible stand-ins (diversify.text.printable), never as the raw characters."""
    assert display_value("\x1b]0;pwned\x07") == '"␛]0;pwned␇"'
    assert display_value("a\u202eb\x00") == '"a<U+202E>b␀"'
    assert display_value({"k\x1b": "v"}) == '{k␛: "v"}'
    assert clip_text("name: Main\x1b]0;x\x07 tanks") == "name: Main␛]0;x␇ tanks"
    assert len(display_value("\u202e" * 100)) == 40  # stand-ins are cut to the limit too
    table = format_problems(
        [Problem("f\x1b.yaml", 1, 2, "a\u2066b", '"\x1b[2J"', "bad `\x9b` here")]
    )
    assert not any(ch in table for ch in "\x1b\u2066\x9b")
    assert "f␛.yaml:1:2" in table and "a<U+2066>b" in table and "<U+009B>" in table


def test_identifier_pattern_matches_the_model() -> None:
    """io keeps its own copy of the id pattern; it must not drift from the model's."""
    metadata = Identifier.__metadata__[0]  # type: ignore[attr-defined]
    pattern = next(m.pattern for m in metadata.metadata if hasattr(m, "pattern"))
    assert pattern == IDENTIFIER_PATTERN


# --------------------------------------------------------------------------------------
# Pydantic errors -> rows that point into the file
# --------------------------------------------------------------------------------------


def test_value_error_points_at_key_and_shows_value() -> None:
    problem = _one("options:\n  - id: k2\n    delivery: -3\n")
    assert problem.location() == "f.yaml:3:5"
    assert problem.path == "options[0].delivery"
    assert problem.value == "-3"
    assert problem.message == "must be 0 or more"


def test_missing_field_points_at_the_mapping_that_should_hold_it() -> None:
    problem = _one("options:\n  - quantity: 3\n")
    assert problem.location() == "f.yaml:2:5"
    assert problem.path == "options[0].id"
    assert problem.value == ""
    assert problem.message == "is required: add `id: …`"


def test_unknown_field_suggests_the_closest_name() -> None:
    problem = _one("options:\n  - id: k2\n    delivry: 4\n")
    assert problem.location() == "f.yaml:3:5"
    assert problem.path == "options[0].delivry"
    assert problem.value == "4"
    assert problem.message == "unknown field `delivry`; did you mean `delivery`?"


def test_unknown_field_without_close_match_lists_allowed_names() -> None:
    problem = _one("criteria:\n  - id: cost\n    direction: min\n    colour: red\n")
    assert problem.message == (
        "unknown field `colour`: remove it (allowed here: id, direction, value_function)"
    )


def test_unknown_field_without_a_model_still_explains() -> None:
    doc = parse_yaml("options:\n  - id: k2\n    delivry: 4\n", display="f.yaml")
    with pytest.raises(ValidationError) as info:
        File.model_validate(doc.data)
    (problem,) = problems_from_validation_error(info.value, doc)
    assert problem.message == "unknown field `delivry`: remove it or check its spelling"


def test_unknown_field_inside_a_tagged_union_member() -> None:
    text = (
        "criteria:\n  - id: c\n    direction: max\n    value_function: {kind: levels, levls: {}}\n"
    )
    _, problems = _check(text)
    unknown = next(p for p in problems if "unknown field" in p.message)
    assert unknown.message == "unknown field `levls`; did you mean `levels`?"
    assert unknown.location() == "f.yaml:4:36"


def test_literal_error_lists_the_choices() -> None:
    problem = _one("criteria:\n  - id: cost\n    direction: up\n")
    assert problem.value == '"up"'
    assert problem.message == "must be one of min, max"


def test_unknown_tag_lists_the_valid_tags() -> None:
    problem = _one("criteria:\n  - id: cost\n    direction: min\n    value_function: {kind: log}\n")
    assert problem.path == "criteria[0].value_function"
    assert problem.message == "unknown kind `log`: must be one of linear, levels"


def test_missing_tag_says_which_key_to_add() -> None:
    problem = _one("criteria:\n  - id: cost\n    direction: min\n    value_function: {x: 1}\n")
    assert problem.message == "needs `kind` to say which form this is: add `kind: …`"


def test_tag_names_in_loc_are_skipped_when_walking_the_file() -> None:
    text = (
        "criteria:\n  - id: interop\n    direction: max\n    value_function:\n"
        "      kind: levels\n      levels: {none: 0, nato: high}\n"
    )
    problem = _one(text)
    assert problem.path == "criteria[0].value_function.levels.nato"
    assert problem.location() == "f.yaml:6:25"
    assert problem.value == '"high"'
    assert problem.message.startswith("must be a number")


def test_missing_field_of_a_tagged_union_member() -> None:
    text = "criteria:\n  - id: interop\n    direction: max\n    value_function: {kind: levels}\n"
    problem = _one(text)
    assert problem.path == "criteria[0].value_function.levels"
    assert problem.location() == "f.yaml:4:5"
    assert problem.message == "is required: add `levels: …`"


def test_plain_union_reports_the_branch_the_user_was_writing() -> None:
    """A mapping was written, so the 'must be a number' branch is noise."""
    problem = _one("options:\n  - id: k2\n    values:\n      delivery: {low: 3}\n")
    assert problem.path == "options[0].values.delivery.value"
    assert problem.location() == "f.yaml:4:7"
    assert problem.message == "is required: add `value: …`"


def test_plain_union_with_no_better_branch_combines_the_messages() -> None:
    problem = _one("options:\n  - id: k2\n    values:\n      delivery: soon\n")
    assert problem.path == "options[0].values.delivery"
    assert problem.value == '"soon"'
    assert problem.message == (
        "must be a number, like 12 or 12.5 (no units or other text); or a mapping of `key: value` entries"
    )


def test_validator_message_is_passed_without_pydantic_prefix() -> None:
    problem = _one("options:\n  - id: k2\n    quantity: 900\n")
    assert problem.message == "a quantity over 500 is not credible; check the figure"


def test_identifier_pattern_is_explained() -> None:
    problem = _one("options:\n  - id: K2 Black Panther\n")
    assert problem.value == '"K2 Black Panther"'
    assert "must be a lower-case id" in problem.message
    assert "a letter first" in problem.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    quantity: many", "must be a whole number, like 12"),
        ("    quantity: 2.5", "must be a whole number, like 12 (no decimals)"),
        ("    delivery: soon", "must be a number, like 12 or 12.5 (no units or other text)"),
        ("    values: [1, 2]", "must be a mapping of `key: value` entries"),
    ],
)
def test_common_type_errors_in_plain_english(line: str, message: str) -> None:
    problem = _one(f"options:\n  - id: k2\n{line}\n")
    assert problem.line == 3
    assert problem.message == message


def test_non_finite_value_reaching_the_model_is_explained() -> None:
    """load_yaml refuses NaN itself; a NaN from elsewhere still gets the same message."""
    doc = parse_yaml("options:\n  - id: k2\n    delivery: 1\n", display="f.yaml")
    data = {"options": [{"id": "k2", "delivery": float("inf")}]}
    with pytest.raises(ValidationError) as info:
        File.model_validate(data)
    (problem,) = problems_from_validation_error(info.value, doc)
    assert problem.path == "options[0].delivery"
    assert "NaN/infinity is not a number you can score" in problem.message


def test_list_type_error() -> None:
    problem = _one("options: {id: k2}\n")
    assert problem.message == "must be a list (`- item` lines, or `[a, b]`)"


def test_prefix_places_a_sub_document() -> None:
    """Validating one option on its own, the rows still point to its place in the file."""
    doc = parse_yaml("options:\n  - id: a\n  - id: b\n    delivery: -1\n", display="f.yaml")
    with pytest.raises(ValidationError) as info:
        Option.model_validate(doc.data["options"][1])
    (problem,) = problems_from_validation_error(
        info.value, doc, prefix=("options", 1), model=Option
    )
    assert problem.path == "options[1].delivery"
    assert problem.location() == "f.yaml:4:5"


def test_every_error_becomes_a_row() -> None:
    text = (
        "criteria:\n  - id: Cost\n    direction: up\n"
        "options:\n  - id: k2\n    delivery: -1\n    quantity: 2.5\n    extra: 1\n"
    )
    _, problems = _check(text)
    assert [(p.line, p.path) for p in problems] == [
        (2, "criteria[0].id"),
        (3, "criteria[0].direction"),
        (6, "options[0].delivery"),
        (7, "options[0].quantity"),
        (8, "options[0].extra"),
    ]


def test_io_never_imports_ui_libraries() -> None:
    code = (
        "import sys\n"
        "import diversify.io.yaml, diversify.io.problems, diversify.io.atomic, "
        "diversify.io.profiles\n"
        "bad = [m for m in ('textual', 'typer', 'rich') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_format_problems_of_nothing_is_just_the_header() -> None:
    assert format_problems([]).splitlines()[0].split() == [
        "Location",
        "Field",
        "Value",
        "Explanation",
    ]


# --------------------------------------------------------------------------------------
# The fix, not only the rule (a new-user trial on the real models)
# --------------------------------------------------------------------------------------


def _real(model: type[StrictModel], text: str) -> list[Problem]:
    doc = parse_yaml(text, display="f.yaml")
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc.data)
    return problems_from_validation_error(info.value, doc, model=model)


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (
            "escalation:\n  EUR: {rate: 3, basis: x}\n",
            "escalation.EUR.rate",
            "must be 1 or less: a yearly rate is written as a fraction: write 0.03 for 3%",
        ),
        (
            "portfolio:\n  caps: {US: 1.5}\n",
            "portfolio.caps.US",
            "must be 1 or less: a cap is a share of spend from 0 to 1: write 0.5 for half "
            "(50%), or 0.015 for 1.5%",
        ),
        (
            "portfolio:\n  min_canadian_content: 20\n",
            "portfolio.min_canadian_content",
            "must be 1 or less: a share is written as a fraction from 0 to 1: write 0.2 for 20%",
        ),
        (
            "portfolio:\n  caps: {US: 150}\n",
            "portfolio.caps.US",
            "must be 1 or less",  # not a percentage: no guess
        ),
    ],
)
def test_a_share_or_rate_written_as_a_percentage_says_what_to_write(
    text: str, path: str, message: str
) -> None:
    from diversify.model.scenario import Scenario

    base = "name: x\ncriteria: c.yaml\nsuppliers: [s.yaml]\ncurrency: CAD\n"
    (problem,) = [p for p in _real(Scenario, base + text) if p.path == path]
    assert problem.message == message


@pytest.mark.parametrize(
    ("text", "path", "hint"),
    [
        ("cost_basis: {base_year: 2026, select: latest_domestc}\n", "cost_basis.select",
         "; did you mean `latest_domestic`?"),
        ("cost_basis: {base_year: 2026, scope: [platform, trainng]}\n", "cost_basis.scope[1]",
         "; did you mean `training`?"),
        ("method: topsys\n", "method", "; did you mean `topsis`?"),
    ],
)  # fmt: skip
def test_a_misspelt_choice_gets_a_did_you_mean(text: str, path: str, hint: str) -> None:
    from diversify.model.scenario import Scenario

    base = "name: x\ncriteria: c.yaml\nsuppliers: [s.yaml]\ncurrency: CAD\n"
    (problem,) = [p for p in _real(Scenario, base + text) if p.path == path]
    assert problem.message.startswith("must be one of ")
    assert problem.message.endswith(hint)


def test_a_choice_far_from_every_word_lists_them_without_a_guess() -> None:
    from diversify.model.scenario import Scenario

    text = "name: x\ncriteria: c.yaml\nsuppliers: [s.yaml]\ncurrency: CAD\nmethod: qqqq\n"
    (problem,) = _real(Scenario, text)
    assert problem.message == "must be one of mavt, wsm, wpm, topsis, vikor, electre1, promethee2"


def test_a_figure_written_with_its_unit_says_the_number_to_write() -> None:
    from diversify.model.suppliers import Option

    text = (
        "id: k2\nsystem: K2\nsupplier: H\ncountry: KR\n"
        "values:\n  delivery: {value: 22 months, low: 12, high: 30}\n"
        "deals:\n  - {id: a, customer: PL, amount: '6,700 million', currency: USD, "
        "price_year: 2022, units: 180, scope: [platform]}\n"
    )
    found = {p.path: p.message for p in _real(Option, text)}
    assert found["values.delivery"] == (
        "`value` is written with its unit (`22 months`): write 22; the unit is given by the "
        "criterion"
    )
    assert found["deals[0].amount"] == "must be a number without its unit: write 6700"
