"""Result objects: everything a renderer needs, so every front end shows the same numbers.

Plain frozen dataclasses (no numpy in the public fields) so that JSON, CSV, Markdown, the
TUI and the tests read the same values, and so that two runs compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CriterionInfo:
    """What a reader needs to know about a criterion in a result."""

    id: str
    name: str
    unit: str | None
    direction: str
    kind: str
    scale: tuple[float, float] | None = None
    """(worst, best) raw anchors actually used by a linear value function."""


@dataclass(frozen=True)
class RankedOption:
    """One option's place in a capability's ranking."""

    option: str
    system: str
    supplier: str
    country: str
    bloc: str
    rank: int
    score: float
    values: Mapping[str, float]
    """0..1 preference per criterion (value functions applied)."""
    raw: Mapping[str, float | str | None]
    """Raw figure per criterion: number in its unit (money in the reporting currency) or label."""
    contributions: Mapping[str, float] | None
    """Weighted contribution per criterion, for additive methods (they sum to the score)."""
    extras: Mapping[str, float | bool]
    unit_cost: float | None = None
    missing: tuple[str, ...] = ()
    """Criteria without a figure, scored as the worst under ``missing: worst``."""
    cost_basis: Mapping[str, Any] | None = None
    """How the unit cost was derived from the option's deals (None without a rule)."""
    unknown: tuple[str, ...] = ()
    """Criteria whose figure no source gives, scored under the ``evidence_gaps`` policy."""
    local_content: float | None = None
    """Share of the contract value with Canadian industry (0..1), None when not given."""


@dataclass(frozen=True)
class ScreenedOut:
    """An option removed by a must-meet rule (with the rule it failed) or by a stated
    decision in its supplier file (``criterion`` empty, ``reason`` the decision)."""

    option: str
    system: str
    supplier: str
    country: str
    bloc: str
    criterion: str
    reason: str


@dataclass(frozen=True)
class CapabilityResult:
    """The ranking of one capability under one weighting and method."""

    id: str
    name: str
    quantity: float
    budget: float | None
    criteria: tuple[CriterionInfo, ...]
    weights: Mapping[str, float]
    """Normalised weights actually used for this capability (sum 1)."""
    ranking: tuple[RankedOption, ...]
    screened_out: tuple[ScreenedOut, ...]
    higher_is_better: bool = True
    additive: bool = True
    warnings: tuple[str, ...] = ()
    method_details: Mapping[str, Any] = field(default_factory=dict)
    """The method's intermediate results (docs/methods.md): ``options`` (the order of the
    rows and columns of any matrix), ELECTRE I's concordance, discordance and outranking
    matrices and thresholds, PROMETHEE's preference matrix, VIKOR's DQ and the reason for
    a shared rank 1, TOPSIS's ideal and anti-ideal. Empty for MAVT, WSM and WPM."""
    elicitation: Mapping[str, Any] | None = None
    """This capability's data-driven weights' intermediates (entropy, CRITIC), else None."""

    @property
    def leader(self) -> RankedOption | None:
        return self.ranking[0] if self.ranking else None


@dataclass(frozen=True)
class ScenarioResult:
    """The result of one run over every capability of a scenario."""

    scenario: str
    method: str
    method_params: Mapping[str, Any]
    weights: Mapping[str, float]
    """Normalised shared weights (sum 1)."""
    weights_points: Mapping[str, float]
    weights_origin: str
    currency: str
    capabilities: tuple[CapabilityResult, ...]
    version: str
    inputs: Mapping[str, str]
    rates: Mapping[str, float] = field(default_factory=dict)
    rates_source: str | None = None
    seed: int | None = None
    elicitation: Mapping[str, Any] | None = None
    """Elicitation details (AHP lambda_max, CI, CR …) when weights were elicited."""
    pairwise_levels: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per ``levels`` criterion whose values come from AHP judgements (``pairwise``): the
    derived values and the judgements' lambda_max, CI, RI, CR and consistency."""
    warnings: tuple[str, ...] = ()
    evidence: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Evidence coverage by bloc: options, figures, unknown, low_confidence."""

    def capability(self, cap_id: str) -> CapabilityResult:
        for cap in self.capabilities:
            if cap.id == cap_id:
                return cap
        raise KeyError(cap_id)
