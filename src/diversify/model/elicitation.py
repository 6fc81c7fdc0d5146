"""The scenario's ``elicitation:`` section: how a planner states what matters.

Weights are the most contested input of an options analysis, so the tool accepts them the
way analysts actually elicit them, each validated here before any arithmetic:

* ``direct``: points per criterion (any scale), normalised to sum to 1.
* ``swing``: the analyst pictures every criterion moving from its worst to its best
  level, gives the most valuable of those swings 100 and rates the others 0..100 against
  it (the SMARTS swing procedure of Edwards & Barron, 1994).
* ``roc``, ``rank_sum``, ``rank_reciprocal``: only an order of importance, most important
  first, turned into weights by the rank-order centroid (Barron & Barrett, 1996) or the
  rank-sum / rank-reciprocal formulas (Stillwell, Seaver & Edwards, 1981). Ties are not
  supported: each criterion appears once. Two criteria that really are equally important
  call for ``swing`` or ``direct`` instead, where equal points say so.
* ``ahp``: Saaty's pairwise comparison matrix on the 1-9 scale. A cell may be written as
  a number or as a fraction string such as ``"1/3"``.
* ``entropy``, ``critic``: objective weights computed from the options' figures.

Errors carry the location of the offending cell (``matrix[2][0]``, ``swings.cost``,
``order[3]``) so the file reader can point at the line. The checks are plain functions
(:func:`pairwise_problems`, :func:`swing_problems`, ...) shared with
:mod:`diversify.engine.weights`, so a caller of the engine gets the same messages. Whether
the named criteria exist is known only once the criteria file is read: each spec's
``criteria_problems`` reports unknown or missing names for the resolver.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, NamedTuple, NoReturn

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from diversify.model.base import (
    Identifier,
    NonNegativeFloat,
    Points,
    StrictModel,
    quoted_number_message,
)

RandomIndexName = Literal["saaty", "alonso_lamata"]
"""Which random-index table turns AHP's consistency index into a ratio (see
:mod:`diversify.engine.weights`): Saaty (1980) or Alonso & Lamata (2006)."""

MAX_AHP_CRITERIA = 15
"""Saaty's random-index table stops at 15 criteria; beyond it no consistency ratio exists."""

RECIPROCAL_TOLERANCE = 1e-2
"""Relative tolerance of the reciprocity check, so 0.333 is accepted for 1/3."""

Loc = tuple[str | int, ...]


class ElicitationProblem(NamedTuple):
    """One thing wrong with an elicitation, located relative to the spec."""

    loc: Loc
    """Path inside the spec, e.g. ``("matrix", 2, 0)`` or ``("swings", "cost")``."""
    kind: str
    """Machine-readable error type, e.g. ``ahp_not_reciprocal``."""
    message: str
    """Plain-English explanation that says how to fix it."""


# --------------------------------------------------------------------------------------
# number formatting for messages
# --------------------------------------------------------------------------------------


def fmt(x: float) -> str:
    """A number as a planner typed it: ``3`` not ``3.0``, ``0.333`` not ``0.33333333``."""
    if not math.isfinite(x):
        return str(x)
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4g}"


def _near_int(x: float) -> int | None:
    k = round(x)
    if k >= 1 and math.isclose(x, k, rel_tol=RECIPROCAL_TOLERANCE):
        return int(k)
    return None


def reciprocal_text(a: float) -> str:
    """How to write ``1/a``: ``1/3 ≈ 0.333`` for a = 3, ``3`` for a = 0.333."""
    if a <= 0 or not math.isfinite(a):
        return "a positive number"
    k = _near_int(a)
    if k is not None and k > 1:
        return f"1/{k} ≈ {1 / k:.3g}"
    k = _near_int(1 / a)
    if k is not None:
        return str(k)
    return f"1/{fmt(a)} ≈ {1 / a:.3g}"


def _names(criteria: Sequence[str]) -> str:
    return ", ".join(criteria) if criteria else "none"


# --------------------------------------------------------------------------------------
# checks shared by the models and the engine
# --------------------------------------------------------------------------------------


def points_problems(points: Mapping[str, float], field: str = "points") -> list[ElicitationProblem]:
    """Direct points: at least one, each finite and zero or more, not all zero."""
    if not points:
        return [
            ElicitationProblem(
                (), f"{field}_empty", f"`{field}` is empty: give points to the criteria that matter"
            )
        ]
    out = [
        ElicitationProblem(
            (key,),
            f"{field}_invalid",
            f"{key} has {fmt(v)} points: points must be a finite number, zero or more",
        )
        for key, v in points.items()
        if not (math.isfinite(v) and v >= 0)
    ]
    if not out and sum(points.values()) <= 0:
        out.append(
            ElicitationProblem(
                (),
                f"{field}_all_zero",
                "every criterion has 0 points, so there is nothing to normalise: "
                "give at least one criterion a positive number of points",
            )
        )
    return out


def swing_problems(swings: Mapping[str, float]) -> list[ElicitationProblem]:
    """Swing points: each in 0..100, the most valuable swing at exactly 100."""
    if not swings:
        return [
            ElicitationProblem(
                (),
                "swing_empty",
                "`swings` is empty: rate each criterion's worst-to-best swing, "
                "the most valuable one 100",
            )
        ]
    out = [
        ElicitationProblem(
            (key,),
            "swing_out_of_range",
            f"the swing of {key} is {fmt(v)}: swings are rated 0 to 100, the most valuable "
            "swing 100 and the others relative to it",
        )
        for key, v in swings.items()
        if not (math.isfinite(v) and 0 <= v <= 100)
    ]
    if out:
        return out
    top_key, top = max(swings.items(), key=lambda kv: kv[1])
    if top <= 0:
        out.append(
            ElicitationProblem(
                (),
                "swing_all_zero",
                "every swing is 0: give the most valuable swing 100 and rate the others "
                "relative to it",
            )
        )
    elif not math.isclose(top, 100, abs_tol=1e-9):
        out.append(
            ElicitationProblem(
                (),
                "swing_no_100",
                f"no swing is rated 100 (the largest is {top_key} at {fmt(top)}): the most "
                "valuable swing is the reference and gets 100; give it 100 and rate the others "
                f"relative to it (multiplying every swing by 100/{fmt(top)} keeps their ratios)",
            )
        )
    return out


def order_problems(order: Sequence[str]) -> list[ElicitationProblem]:
    """A ranking: at least one criterion, none twice (ties are not supported)."""
    if not order:
        return [
            ElicitationProblem(
                (),
                "order_empty",
                "`order` is empty: list the criteria from most to least important",
            )
        ]
    out = []
    first: dict[str, int] = {}
    for i, name in enumerate(order):
        if name in first:
            out.append(
                ElicitationProblem(
                    (i,),
                    "order_duplicate",
                    f"{name} is listed twice (order[{first[name]}] and order[{i}]): list each "
                    "criterion once, most important first; ties are not supported, so for "
                    "criteria of equal importance use `method: swing` or `method: direct` "
                    "and give them equal points",
                )
            )
        else:
            first[name] = i
    return out


def pairwise_problems(
    matrix: Sequence[Sequence[float]], criteria: Sequence[str] | None = None
) -> list[ElicitationProblem]:
    """Everything wrong with a pairwise comparison matrix, each at its cell.

    Checks, in order: square; every cell finite and strictly positive; diagonal 1;
    reciprocal (``a[j][i] * a[i][j] = 1`` within 1 %, so 0.333 passes for 1/3). A
    reciprocity problem is reported once per pair, at the lower-triangle cell
    ``matrix[j][i]`` (j > i), against the judgement above the diagonal.
    """
    n = len(matrix)
    if n == 0:
        return [
            ElicitationProblem(
                (), "ahp_empty", "`matrix` is empty: give one row per criterion in `criteria`"
            )
        ]
    out = [
        ElicitationProblem(
            (i,),
            "ahp_not_square",
            f"matrix[{i}] has {len(row)} entries but the matrix has {n} rows: a pairwise "
            "matrix is square, one row and one column per criterion in `criteria` order",
        )
        for i, row in enumerate(matrix)
        if len(row) != n
    ]
    if out:
        return out

    def about(i: int, j: int) -> str:
        if criteria is None or len(criteria) != n:
            return ""
        return f" ({criteria[i]} compared with {criteria[j]})"

    for i, row in enumerate(matrix):
        for j, a in enumerate(row):
            if not (math.isfinite(a) and a > 0):
                out.append(
                    ElicitationProblem(
                        (i, j),
                        "ahp_not_positive",
                        f"matrix[{i}][{j}] is {fmt(a)}{about(i, j)}: a judgement is a positive "
                        "ratio (1 equal, 3 moderately more important, 1/3 moderately less, "
                        "up to 9 and 1/9)",
                    )
                )
    if out:
        return out
    for i in range(n):
        a = matrix[i][i]
        if not math.isclose(a, 1.0, rel_tol=1e-9):
            out.append(
                ElicitationProblem(
                    (i, i),
                    "ahp_diagonal",
                    f"matrix[{i}][{i}] is {fmt(a)} but a criterion compared with itself is "
                    f"always 1: set matrix[{i}][{i}] to 1",
                )
            )
    for i in range(n):
        for j in range(i + 1, n):
            upper, lower = matrix[i][j], matrix[j][i]
            if abs(upper * lower - 1.0) > RECIPROCAL_TOLERANCE + 1e-12:
                out.append(
                    ElicitationProblem(
                        (j, i),
                        "ahp_not_reciprocal",
                        f"matrix[{j}][{i}] is {fmt(lower)}{about(j, i)} but matrix[{i}][{j}] is "
                        f"{fmt(upper)}: a pairwise matrix must be reciprocal, so "
                        f"matrix[{j}][{i}] should be {reciprocal_text(upper)}",
                    )
                )
    return out


def _unknown(name: str, known: Sequence[str]) -> str:
    return f"{name} is not a criterion of this scenario (its criteria are: {_names(known)})"


def _missing(names: Sequence[str], where: str, how: str) -> str:
    s = "criterion" if len(names) == 1 else "criteria"
    return f"{s} {', '.join(names)} not in {where}: {how}"


# --------------------------------------------------------------------------------------
# pydantic plumbing
# --------------------------------------------------------------------------------------


def _raise(
    title: str, problems: Sequence[ElicitationProblem], values: Any, prefix: Loc = ()
) -> NoReturn:
    """Raise every problem as one pydantic error, each at its own location.

    A ``ValidationError`` raised inside a validator is merged by pydantic into the outer
    error with the field path prefixed, so ``loc`` reaches the offending cell.
    """
    details: list[InitErrorDetails] = []
    for p in problems:
        value: Any = values
        for part in p.loc:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                break
        details.append(
            InitErrorDetails(
                type=PydanticCustomError(p.kind, p.message), loc=(*prefix, *p.loc), input=value
            )
        )
    raise ValidationError.from_exception_data(title, details)


_FRACTION = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*/\s*(\d+(?:\.\d*)?)\s*$")


def _fraction(value: Any) -> Any:
    """Accept ``"1/3"`` in a pairwise matrix, as Saaty's tables print it."""
    if isinstance(value, str):
        m = _FRACTION.match(value)
        if m:
            den = float(m.group(2))
            if den == 0:
                raise PydanticCustomError(
                    "ahp_not_positive", f"{value} divides by zero: write a ratio such as 1/3"
                )
            return float(m.group(1)) / den
        # One rule for numbers: only a fraction may be written as text.
        raise PydanticCustomError(
            "number_text",
            "{message}",
            {
                "message": quoted_number_message(
                    value, "a judgement (a number, or a fraction such as 1/3)"
                )
            },
        )
    return value


_SCALE_TOLERANCE = 1.01
"""1/9 written as 0.111 is still on Saaty's scale."""


def _positive(value: float) -> float:
    on_scale = 1 / (9 * _SCALE_TOLERANCE) <= value <= 9 * _SCALE_TOLERANCE
    if not (math.isfinite(value) and value > 0 and on_scale):
        raise PydanticCustomError(
            "ahp_not_positive",
            "{message}",
            {
                "message": f"{fmt(value)} is not a judgement: a judgement is a positive ratio "
                "on Saaty's scale (1 equal, 3 moderately more important, 1/3 moderately "
                "less, up to 9 and 1/9)"
            },
        )
    return value


Judgement = Annotated[
    float,
    BeforeValidator(_fraction),
    AfterValidator(_positive),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": r"^\s*\d+(\.\d*)?\s*/\s*\d+(\.\d*)?\s*$"},
            ],
            "description": "Saaty 1-9 judgement: a positive number or a fraction such as 1/3.",
        }
    ),
]
"""One cell of a pairwise matrix: a positive finite number, or a fraction string."""

PositiveFiniteFloat = Judgement
"""Alias kept for the name used in the design notes."""


def _swing_range(value: float) -> float:
    if value > 100:
        raise PydanticCustomError(
            "swing_out_of_range",
            f"{fmt(value)} is above 100: swings are rated 0 to 100, the most valuable swing "
            "100 and the others relative to it",
        )
    return value


SwingPoints = Annotated[
    NonNegativeFloat,
    AfterValidator(_swing_range),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


def exact_reciprocal(matrix: Sequence[Sequence[float]]) -> Any:
    """The matrix rebuilt from the judgement of each pair (the entry >= 1) and its exact
    reciprocal, so 0.333 typed for 1/3 does not perturb lambda_max (a numpy array)."""
    import numpy as np

    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    iu = np.triu_indices(n, 1)
    upper, lower = a[iu], a[(iu[1], iu[0])]
    judge = np.where(upper >= 1.0, upper, 1.0 / lower)
    out = np.ones((n, n))
    out[iu] = judge
    out[(iu[1], iu[0])] = 1.0 / judge
    return out


def pairwise_priorities(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float, float]:
    """Saaty's priorities of a checked pairwise matrix: (weights summing to 1, lambda_max,
    the consistency index CI = (lambda_max - n) / (n - 1), 0 for n <= 2).

    The principal eigenvector (``numpy.linalg.eig``) of the matrix rebuilt by
    :func:`exact_reciprocal`. Shared by AHP weights (engine) and AHP-derived level values
    (``LevelsFunction.pairwise``), so both read the same judgements the same way. The
    consistency ratio needs a random-index table, which the engine chooses.
    """
    import numpy as np

    r = exact_reciprocal(matrix)
    n = r.shape[0]
    values, vectors = np.linalg.eig(r)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    ci = 0.0 if n <= 2 else max((lam - n) / (n - 1), 0.0)
    return [float(x) for x in w], lam, float(ci)


def _random_index_name(value: Any) -> Any:
    """``alonso-lamata`` (the engine's older spelling) is ``alonso_lamata``."""
    return value.strip().lower().replace("-", "_") if isinstance(value, str) else value


class AhpSettings(StrictModel):
    """The scenario's ``ahp:`` section: settings shared by every AHP matrix it uses (the
    criteria weights under ``elicitation: {method: ahp}`` and level values derived from
    ``pairwise`` judgements)."""

    random_index: Annotated[RandomIndexName, BeforeValidator(_random_index_name)] = Field(
        "saaty",
        description=(
            "Random-index table for the consistency ratio CR = CI / RI: saaty (Saaty 1980: "
            "RI(7) = 1.32) or alonso_lamata (Alonso & Lamata 2006, from 100,000 random "
            "matrices: RI(7) = 1.3417)."
        ),
    )


# --------------------------------------------------------------------------------------
# the specs
# --------------------------------------------------------------------------------------


class DirectElicitation(StrictModel):
    """Points given straight to each criterion; weights are the points over their total.

    A criterion left out gets no weight (the engine says so in a warning).
    """

    method: Literal["direct"]
    points: dict[Identifier, Points] = Field(
        description="criterion: points, any scale (e.g. out of 100); normalised to sum to 1."
    )

    @field_validator("points")
    @classmethod
    def _points(cls, points: dict[str, float]) -> dict[str, float]:
        problems = points_problems(points)
        if problems:
            _raise(cls.__name__, problems, points)
        return points

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Points given to names that are not criteria of the scenario."""
        known = set(criteria)
        return [
            ElicitationProblem(("points", k), "unknown_criterion", _unknown(k, criteria))
            for k in self.points
            if k not in known
        ]


class SwingElicitation(StrictModel):
    """Swing weights: the most valuable worst-to-best swing gets 100, the others 0..100.

    Weights are the swing points over their total. A criterion left out gets no weight
    (the engine says so in a warning).
    """

    method: Literal["swing"]
    swings: dict[Identifier, SwingPoints] = Field(
        description=(
            "criterion: 0..100, the value of moving it from its worst to its best level, "
            "relative to the most valuable such swing, which gets 100."
        )
    )

    @field_validator("swings")
    @classmethod
    def _swings(cls, swings: dict[str, float]) -> dict[str, float]:
        problems = swing_problems(swings)
        if problems:
            _raise(cls.__name__, problems, swings)
        return swings

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Swings given for names that are not criteria of the scenario."""
        known = set(criteria)
        return [
            ElicitationProblem(("swings", k), "unknown_criterion", _unknown(k, criteria))
            for k in self.swings
            if k not in known
        ]


class _RankOrder(StrictModel):
    """An order of importance, most important first, each criterion once."""

    order: list[Identifier] = Field(
        description="Criteria from most to least important, each once (no ties)."
    )

    @field_validator("order")
    @classmethod
    def _order(cls, order: list[str]) -> list[str]:
        problems = order_problems(order)
        if problems:
            _raise(cls.__name__, problems, order)
        return order

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Unknown names in ``order`` (at their index) and criteria it leaves out."""
        known = set(criteria)
        out = [
            ElicitationProblem(("order", i), "unknown_criterion", _unknown(k, criteria))
            for i, k in enumerate(self.order)
            if k not in known
        ]
        listed = set(self.order)
        missing = [c for c in criteria if c not in listed]
        if missing:
            out.append(
                ElicitationProblem(
                    ("order",),
                    "criteria_missing",
                    _missing(
                        missing,
                        "`order`",
                        "a ranking must place every criterion, so add them where they belong "
                        "(the least important last)",
                    ),
                )
            )
        return out


class RocElicitation(_RankOrder):
    """Rank-order centroid weights (Barron & Barrett, 1996) from an order of importance."""

    method: Literal["roc"]


class RankSumElicitation(_RankOrder):
    """Rank-sum weights (Stillwell, Seaver & Edwards, 1981) from an order of importance."""

    method: Literal["rank_sum"]


class RankReciprocalElicitation(_RankOrder):
    """Rank-reciprocal weights (Stillwell, Seaver & Edwards, 1981) from an order."""

    method: Literal["rank_reciprocal"]


class AhpElicitation(StrictModel):
    """Saaty's pairwise comparison matrix: ``matrix[i][j]`` says how much more important
    ``criteria[i]`` is than ``criteria[j]`` on the 1-9 scale (1/3 = moderately less).
    """

    method: Literal["ahp"]
    criteria: list[Identifier] = Field(
        description="The criteria compared, in the order of the matrix rows and columns."
    )
    matrix: list[list[Judgement]] = Field(
        description=(
            "Square, reciprocal matrix of judgements: matrix[i][j] = importance of "
            "criteria[i] over criteria[j] (1..9, or 1/2..1/9), diagonal 1."
        )
    )

    @field_validator("criteria")
    @classmethod
    def _criteria(cls, criteria: list[str]) -> list[str]:
        problems = [
            ElicitationProblem(
                (i,),
                "order_duplicate",
                f"{name} is listed twice in `criteria`: list each criterion once, in the "
                "order of the matrix rows",
            )
            for i, name in enumerate(criteria)
            if name in criteria[:i]
        ]
        if not criteria:
            problems.append(
                ElicitationProblem(
                    (), "ahp_empty", "`criteria` is empty: list the criteria compared"
                )
            )
        elif len(criteria) > MAX_AHP_CRITERIA:
            problems.append(
                ElicitationProblem(
                    (),
                    "ahp_too_many",
                    f"{len(criteria)} criteria in one matrix: the consistency check is defined "
                    f"for at most {MAX_AHP_CRITERIA} (Saaty advises at most 9); group the "
                    "criteria and weight the groups, or use swing weights",
                )
            )
        if problems:
            _raise(cls.__name__, problems, criteria)
        return criteria

    @field_validator("matrix")
    @classmethod
    def _matrix(cls, matrix: list[list[float]], info: ValidationInfo) -> list[list[float]]:
        problems = pairwise_problems(matrix, info.data.get("criteria"))
        if problems:
            _raise(cls.__name__, problems, matrix)
        return matrix

    @model_validator(mode="after")
    def _size(self) -> AhpElicitation:
        n, k = len(self.matrix), len(self.criteria)
        if n != k:
            _raise(
                type(self).__name__,
                [
                    ElicitationProblem(
                        ("matrix",),
                        "ahp_size_mismatch",
                        f"the matrix has {n} rows but {k} criteria are listed in `criteria`: "
                        "give one row and one column per criterion, in the same order",
                    )
                ],
                self.matrix,
            )
        return self

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Unknown names in ``criteria`` (at their index) and scenario criteria left out."""
        known = set(criteria)
        out = [
            ElicitationProblem(("criteria", i), "unknown_criterion", _unknown(k, criteria))
            for i, k in enumerate(self.criteria)
            if k not in known
        ]
        listed = set(self.criteria)
        missing = [c for c in criteria if c not in listed]
        if missing:
            out.append(
                ElicitationProblem(
                    ("criteria",),
                    "criteria_missing",
                    _missing(
                        missing,
                        "the AHP `criteria`",
                        "every criterion needs a row and a column in the matrix",
                    ),
                )
            )
        return out


class EntropyElicitation(StrictModel):
    """Objective weights from the Shannon entropy of each criterion's figures.

    A criterion whose figures differ more between options gets more weight; computed per
    capability from the raw figures (see :func:`diversify.engine.weights.entropy`).
    """

    method: Literal["entropy"]

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Nothing to check: the weights come from the data."""
        return []


class CriticElicitation(StrictModel):
    """Objective weights by CRITIC (Diakoulaki, Mavrotas & Papayannakis, 1995).

    A criterion gets more weight the more its figures vary and the less they correlate
    with the other criteria's.
    """

    method: Literal["critic"]
    correlation: Literal["pearson", "spearman"] = Field(
        "pearson",
        description=(
            "pearson (the published method) or spearman (rank correlation, robust to outliers)."
        ),
    )

    def criteria_problems(self, criteria: Sequence[str]) -> list[ElicitationProblem]:
        """Nothing to check: the weights come from the data."""
        return []


Elicitation = Annotated[
    DirectElicitation
    | SwingElicitation
    | RocElicitation
    | RankSumElicitation
    | RankReciprocalElicitation
    | AhpElicitation
    | EntropyElicitation
    | CriticElicitation,
    Field(discriminator="method"),
]
"""Any elicitation spec, chosen by its ``method``."""

__all__ = [
    "AhpElicitation",
    "AhpSettings",
    "CriticElicitation",
    "DirectElicitation",
    "Elicitation",
    "ElicitationProblem",
    "EntropyElicitation",
    "Judgement",
    "PositiveFiniteFloat",
    "RandomIndexName",
    "RankReciprocalElicitation",
    "RankSumElicitation",
    "RocElicitation",
    "SwingElicitation",
    "exact_reciprocal",
    "order_problems",
    "pairwise_priorities",
    "pairwise_problems",
    "points_problems",
    "swing_problems",
]
