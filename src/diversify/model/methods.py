"""Parameters of each ranking method, validated before any number is crunched.

A scenario names a method (``method: topsis``) and may tune it (``method_options: {metric:
cityblock}``, or ``--method-option metric=cityblock`` on the command line: the same keys,
validated by the same model). Each method has its own small strict model here so that a typo or an
impossible setting is reported against the file, in plain English, instead of surfacing as
a NaN deep inside the engine. ``METHOD_PARAMS`` maps every method name the engine knows to
its model; the engine (``diversify.engine.methods``) uses the same table.

The PROMETHEE preference functions follow Brans & Vincke (1985), "A preference ranking
organisation method", Management Science 31(6), 647-656, which defines six "generalised
criteria", each needing a fixed set of thresholds in the criterion's own units:

====================== ======= ================================================
type                   alias   thresholds
====================== ======= ================================================
usual                  1       none: any advantage is full preference
u-shape                2       q (indifference): advantage above q is full
v-shape                3       p (preference): preference grows linearly to p
level                  4       q and p: half preference between q and p
v-shape-indifference   5       q and p: linear from q to p (alias ``linear``)
gaussian               6       s: 1 - exp(-d^2 / 2s^2)
====================== ======= ================================================
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from diversify.model.base import NonNegativeFloat, StrictModel, UnitInterval

PreferenceType = Literal["usual", "u-shape", "v-shape", "level", "v-shape-indifference", "gaussian"]
"""The six classic PROMETHEE preference function types (Brans & Vincke 1985)."""

PREFERENCE_TYPES: tuple[str, ...] = (
    "usual",
    "u-shape",
    "v-shape",
    "level",
    "v-shape-indifference",
    "gaussian",
)
"""Canonical type names, in the order of Brans & Vincke's numbering (type 1 first)."""

_TYPE_ALIASES: dict[str, str] = {
    "linear": "v-shape-indifference",
    **{str(number): name for number, name in enumerate(PREFERENCE_TYPES, start=1)},
}

_REQUIRED: dict[str, frozenset[str]] = {
    "usual": frozenset(),
    "u-shape": frozenset({"q"}),
    "v-shape": frozenset({"p"}),
    "level": frozenset({"q", "p"}),
    "v-shape-indifference": frozenset({"q", "p"}),
    "gaussian": frozenset({"s"}),
}

_THRESHOLD_MEANING: dict[str, str] = {
    "q": "q, the indifference threshold (the largest difference that still counts as no "
    "preference)",
    "p": "p, the preference threshold (the smallest difference that counts as full preference)",
    "s": "s, the spread of the Gaussian curve (the difference at which preference "
    "reaches about 0.39)",
}


class PreferenceFunction(StrictModel):
    """How a difference on one criterion turns into a degree of preference (PROMETHEE).

    Thresholds are in the criterion's own units (months, USD million...), because that is
    how a planner thinks about them: "two months' difference in delivery does not matter,
    a year's difference matters completely" is ``{type: linear, q: 2, p: 12}``.
    """

    type: PreferenceType = Field(
        default="usual",
        description=(
            "Preference function: usual, u-shape, v-shape, level, v-shape-indifference "
            "(also 'linear') or gaussian; or Brans & Vincke's number 1-6."
        ),
    )
    q: NonNegativeFloat | None = Field(
        default=None, description="Indifference threshold, in the criterion's units."
    )
    p: NonNegativeFloat | None = Field(
        default=None, description="Preference threshold, in the criterion's units."
    )
    s: NonNegativeFloat | None = Field(
        default=None, description="Gaussian spread (the curve's inflection point)."
    )

    @field_validator("type", mode="before")
    @classmethod
    def _canonical_type(cls, value: Any) -> str:
        """Accept Brans & Vincke's numbers 1-6, ``linear`` and any case or separator."""
        key = None
        if isinstance(value, int) and not isinstance(value, bool):
            key = str(value)
        elif isinstance(value, str):
            key = value.strip().lower().replace("_", "-").replace(" ", "-")
        name = _TYPE_ALIASES.get(key, key) if key is not None else None
        if name not in PREFERENCE_TYPES:
            raise ValueError(
                f"unknown preference function type {value!r}; use one of "
                f"{', '.join(PREFERENCE_TYPES)} ('linear' for v-shape-indifference), or "
                "Brans & Vincke's number 1-6"
            )
        return name

    @model_validator(mode="after")
    def _thresholds_match_type(self) -> PreferenceFunction:
        """Each type needs exactly its own thresholds; say which are missing or unused."""
        given = {name for name in ("q", "p", "s") if getattr(self, name) is not None}
        required = _REQUIRED[self.type]
        missing = sorted(required - given, key="qps".index)
        unused = sorted(given - required, key="qps".index)
        if missing:
            needs = " and ".join(_THRESHOLD_MEANING[name] for name in missing)
            it = "it" if len(missing) == 1 else "them"
            raise ValueError(f"a '{self.type}' preference function needs {needs}; add {it}")
        if unused:
            names = " and ".join(unused)
            takes = " and ".join(sorted(required, key="qps".index)) or "no thresholds"
            it = "it" if len(unused) == 1 else "them"
            raise ValueError(
                f"a '{self.type}' preference function takes {takes}, so {names} would be "
                f"ignored; remove {it} or choose a type that uses {it}"
            )
        if self.type == "v-shape" and self.p == 0:
            raise ValueError(
                "a 'v-shape' preference function needs p greater than zero (preference "
                "grows from 0 to 1 over a difference of p); for all-or-nothing preference "
                "use type 'usual'"
            )
        if self.type == "gaussian" and self.s == 0:
            raise ValueError(
                "a 'gaussian' preference function needs s greater than zero; for "
                "all-or-nothing preference use type 'usual'"
            )
        if self.q is not None and self.p is not None and self.q > self.p:
            raise ValueError(
                f"the indifference threshold q ({self.q:g}) must not exceed the preference "
                f"threshold p ({self.p:g}); swap them or lower q"
            )
        return self


class MavtParams(StrictModel):
    """MAVT (value functions + weighted sum) has no tuning knobs: the value functions are it."""


class WsmParams(StrictModel):
    """The weighted sum (SAW) on raw figures has no tuning knobs."""


class WpmParams(StrictModel):
    """The weighted product model has no tuning knobs."""


class TopsisParams(StrictModel):
    """TOPSIS: how figures are normalised and how distance to the ideal is measured."""

    normalisation: Literal["vector", "minmax", "sum", "max"] = Field(
        default="vector",
        description=(
            "How each criterion's figures are made unit-free before weighting: vector "
            "(x / sqrt(sum x^2), Hwang & Yoon's original), minmax ((x - min) / (max - min), "
            "the linear normalisation Opricovic & Tzeng 2004 compare), sum (x / sum x) or "
            "max (x / max |x|)."
        ),
    )
    metric: Literal["euclidean", "cityblock", "chebyshev"] = Field(
        default="euclidean",
        description=(
            "Distance to the ideal/anti-ideal option: euclidean (Hwang & Yoon's original), "
            "cityblock (sum of gaps) or chebyshev (largest single gap)."
        ),
    )


class VikorParams(StrictModel):
    """VIKOR: the weight ``v`` of group utility against individual regret."""

    v: UnitInterval = Field(
        default=0.5,
        description=(
            "Weight of the strategy of 'the majority of criteria' (group utility S) against "
            "individual regret R: 1 = only S, 0 = only R, 0.5 = consensus."
        ),
    )


Threshold = UnitInterval | Literal["mean"]
"""An ELECTRE I threshold: a number in 0..1, or ``mean`` (the average over all pairs)."""

ELECTRE1_DEFAULTS: dict[str, dict[str, float | str]] = {
    "cebrian_porcar": {"p": 0.65, "q": 0.35},
    "hwang_yoon": {"p": "mean", "q": "mean"},
}
"""Each ELECTRE I variant's thresholds when the scenario gives none (as its source uses)."""


class Electre1Params(StrictModel):
    """ELECTRE I: which variant, and its concordance and discordance thresholds.

    ``cebrian_porcar`` (the default) normalises each criterion by its total and measures
    discordance as the largest gap over the largest range in the table (Cebrián & Porcar
    2009, as scikit-criteria implements it). ``hwang_yoon`` follows Hwang & Yoon (1981):
    vector normalisation, weighted figures, discordance = the largest weighted gap where
    the other option is better over the largest weighted gap overall, and thresholds at
    the mean concordance and discordance unless numbers are given.
    """

    variant: Literal["cebrian_porcar", "hwang_yoon"] = Field(
        default="cebrian_porcar",
        description=(
            "cebrian_porcar (sum normalisation, discordance over the largest range) or "
            "hwang_yoon (vector normalisation, weighted discordance, mean thresholds)."
        ),
    )
    p: Threshold = Field(
        default=0.65,
        description=(
            "Concordance threshold: a outranks b only if the criteria on which a is at "
            "least as good as b carry at least this share of the weight; 'mean' for the "
            "average concordance over all pairs. Default 0.65 (cebrian_porcar) or 'mean' "
            "(hwang_yoon)."
        ),
    )
    q: Threshold = Field(
        default=0.35,
        description=(
            "Discordance threshold: a outranks b only if b's largest advantage over a, "
            "relative as the variant measures it, is at most this; 'mean' for the average "
            "discordance over all pairs. Default 0.35 (cebrian_porcar) or 'mean' "
            "(hwang_yoon)."
        ),
    )

    @field_validator("p", "q", mode="before")
    @classmethod
    def _threshold(cls, value: Any, info: ValidationInfo) -> Any:
        """One message for a bad threshold, instead of one per branch of the union."""
        name = "concordance" if info.field_name == "p" else "discordance"
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if value == "mean" or (number and math.isfinite(value) and 0 <= value <= 1):
            return value
        raise ValueError(
            f"the {name} threshold {info.field_name} must be a number from 0 to 1 or 'mean' "
            f"(the average {name} over all pairs); got {value!r}"
        )

    @model_validator(mode="before")
    @classmethod
    def _variant_defaults(cls, data: Any) -> Any:
        """Thresholds left out take the chosen variant's own defaults."""
        if isinstance(data, dict):
            defaults = ELECTRE1_DEFAULTS.get(data.get("variant", "cebrian_porcar"))
            if defaults is not None:
                return {**defaults, **data}
        return data


class PrometheeParams(StrictModel):
    """PROMETHEE II: a preference function per criterion; unlisted criteria use ``usual``."""

    functions: dict[str, PreferenceFunction] = Field(
        default_factory=dict,
        description=(
            "Preference function per criterion id, e.g. {delivery: {type: linear, q: 2, "
            "p: 12}}. Criteria not listed use the 'usual' function."
        ),
    )


METHOD_PARAMS: dict[str, type[StrictModel]] = {
    "mavt": MavtParams,
    "wsm": WsmParams,
    "wpm": WpmParams,
    "topsis": TopsisParams,
    "vikor": VikorParams,
    "electre1": Electre1Params,
    "promethee2": PrometheeParams,
}
"""Method name -> model of its parameters; the engine's method table uses the same names."""

__all__ = [
    "ELECTRE1_DEFAULTS",
    "METHOD_PARAMS",
    "PREFERENCE_TYPES",
    "Electre1Params",
    "MavtParams",
    "PreferenceFunction",
    "PreferenceType",
    "PrometheeParams",
    "TopsisParams",
    "VikorParams",
    "WpmParams",
    "WsmParams",
]
