"""Criteria, their value functions, and named weight profiles (the criteria file).

A value function turns a raw figure (months, CAD millions, a level label) into a 0..1
preference, so that criteria in different units can be added: the core of MAVT as
Hiview and Logical Decisions practise it. Three kinds cover the bundled data and most
options analyses: ``linear`` (fixed anchors, or local to the options compared),
``piecewise`` (analyst-drawn points, for diminishing returns) and ``levels`` (ordinal
rubric labels, each defined by evidence a source can show).
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from diversify.model.base import (
    FiniteFloat,
    Identifier,
    Points,
    StrictModel,
    UnitInterval,
)
from diversify.model.elicitation import (
    MAX_AHP_CRITERIA,
    Judgement,
    _fraction,
    pairwise_priorities,
    pairwise_problems,
)


class LinearFunction(StrictModel):
    """Straight line between a worst and a best raw value (clipped beyond them).

    Without anchors the scale is *local*: worst and best are the range of the options
    being compared, as Hiview's default. Local scales are simple but make scores depend
    on which options are in the set, and with two options turn the criterion into a
    0-or-1 switch; so the acquisition cost criterion takes fixed anchors from the
    capability's budget envelope by default (resolved per capability, see
    ``model.resolve._cost_anchors``), and ``anchors: local`` asks for the local scale.
    """

    kind: Literal["linear"]
    worst: FiniteFloat | None = Field(None, description="Raw value worth 0 (fixed anchor).")
    best: FiniteFloat | None = Field(None, description="Raw value worth 1 (fixed anchor).")
    anchors: Literal["budget", "local"] | None = Field(
        None,
        description=(
            "budget: for the acquisition cost criterion (from: unit_cost), fixed anchors per "
            "capability from its budget envelope: the envelope per unit is worth 0, nothing "
            "(0) is worth 1; this is the default for that criterion wherever the capability "
            "has a budget. local: the range of the options compared (the default elsewhere)."
        ),
    )

    @model_validator(mode="after")
    def _anchors(self) -> LinearFunction:
        if self.anchors is not None and (self.worst is not None or self.best is not None):
            raise ValueError(f"give `anchors: {self.anchors}` or `worst`/`best`, not both")
        if (self.worst is None) != (self.best is None):
            raise ValueError("give both `worst` and `best`, or neither for a local scale")
        if self.worst is not None and self.worst == self.best:
            raise ValueError("`worst` and `best` must differ")
        return self


class PiecewiseFunction(StrictModel):
    """Linear interpolation through analyst-drawn ``[raw, value]`` points."""

    kind: Literal["piecewise"]
    points: list[tuple[FiniteFloat, UnitInterval]] = Field(
        min_length=2, description="[raw, value] pairs, raw strictly ascending, value in 0..1."
    )

    @field_validator("points")
    @classmethod
    def _ascending(cls, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        xs = [x for x, _ in points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError("the raw values (first of each pair) must be strictly ascending")
        return points


class LevelsFunction(StrictModel):
    """Ordinal labels mapped to values, listed worst to best.

    The values are typed (``levels: {none: 0, partial: 0.5, full: 1}``) or derived from
    Saaty's pairwise judgements of the levels (``levels: [none, partial, full]`` with
    ``pairwise:``, ``pairwise[i][j]`` = how much better level i is than level j on the 1-9
    scale): each level's value is its AHP priority over the largest one, so the best level
    is worth 1 and the ratios between levels are those the judgements imply (Saaty's
    "ideal" mode, as Expert Choice synthesises ratings). Lambda_max, CI and CR are
    reported with the results; a CR above 0.10 gives a warning.
    """

    kind: Literal["levels"]
    levels: dict[Identifier, UnitInterval] = Field(
        min_length=2,
        description=(
            "label: value in 0..1, listed from worst to best; or, with `pairwise`, the "
            "labels alone (a list, worst to best)."
        ),
    )
    pairwise: list[list[Judgement]] | None = Field(
        None,
        description=(
            "Saaty's pairwise comparison of the levels, in the order listed: pairwise[i][j] "
            "= how much better level i is than level j (1..9, or 1/2..1/9, diagonal 1). "
            "The levels' values are derived from it (best level 1)."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _values_from_judgements(cls, data: Any) -> Any:
        """With ``pairwise``, the listed labels get their values from the judgements.

        Only a well-formed matrix is used; otherwise the labels get placeholder values and
        the field validators report what is wrong with the matrix, at its cells.
        """
        if not isinstance(data, dict) or data.get("pairwise") is None:
            if isinstance(data, dict) and isinstance(data.get("levels"), list):
                raise ValueError(
                    "`levels` is a list of labels, so their values must come from "
                    "`pairwise` judgements; add `pairwise:`, or give each label a value "
                    "(label: value, worst to best)"
                )
            return data
        labels = data.get("levels")
        if isinstance(labels, dict):
            raise ValueError(
                "with `pairwise`, list the levels as labels only (worst to best), e.g. "
                "`levels: [none, partial, full]`: their values come from the judgements"
            )
        if not isinstance(labels, list):
            return data
        matrix = _judgements(data["pairwise"])
        values = [0.0] * len(labels)
        if matrix is not None and len(matrix) == len(labels) >= 2 and not pairwise_problems(matrix):
            priorities, _, _ = pairwise_priorities(matrix)
            values = [p / max(priorities) for p in priorities]
            if any(b < a - 1e-12 for a, b in itertools.pairwise(values)):
                ranked = [label for _, label in sorted(zip(values, labels, strict=True))]
                raise ValueError(
                    "the `pairwise` judgements rank the levels "
                    f"{', '.join(map(str, ranked))} (worst to best), but `levels` lists them "
                    f"{', '.join(map(str, labels))}: list the levels worst to best, in the "
                    "order of the matrix rows, or revise the judgements"
                )
        return {**data, "levels": dict(zip(labels, values, strict=False))}

    @field_validator("levels")
    @classmethod
    def _ordered(cls, levels: dict[str, float]) -> dict[str, float]:
        values = list(levels.values())
        if any(b < a for a, b in itertools.pairwise(values)):
            raise ValueError(
                "list the levels from worst to best: each value at least the one before"
            )
        return levels

    @field_validator("pairwise")
    @classmethod
    def _pairwise(
        cls, matrix: list[list[float]] | None, info: ValidationInfo
    ) -> list[list[float]] | None:
        if matrix is None:
            return None
        labels = list(info.data.get("levels") or ())
        problems = pairwise_problems(matrix, labels or None)
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        if labels and len(matrix) != len(labels):
            raise ValueError(
                f"the pairwise matrix has {len(matrix)} rows but {len(labels)} levels are "
                "listed: give one row and one column per level, in the same order"
            )
        if len(matrix) > MAX_AHP_CRITERIA:
            raise ValueError(
                f"{len(matrix)} levels in one pairwise matrix: the consistency ratio is "
                f"defined for at most {MAX_AHP_CRITERIA}"
            )
        return matrix

    def consistency(self) -> tuple[float, float] | None:
        """(lambda_max, CI) of the ``pairwise`` judgements; None for typed values."""
        if self.pairwise is None:
            return None
        _, lam, ci = pairwise_priorities(self.pairwise)
        return lam, ci


def _judgements(matrix: Any) -> list[list[float]] | None:
    """The matrix as numbers (fractions such as "1/3" read), or None if it is not one."""
    if not isinstance(matrix, list) or not all(isinstance(row, list) for row in matrix):
        return None
    try:
        return [[float(_fraction(cell)) for cell in row] for row in matrix]
    except (TypeError, ValueError, PydanticCustomError):
        return None


ValueFunction = Annotated[
    LinearFunction | PiecewiseFunction | LevelsFunction, Field(discriminator="kind")
]


class Criterion(StrictModel):
    """A measured attribute on which every option of a capability is judged."""

    id: Identifier
    name: str = Field(min_length=1, description="Shown in reports.")
    unit: str | None = Field(None, description="Unit of the raw figures, e.g. months.")
    direction: Literal["min", "max"] = Field(
        "max", description="min: lower raw values are better; max: higher are better."
    )
    value_function: ValueFunction = Field(
        default_factory=lambda: LinearFunction(kind="linear"),
        description="How raw figures become 0..1 preferences.",
    )
    from_: Literal["unit_cost", "lifecycle_cost"] | None = Field(
        None,
        alias="from",
        description=(
            "Take the value from each option's unit cost (`unit_cost`), or from its unit "
            "cost plus in-service support over the scenario's `lifecycle.horizon_years` "
            "(`lifecycle_cost`)."
        ),
    )
    description: str | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _levels_are_preferences(self) -> Criterion:
        if isinstance(self.value_function, LevelsFunction) and self.direction == "min":
            raise ValueError(
                "a `levels` criterion takes its preference order from the level values "
                "(worst to best); remove `direction: min` and list the levels worst first"
            )
        if self.from_ is not None and isinstance(self.value_function, LevelsFunction):
            raise ValueError(
                f"a criterion taken from `{self.from_}` needs a numeric value function"
            )
        return self

    @property
    def is_levels(self) -> bool:
        return isinstance(self.value_function, LevelsFunction)

    @property
    def objective(self) -> int:
        """+1 to maximise, -1 to minimise (levels are always maximised)."""
        return -1 if self.direction == "min" else 1


Weights = dict[Identifier, Points]
"""Criterion id to weight in points (any scale; normalised before use)."""


class CriteriaFile(StrictModel):
    """The criteria file: shared criteria and the named weight profiles."""

    criteria: list[Criterion] = Field(min_length=1)
    profiles: dict[Identifier, Weights] = Field(
        default_factory=dict, description="Named weight profiles in points."
    )
