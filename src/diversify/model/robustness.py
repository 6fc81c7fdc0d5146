"""The scenario's ``robustness:`` section: how the SMAA-2 analysis samples weights and values.

A ranking is only worth presenting if it survives plausible changes of the weights and of
the figures within their own ranges. This section says which changes are plausible:

* ``weights``: ``simplex`` (any weighting at all: the classic SMAA-2 "no preference
  information" case), ``margin`` (within +/- ``margin`` of each current weight, relative,
  e.g. 0.2 lets a 25-point weight move between 20 and 30 points), or ``ordered`` (any
  weighting that keeps the order of importance given in ``order``, most important first).
* ``values``: ``fixed`` (figures taken as given), ``uniform`` or ``triangular`` (each
  figure drawn from its ``low``/``high`` range; triangular peaks at the stated value).

The criterion names in ``order`` are checked against the scenario's criteria by the
resolver (it knows them, this model does not); :meth:`RobustnessSpec.order_indices` turns
them into column positions for the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from diversify.model.base import Identifier, StrictModel, UnitInterval, quoted_number_message

MAX_SAMPLES = 1_000_000
"""Most Monte Carlo samples one run may draw: about 20 s on the bundled scenario on a
laptop core, and acceptabilities to within +/-0.1 percentage point; more adds time,
not knowledge. ``chunk_size`` has the same bound."""


def _whole_number(value: Any) -> bool:
    """True for an int (not a bool) or a float with no fractional part."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


class RobustnessSpec(StrictModel):
    """How many Monte Carlo samples to draw, from which distributions, with which seed."""

    samples: int = Field(
        10_000,
        gt=0,
        le=MAX_SAMPLES,
        description=(
            "Number of Monte Carlo samples (weightings, with figures drawn alongside), "
            "1 to 1000000. 10000 gives acceptabilities to within about +/-1 percentage point."
        ),
    )
    seed: int = Field(
        0, ge=0, description="Random seed: the same seed and inputs give identical results."
    )
    weights: Literal["simplex", "margin", "ordered"] = Field(
        "margin",
        description=(
            "How weights are sampled: simplex (any weighting), margin (within +/- margin of "
            "each current weight), ordered (any weighting keeping the order given in `order`)."
        ),
    )
    margin: UnitInterval = Field(
        0.2,
        description=(
            "For weights: margin, the relative change allowed around each current weight "
            "(0.2 = +/-20%, so a 25-point weight moves between 20 and 30 points)."
        ),
    )
    order: list[Identifier] | None = Field(
        None,
        description=(
            "For weights: ordered, criteria ids from most to least important. Criteria not "
            "listed are unconstrained."
        ),
    )
    values: Literal["fixed", "uniform", "triangular"] = Field(
        "uniform",
        description=(
            "How figures with a low/high range are sampled: fixed (use the stated value), "
            "uniform over the range, or triangular peaking at the stated value."
        ),
    )
    chunk_size: int = Field(
        50_000,
        gt=0,
        le=MAX_SAMPLES,
        description="Samples processed at once; bounds memory. Results do not depend on it.",
    )

    @field_validator("samples", "chunk_size", mode="before")
    @classmethod
    def _positive_count(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs before the integer check so the user sees what to write instead of
        # pydantic's generic "Input should be greater than 0".
        if isinstance(value, bool):
            raise ValueError(
                f"`{info.field_name}` must be a whole number of samples, not true/false"
            )
        if isinstance(value, str):
            raise ValueError(quoted_number_message(value, f"a whole number of {info.field_name}"))
        if isinstance(value, int | float) and value > MAX_SAMPLES:
            raise ValueError(
                f"`{info.field_name}` is at most {MAX_SAMPLES:,} (got {value:,.0f}): more "
                "samples add time, not precision (1,000,000 gives acceptabilities to within "
                "+/-0.1 percentage point)"
            )
        if isinstance(value, int | float) and (value <= 0 or not _whole_number(value)):
            example = "10000" if info.field_name == "samples" else "50000"
            raise ValueError(
                f"`{info.field_name}` must be a whole number greater than zero (got {value}); "
                f"for example `{info.field_name}: {example}`"
            )
        return value

    @field_validator("seed", mode="before")
    @classmethod
    def _seed(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("`seed` must be a whole number, zero or more, not true/false")
        if isinstance(value, str):
            raise ValueError(quoted_number_message(value, "a whole number, zero or more"))
        if isinstance(value, int | float) and (value < 0 or not _whole_number(value)):
            raise ValueError(
                f"`seed` must be a whole number, zero or more (got {value}); for example `seed: 7`"
            )
        return value

    @field_validator("margin", mode="before")
    @classmethod
    def _margin(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value <= 1:
            raise ValueError(
                f"`margin` must be between 0 and 1 (got {value}): it is a relative change, "
                "so 0.2 means +/-20% around each current weight"
            )
        return value

    @field_validator("order")
    @classmethod
    def _order_consistent(cls, order: list[str] | None, info: ValidationInfo) -> list[str] | None:
        # A field validator (not a model validator) so the error's location is `order`,
        # which the file reader turns into the line of `order:`. `weights` is declared
        # earlier, so it is already validated and in `info.data` (absent if it was invalid).
        weights = info.data.get("weights")
        if weights is None:
            return order
        if order is not None and weights != "ordered":
            raise ValueError(
                f"`order` is only used with `weights: ordered` (here `weights: {weights}`); "
                "either set `weights: ordered` or remove `order`"
            )
        if weights == "ordered":
            if not order:
                raise ValueError(
                    "`weights: ordered` needs `order`: list the criteria from most to least "
                    "important, e.g. `order: [delivery, cost, interoperability]`"
                )
            repeated = sorted(c for c, k in Counter(order).items() if k > 1)
            if repeated:
                raise ValueError(
                    f"`order` names {', '.join(repeated)} more than once; "
                    "list each criterion once, most important first"
                )
        return order

    def order_indices(self, criteria: Sequence[str]) -> tuple[int, ...]:
        """Column positions of ``order`` within ``criteria`` (the ids in matrix column order).

        Raises ``ValueError`` naming any id that is not a criterion, so a caller that skipped
        the resolver's check still gets a readable message.
        """
        if not self.order:
            return ()
        position = {c: i for i, c in enumerate(criteria)}
        unknown = [c for c in self.order if c not in position]
        if unknown:
            raise ValueError(
                f"`order` names unknown criteria: {', '.join(unknown)}; "
                f"known criteria are {', '.join(criteria)}"
            )
        return tuple(position[c] for c in self.order)
