"""Warnings for data that validates but is probably wrong, or not backed by a source.

Each check here finds something the models accept, because it can be right, but that a
planner who copied the bundled scenario and edited it most likely did not mean: a figure
whose ``source:`` was deleted (the evidence appendix would show a blank), a deal or a
figure dated after the day of the run (a typed year), two deals of one option whose unit
prices differ a hundredfold (millions typed as billions), a weight profile that leaves a
criterion out (its points silently count 0). None stops a run: each is a located warning
(``validate`` prints it; the unsourced, spread and profile warnings also travel with the
results), so the planner decides.

The checks take a ``warn(file, path, value, message)`` callback, the resolver's, so that
each warning points at the line to look at.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from diversify.model.costing import DealCost
from diversify.model.figures import Measured, Provenance
from diversify.model.suppliers import SuppliersFile

Path = tuple[str | int, ...]
Warn = Callable[[str, Path, Any, str], None]

SPREAD_LIMIT = 10.0
"""Most that two deals of one option may differ per unit (after escalation and conversion)
before a warning says so: package scope explains a factor of two or three, not ten."""


def _join(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


# --------------------------------------------------------------------------------------
# Every figure sourced
# --------------------------------------------------------------------------------------


def _unsourced_figures(opt: Any) -> Iterator[tuple[Path, str, Any]]:
    """(path, name, bare value or None) of each figure of an option that names no source.

    A figure written ``unknown`` is a gap, not a claim: it needs no source (its `basis`
    says what was searched).
    """
    for cid, raw in opt.values.items():
        if isinstance(raw, Measured):
            if raw.value != "unknown" and not raw.source:
                yield ("values", cid), cid, None
        elif raw != "unknown":
            yield ("values", cid), cid, raw
    for j, deal in enumerate(opt.deals):
        if deal is not None and not deal.source:
            yield ("deals", j), f"deal `{deal.id}`", None
    for name in ("unit_cost", "support", "local_content"):
        figure = getattr(opt, name, None)
        if isinstance(figure, Provenance) and not figure.source:
            yield (name,), f"`{name}`", None
        elif name == "local_content" and figure is not None and not isinstance(figure, Provenance):
            yield (name,), f"`{name}`", figure


def unsourced(warn: Warn, key: str, sup: SuppliersFile) -> None:
    """One warning per option (and per capability) whose figures name no source.

    The project's rule is that every figure says where it comes from, and estimates say
    so with a range: a figure without ``source:`` scores as well as any other, so only
    the empty cell in the evidence appendix would show the gap. One warning per option,
    at its first unsourced figure, names them all (a quick what-if file of bare numbers
    gets one line per option, not one per number).
    """
    cap = sup.capability
    missing = [
        name
        for name in ("budget", "support")
        if isinstance(getattr(cap, name, None), Provenance) and not getattr(cap, name).source
    ]
    if missing:
        names = [f"`{n}`" for n in missing]
        warn(key, ("capability", missing[0]), None,
             f"the capability's {_join(names)} {'names' if len(names) == 1 else 'name'} no "
             "source: add `source:` (outlet and date; \"Analyst's estimate\" for your own, "
             "with `estimate: true` and a range)")  # fmt: skip
    for i, opt in enumerate(sup.options):
        if opt is None:
            continue
        found = list(_unsourced_figures(opt))
        if not found:
            continue
        names = [name for _, name, _ in found]
        bare = next(((name, value) for _, name, value in found if value is not None), None)
        one = len(names) == 1
        example = f', e.g. `{bare[0]}: {{value: {_yaml(bare[1])}, source: "…"}}`' if bare else ""
        warn(key, ("options", i, *found[0][0]), None,
             f"`{opt.id}`: {_join(names)} {'names' if one else 'name'} no source, so the "
             f"evidence appendix shows {'it' if one else 'them'} blank: add "
             f"{'a' if one else 'to each a'} `source:` (outlet and date; \"Analyst's "
             f"estimate\" for your own, with `estimate: true` and a range){example}")  # fmt: skip


def _yaml(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------
# Dates after today
# --------------------------------------------------------------------------------------


def first_day(text: str) -> _dt.date | None:
    """The first day a year, year-month or date can mean (``2031`` -> 2031-01-01)."""
    try:
        parts = [int(p) for p in text.split("-")]
        return _dt.date(*[*parts, 1, 1][:3])
    except (ValueError, TypeError):
        return None


def _dates(model: Any, path: Path) -> Iterator[tuple[Path, str, str]]:
    """(path, field, text) of every provenance date (``as_of``, a deal's ``date``) inside
    ``model``. Planned dates (``need_by``, ``contract_date``) are not provenance: they
    are meant to lie ahead, and are not visited."""
    if isinstance(model, BaseModel):
        names = model._date_fields if isinstance(model, Provenance) else ("as_of",)
        for name in names:
            value = getattr(model, name, None)
            if isinstance(value, str):
                yield (*path, name), name, value
        for name in type(model).model_fields:
            yield from _dates(getattr(model, name, None), (*path, name))
    elif isinstance(model, list | tuple):
        for i, item in enumerate(model):
            yield from _dates(item, (*path, i))
    elif isinstance(model, Mapping):
        for k, item in model.items():
            yield from _dates(item, (*path, k))


def future_dates(warn: Warn, key: str, model: Any, today: _dt.date) -> None:
    """A deal or a figure dated after ``today``: almost always a mistyped year.

    A signed deal and a reported figure describe the past; an expected date belongs in
    ``basis`` or ``note`` (and a deal not yet signed is an ``offer``, dated when made).
    ``today`` is the day of the run: these warnings are printed, never written into a
    result, so that the same inputs give the same outputs on any day.
    """
    for path, name, text in _dates(model, ()):
        day = first_day(text)
        if day is None or day <= today:
            continue
        what = (
            "a deal is dated when it was signed (or offered)"
            if name == "date"
            else "a figure cannot be true as of a day that has not come"
        )
        warn(key, path, text,
             f"`{name}: {text}` is after today ({today.isoformat()}): {what}; check the year "
             "(an expected date belongs in `basis` or `note`)")  # fmt: skip


# --------------------------------------------------------------------------------------
# Deals of one option a hundredfold apart
# --------------------------------------------------------------------------------------


def deal_spread(
    warn: Warn, key: str, base: Path, opt_id: str, costs: Sequence[DealCost], currency: str,
    base_year: int,
) -> None:  # fmt: skip
    """Two deals of one option whose unit prices, brought to one year and currency, differ
    more than :data:`SPREAD_LIMIT` times: a slip of units, most often millions typed as
    billions (``amount: 6.7`` for US$6.7B, which makes the unit cost nearly 0).

    Compared before the scope adjustments (a package explains a factor of two, not ten):
    ``amount / units``, escalated to the base year and converted.
    """
    priced = [(c.unit * c.escalation.value * c.rate, c.deal.id, c) for c in costs]
    if len(priced) < 2:
        return
    low = min(priced, key=lambda p: (p[0], p[1]))
    high = max(priced, key=lambda p: (p[0], p[1]))
    if high[0] <= 0 or (low[0] > 0 and high[0] <= low[0] * SPREAD_LIMIT):
        return
    fold = f"{high[0] / low[0]:,.0f}-fold" if low[0] > 0 else "without bound"
    d = low[2].deal
    warn(key, (*base, "deals"), None,
         f"`{opt_id}`'s deals differ {fold} per unit (in {base_year} {currency}): `{low[1]}` "
         f"{low[0]:,.4g} million a unit, `{high[1]}` {high[0]:,.4g}; check `amount`, in "
         f"millions of its currency (US$6.7B is 6700, not 6.7: `{low[1]}` has {d.amount:g} "
         f"{d.currency} m for {d.units:g} units), and `units`")  # fmt: skip


# --------------------------------------------------------------------------------------
# Weight profiles that leave criteria out
# --------------------------------------------------------------------------------------


def profile_gaps(
    warn: Warn, key: str, profiles: Mapping[str, Mapping[str, float]], shared: Sequence[str]
) -> None:
    """A profile that leaves out one of the shared criteria gives it 0 points, silently.

    Points are relative (each profile is scaled to 100%), so a total other than 100 is
    not wrong in itself; but a criterion left out is most often one deleted by mistake,
    and the others then share its points. Said at the profile, with its total when it is
    not 100 (the bundled file's profiles each add up to 100).
    """
    for name, points in profiles.items():
        missing = [cid for cid in shared if cid not in points]
        if not missing:
            continue
        total = sum(points.values())
        listed = _join([f"`{m}`" for m in missing])
        summed = (
            f"; its points add up to {total:g}, not 100, and are scaled to 100%"
            if total != 100
            else ""
        )
        they = "it counts" if len(missing) == 1 else "they count"
        warn(key, ("profiles", name), None,
             f"profile `{name}` gives no points to {listed}, so {they} 0 under this "
             f"profile{summed}: add `{missing[0]}: …` (write 0 to leave it out on "
             "purpose)")  # fmt: skip
