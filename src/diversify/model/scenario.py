"""The scenario file: what one batch run scores, with which weights, method and money."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from diversify.model.base import (
    MAX_RATE,
    MIN_RATE,
    Identifier,
    NonNegativeFloat,
    Rate,
    StrictModel,
    quoted_number_message,
)
from diversify.model.criteria import Weights
from diversify.model.deals import CostBasis, Escalation, Lifecycle
from diversify.model.elicitation import AhpSettings, Elicitation
from diversify.model.figures import AsOf, CurrencyCode, SourceText, _as_of_text
from diversify.model.portfolio import PortfolioSpec
from diversify.model.robustness import RobustnessSpec

MethodName = Literal["mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2"]
FormatName = Literal["md", "csv", "json", "html", "xlsx"]


class Rates(StrictModel):
    """Exchange rates: units of the reporting currency per 1 unit of each currency.

    Written flat, as analysts write them (``USD: 1.37, EUR: 1.50, source: …``); any
    upper-case three-letter key is a currency.
    """

    source: SourceText | None = Field(None, description="Where the rates come from.")
    as_of: AsOf | None = Field(None, description="When the rates applied.")
    model_config = StrictModel.model_config | {
        "extra": "allow",
        "json_schema_extra": {
            "patternProperties": {
                "^[A-Z]{3}$": {"type": "number", "minimum": MIN_RATE, "maximum": MAX_RATE}
            },
            "additionalProperties": False,
        },
    }

    @model_validator(mode="before")
    @classmethod
    def _check_codes(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "as_of" in data:
            data["as_of"] = _as_of_text(data["as_of"])
        return data

    @model_validator(mode="after")
    def _codes(self) -> Rates:
        """Every extra key is a currency code with a positive rate.

        Each bad entry is reported at its own key (``rates.usd``) and all of them at once:
        pydantic merges a ValidationError raised here into the outer one, ``rates``
        prefixed. (Re-raising the first inner error instead would point at ``rates`` as a
        whole and hide the other entries.)
        """
        import difflib

        from pydantic import TypeAdapter, ValidationError
        from pydantic_core import InitErrorDetails, PydanticCustomError

        adapter = TypeAdapter(CurrencyCode)
        rate = TypeAdapter(Rate)
        details: list[InitErrorDetails] = []
        for key, value in (self.model_extra or {}).items():
            try:
                adapter.validate_python(key)
            except ValidationError as exc:
                close = difflib.get_close_matches(key, ["source", "as_of"], n=1)
                message = (
                    f"unknown field `{key}`; did you mean `{close[0]}`?"
                    if close
                    else str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
                )
                details.append(
                    InitErrorDetails(
                        type=PydanticCustomError("currency_code", message), loc=(key,), input=key
                    )
                )
                continue
            try:
                rate.validate_python(value)
            except ValidationError:
                message = (
                    f"the rate for {key} {quoted_number_message(value)}"
                    if isinstance(value, str)
                    else f"the rate for {key} must be a number from {MIN_RATE:.6f} to "
                    f"{MAX_RATE:,.0f}: units of the reporting currency per 1 {key}, "
                    f"e.g. `{key}: 1.37`"
                )
                details.append(
                    InitErrorDetails(
                        type=PydanticCustomError("rate", message), loc=(key,), input=value
                    )
                )
        if details:
            raise ValidationError.from_exception_data(type(self).__name__, details)
        return self

    @property
    def table(self) -> dict[str, float]:
        return {k: float(v) for k, v in (self.model_extra or {}).items()}


class ScreeningRule(StrictModel):
    """A must-meet rule on one criterion; options failing it are reported, not dropped silently."""

    min: NonNegativeFloat | None = Field(None, description="Raw value must be at least this.")
    max: NonNegativeFloat | None = Field(None, description="Raw value must be at most this.")
    exclude: list[str] = Field(default_factory=list, description="Level labels not acceptable.")

    @model_validator(mode="after")
    def _something(self) -> ScreeningRule:
        if self.min is None and self.max is None and not self.exclude:
            raise ValueError("a screening rule needs `min`, `max` or `exclude`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min}) is above `max` ({self.max})")
        return self


class ReportSpec(StrictModel):
    """Which report files a run writes, and where."""

    formats: list[FormatName] = Field(default_factory=lambda: ["md", "csv", "json", "html", "xlsx"])
    out: str = Field("reports/", description="Output folder, relative to the scenario file.")


class Scenario(StrictModel):
    """One batch run."""

    name: str = Field(min_length=1)
    description: str | None = None
    criteria: str = Field(description="Path of the criteria file, relative to this file.")
    suppliers: list[str] = Field(min_length=1, description="Supplier files or globs.")
    profile: Identifier | None = Field(None, description="Weight profile from the criteria file.")
    weights: Weights | None = Field(None, description="Direct weights in points.")
    elicitation: Elicitation | None = Field(None, description="Elicit weights (roc, ahp, …).")
    ahp: AhpSettings | None = Field(
        None,
        description=(
            "Settings for every AHP matrix (criteria weights, level values from `pairwise`): "
            "the random-index table of the consistency ratio."
        ),
    )
    currency: CurrencyCode = Field(description="Reporting currency.")
    rates: Rates = Field(default_factory=Rates, description="Exchange rates into `currency`.")
    method: MethodName = "mavt"
    method_options: dict[str, Any] = Field(default_factory=dict)
    missing: Literal["reject", "worst"] = Field(
        "reject", description="reject: a missing value is an error; worst: score it as the worst."
    )
    screening: dict[Identifier, ScreeningRule] = Field(default_factory=dict)
    robustness: RobustnessSpec | None = None
    portfolio: PortfolioSpec | None = None
    report: ReportSpec = Field(default_factory=ReportSpec)
    cost_basis: CostBasis | None = Field(
        None,
        description=(
            "The rule that derives every option's unit cost from its deals: which deal, "
            "on which scope, in which base year's money."
        ),
    )
    lifecycle: Lifecycle | None = Field(
        None,
        description="Horizon for through-life cost (criteria taken `from: lifecycle_cost`).",
    )
    evidence_gaps: Literal["range", "neutral", "worst"] = Field(
        "range",
        description=(
            "How a figure written `unknown` is scored: range (the middle of the scale, the "
            "whole scale sampled by the robustness analysis), neutral (the middle) or worst."
        ),
    )
    escalation: dict[CurrencyCode, Escalation] = Field(
        default_factory=dict,
        description="Per currency, how prices move to the base year (a yearly rate or an index).",
    )

    @model_validator(mode="after")
    def _one_weighting(self) -> Scenario:
        given = [k for k in ("profile", "weights", "elicitation") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(
                f"give only one of `profile`, `weights` or `elicitation` (found {', '.join(given)})"
            )
        return self
