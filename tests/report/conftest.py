"""Hand-built scoring results for the renderer tests.

The renderers read result objects and never score, so their tests build those objects
by hand here: they do not depend on the scoring pipeline, and every number a test
checks is visible below. Contributions are weight x value, so they sum to the score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import MappingProxyType

import pytest

from diversify.engine.results import (
    CapabilityResult,
    CriterionInfo,
    RankedOption,
    ScenarioResult,
    ScreenedOut,
)
from diversify.report.bundle import ReportBundle

SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'
CMD = "=cmd|' /C calc'!A0"
SUM = "@SUM(1+1)"

WEIGHTS = {"cost": 0.3, "delivery": 0.2, "interoperability": 0.25, "itb": 0.25}
POINTS = {"cost": 30.0, "delivery": 20.0, "interoperability": 25.0, "itb": 25.0}

CRITERIA = (
    CriterionInfo("cost", "Unit acquisition cost", "USD million per unit", "min", "linear",
                  (25.0, 18.7)),
    CriterionInfo("delivery", "Delivery", "months", "min", "linear", (30.0, 4.0)),
    CriterionInfo("interoperability", "NATO interoperability", None, "max", "levels"),
    CriterionInfo("itb", "Industrial participation (ITB)", None, "max", "levels"),
)  # fmt: skip


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _option(
    option: str,
    system: str,
    supplier: str,
    country: str,
    bloc: str,
    rank: int,
    values: dict[str, float],
    raw: dict[str, float | str | None],
    *,
    additive: bool,
    score: float | None = None,
    extras: dict[str, float | bool] | None = None,
    unit_cost: float | None = None,
) -> RankedOption:
    contributions = {c: round(WEIGHTS[c] * v, 12) for c, v in values.items()}
    return RankedOption(
        option=option,
        system=system,
        supplier=supplier,
        country=country,
        bloc=bloc,
        rank=rank,
        score=round(sum(contributions.values()), 12) if score is None else score,
        values=MappingProxyType(values),
        raw=MappingProxyType(raw),
        contributions=MappingProxyType(contributions) if additive else None,
        extras=MappingProxyType(extras or {}),
        unit_cost=unit_cost,
    )


def build_result(
    *, method: str = "mavt", hostile: bool = False, higher_is_better: bool = True
) -> ScenarioResult:
    """A two-capability result: tanks (three ranked, one screened out), submarines (none left).

    ``method="mavt"`` gives an additive result with contributions; any other method gives
    PROMETHEE-like net flows (negative scores allowed) with method figures in ``extras``.
    ``hostile=True`` puts markup and spreadsheet formulas into every free-text field.
    """
    additive = method == "mavt"
    k2_supplier = SCRIPT if hostile else "Hyundai Rotem"
    leo_supplier = HYPERLINK if hostile else "KNDS Deutschland"
    abrams_system = CMD if hostile else "M1A2 SEPv3 Abrams"
    scores = {"k2": 0.42, "leo": -0.08, "abrams": -0.34}
    extras: dict[str, dict[str, float | bool]] = {
        "k2": {"phi_plus": 0.61, "phi_minus": 0.19, "acceptable": True},
        "leo": {"phi_plus": 0.37, "phi_minus": 0.45, "acceptable": True},
        "abrams": {"phi_plus": 0.22, "phi_minus": 0.56, "acceptable": False},
    }
    if not additive and not higher_is_better:  # e.g. VIKOR's Q: lower is better
        scores = {"k2": 0.0, "leo": 0.55, "abrams": 1.0}

    def opt(key: str, *args: object, **kw: object) -> RankedOption:
        if not additive:
            kw.update(score=scores[key], extras=extras[key])
        return _option(key, *args, additive=additive, **kw)  # type: ignore[arg-type]

    ranking = (
        opt("k2", "K2 Black Panther", k2_supplier, "KR", "ROK", 1,
            {"cost": 1.0, "delivery": 1.0, "interoperability": 0.8, "itb": 0.75},
            {"cost": 18.7, "delivery": 4.0, "interoperability": "in_service_with_allies",
             "itb": "local_assembly"}, unit_cost=18.7),
        opt("leo", "Leopard 2A8", leo_supplier, "DE", "Europe", 2,
            {"cost": 0.0, "delivery": 0.5, "interoperability": 1.0, "itb": 0.5},
            {"cost": 25.0, "delivery": 17.0, "interoperability": "widely_in_service",
             "itb": "in_service_support_local"}, unit_cost=25.0),
        opt("abrams", abrams_system, "General Dynamics Land Systems", "US", "US", 3,
            {"cost": 0.4, "delivery": 0.0, "interoperability": 1.0, "itb": 0.25},
            {"cost": 22.18, "delivery": 30.0, "interoperability": "widely_in_service",
             "itb": "offsets_only" if not hostile else "+1"}, unit_cost=22.18),
    )  # fmt: skip
    tanks = CapabilityResult(
        id="tanks",
        name="Main battle tanks <MBT> & kit" if hostile else "Main battle tanks",
        quantity=100,
        budget=4000.0,
        criteria=CRITERIA,
        weights=MappingProxyType(WEIGHTS),
        ranking=ranking,
        screened_out=(
            ScreenedOut(
                option="t90", system="T-90MS", supplier="-1" if hostile else "Uralvagonzavod",
                country="RU", bloc="Other", criterion="delivery",
                reason=(f"{SUM} | delivery <b>96</b> months" if hostile
                        else "Delivery 96 months exceeds the must-meet maximum of 72"),
            ),
        ),
        higher_is_better=higher_is_better,
        additive=additive,
        warnings=("abrams: source is a 2019 figure | check <date>",) if hostile else (),
    )  # fmt: skip
    subs = CapabilityResult(
        id="submarines",
        name="Submarines",
        quantity=12,
        budget=None,
        criteria=CRITERIA,
        weights=MappingProxyType(WEIGHTS),
        ranking=(),
        screened_out=(
            ScreenedOut("kss3", "KSS-III", "Hanwha Ocean", "KR", "ROK", "delivery",
                        "Delivery 84 months exceeds the must-meet maximum of 72"),
            ScreenedOut("a26", "A26", "Saab Kockums", "SE", "Europe", "delivery",
                        "Delivery 120 months exceeds the must-meet maximum of 72"),
        ),
        higher_is_better=higher_is_better,
        additive=additive,
        warnings=("every option was screened out",),
    )  # fmt: skip
    return ScenarioResult(
        scenario=f"Canada 2026 {SCRIPT}" if hostile else "Canada 2026 land and maritime options",
        method=method,
        method_params=MappingProxyType({} if additive else {"preference": "linear"}),
        weights=MappingProxyType(WEIGHTS),
        weights_points=MappingProxyType(POINTS),
        weights_origin="profile balanced",
        currency="USD",
        capabilities=(tanks, subs),
        version="0.1.0",
        inputs=MappingProxyType(
            {
                "scenario.yaml": _sha("scenario"),
                "criteria/default.yaml": _sha("criteria"),
                ("suppliers/<evil>.yaml" if hostile else "suppliers/tanks.yaml"): _sha("tanks"),
            }
        ),
        rates=MappingProxyType({"EUR": 1.08, "CAD": 0.73}),
        rates_source="Bank of Canada annual average 2025",
        seed=7,
        warnings=(f"weights file says {SCRIPT}",) if hostile else (),
    )


@pytest.fixture
def result() -> ScenarioResult:
    """An additive (MAVT) result with plain, well-behaved text."""
    return build_result()


@pytest.fixture
def bundle(result: ScenarioResult) -> ReportBundle:
    return ReportBundle(result)


@pytest.fixture
def hostile_result() -> ScenarioResult:
    """The MAVT result with markup and formulas in every free-text field."""
    return build_result(hostile=True)


@pytest.fixture
def promethee_result() -> ScenarioResult:
    """A non-additive result: net flows (some negative), method figures, no contributions."""
    return build_result(method="promethee2")


@pytest.fixture
def make_result() -> Callable[..., ScenarioResult]:
    """The builder itself, for tests that need another combination."""
    return build_result
