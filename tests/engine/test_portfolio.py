"""Tests for the portfolio optimiser (engine/portfolio.py).

The reference for the optimiser is exhaustive enumeration (:func:`brute_force`): on small
random instances the MILP must reach the same status and the same optimal value, and its
portfolio must respect every cap, floor and budget, checked here from the raw arrays (not
through the engine's own bookkeeping). Explanations of infeasibility are checked the same
way: the suggested cap or budget must be feasible and a little less must not be.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversify.engine.portfolio import (
    BLOCS,
    HHI_POINTS,
    Constraints,
    PortfolioOption,
    PortfolioProblem,
    brute_force,
    frontier,
    hhi,
    solve,
)
from diversify.model.countries import bloc_of
from diversify.model.portfolio import PortfolioSpec

TOL = 1e-6


def option(cap: str, opt: str, value: float, spend: float, country: str, **kw) -> PortfolioOption:
    return PortfolioOption(cap, opt, value, spend, country, **kw)


def problem(*options: PortfolioOption, importance: dict[str, float] | None = None):
    caps = list(dict.fromkeys(o.capability for o in options))
    return PortfolioProblem.from_options(caps, options, importance)


# --------------------------------------------------------------- independent checks


def shares_of(p: PortfolioProblem, chosen_ids: list[str]) -> tuple[float, dict, dict, float]:
    """Total spend, bloc shares, country shares, local share: from the raw arrays."""
    idx = [p.option_ids.index(o) for o in chosen_ids]
    total = float(sum(p.spend[i] for i in idx))
    country = {c: 0.0 for c in p.countries}
    for i in idx:
        for j, c in enumerate(p.countries):
            country[c] += p.spend[i] * p.country_shares[i, j]
    bloc = {b: 0.0 for b in BLOCS}
    for c, amount in country.items():
        bloc[bloc_of(c)] += amount
    local = float(sum(p.spend[i] * p.local_content[i] for i in idx))
    if total > 0:
        country = {c: v / total for c, v in country.items()}
        bloc = {b: v / total for b, v in bloc.items()}
        local /= total
    return total, bloc, country, local


def assert_respects(p: PortfolioProblem, cons: Constraints, chosen: dict[str, str]) -> None:
    """Every constraint holds for ``chosen``, computed without the engine."""
    ids = list(chosen.values())
    total, bloc, country, local = shares_of(p, ids)
    covered = {p.capabilities[int(p.capability_index[p.option_ids.index(o)])] for o in ids}
    assert len(covered) == len(ids), "one option per capability"
    if cons.budget is not None:
        assert total <= cons.budget * (1 + TOL) + TOL
    if total > 0:
        for b, cap in cons.bloc_caps.items():
            assert bloc[b] <= cap + TOL, (b, bloc[b], cap)
        for c, cap in cons.country_caps.items():
            assert country.get(c, 0.0) <= cap + TOL, (c, country.get(c), cap)
        if cons.min_local_content is not None:
            assert local >= cons.min_local_content - TOL
    if cons.min_blocs is not None:
        blocs = {p.option_bloc[p.option_ids.index(o)] for o in ids}
        assert len(blocs) >= cons.min_blocs
    assert cons.force_in <= set(ids)
    assert not (cons.force_out & set(ids))


# ------------------------------------------------------------- random instances

COUNTRIES = ("US", "DE", "KR", "CA", "JP")


@st.composite
def instances(draw: st.DrawFn) -> tuple[PortfolioProblem, Constraints]:
    """2-5 capabilities x 1-4 options, values and shares on coarse grids (no near-ties
    with the tolerance, so the optimiser and the enumeration see the same feasible set)."""
    n_caps = draw(st.integers(2, 5))
    options = []
    for c in range(n_caps):
        for o in range(draw(st.integers(1, 4))):
            country = draw(st.sampled_from(COUNTRIES))
            content = None
            if draw(st.booleans()):
                other = draw(st.sampled_from([k for k in COUNTRIES if k != country]))
                part = draw(st.integers(1, 5)) / 10
                content = {country: round(1 - part, 1), other: part}
            options.append(
                option(
                    f"c{c}", f"o{o}",
                    value=draw(st.integers(0, 20)) / 20,
                    spend=float(draw(st.integers(0, 20))),
                    country=country,
                    content=content,
                    local_content=draw(st.sampled_from([None, 0.0, 0.2, 0.5, 0.8])),
                )
            )  # fmt: skip
    importance = {f"c{c}": float(draw(st.integers(0, 3))) for c in range(n_caps)}
    p = problem(*options, importance=importance)
    blocs = draw(st.lists(st.sampled_from(BLOCS), unique=True, max_size=3))
    countries = draw(st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=2))
    ids = list(p.option_ids)
    forced = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
    force_in: set[str] = set()
    seen_caps: set[str] = set()
    for ref in forced[:1]:
        force_in.add(ref)
        seen_caps.add(ref.split(".")[0])
    force_out = {ref for ref in forced[1:] if ref not in force_in}
    cons = Constraints(
        budget=draw(st.one_of(st.none(), st.integers(0, 60).map(float))),
        bloc_caps={b: draw(st.integers(0, 20)) / 20 for b in blocs},
        country_caps={c: draw(st.integers(0, 20)) / 20 for c in countries},
        min_local_content=draw(st.one_of(st.none(), st.sampled_from([0.1, 0.3, 0.5]))),
        min_blocs=draw(st.one_of(st.none(), st.integers(1, 3))),
        force_in=frozenset(force_in),
        force_out=frozenset(force_out),
    )
    return p, cons


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solve_matches_brute_force(case: tuple[PortfolioProblem, Constraints]) -> None:
    """Same status and same optimal value as enumeration; every constraint respected."""
    p, cons = case
    got = solve(p, cons)
    ref = brute_force(p, cons)
    if ref is None:
        assert got.status == "infeasible"
        assert got.explanation is not None and got.explanation.conflicts
        return
    assert got.status == "optimal"
    assert np.isclose(got.value, ref.value, rtol=1e-9, atol=1e-9)
    assert_respects(p, cons, dict(got.chosen))
    assert math.isclose(sum(got.share_by_bloc.values()), 1.0) or got.spend == 0
    assert got.value_lost is not None and got.value_lost >= 0
    assert got.value <= got.unconstrained_value + 1e-12


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_suggested_fixes_are_exact(case: tuple[PortfolioProblem, Constraints]) -> None:
    """For an infeasible instance, each suggested cap/budget/floor is feasible with every
    other constraint kept, and a little tighter is not."""
    p, cons = case
    got = solve(p, cons)
    if got.status == "optimal":
        return
    assert got.explanation is not None
    for conflict in got.explanation.conflicts:
        s = conflict.suggestion
        if s is None:
            continue
        if conflict.kind == "bloc_cap":
            ok = replace(cons, bloc_caps={**cons.bloc_caps, conflict.key: min(1.0, s + 1e-9)})
            bad = replace(cons, bloc_caps={**cons.bloc_caps, conflict.key: s - 1e-3})
        elif conflict.kind == "country_cap":
            ok = replace(cons, country_caps={**cons.country_caps, conflict.key: min(1.0, s + 1e-9)})
            bad = replace(cons, country_caps={**cons.country_caps, conflict.key: s - 1e-3})
        elif conflict.kind == "budget":
            ok = replace(cons, budget=s * (1 + 1e-9))
            bad = replace(cons, budget=s - 1e-3) if s >= 1e-3 else None
        elif conflict.kind == "min_local_content":
            ok = replace(cons, min_local_content=max(0.0, s - 1e-9))
            bad = replace(cons, min_local_content=s + 1e-3) if s + 1e-3 <= 1 else None
        else:  # min_blocs
            ok = replace(cons, min_blocs=int(s)) if s >= 1 else None
            bad = replace(cons, min_blocs=int(s) + 1) if s + 1 <= len(BLOCS) else None
        if ok is not None:
            assert brute_force(p, ok) is not None, conflict
        if bad is not None and (conflict.kind != "budget" or s - 1e-3 >= 0):
            assert brute_force(p, bad) is None, conflict


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["US", "Europe", "ROK", "KR", "DE"]))
def test_frontier_matches_brute_force(
    case: tuple[PortfolioProblem, Constraints], target: str
) -> None:
    """Each frontier point is the enumerated optimum at its cap, with share <= cap; the
    sweep starts at the target's share when uncapped and ends at its lowest share."""
    p, cons = case
    is_bloc = target in BLOCS
    others = replace(
        cons,
        bloc_caps={k: v for k, v in cons.bloc_caps.items() if not (is_bloc and k == target)},
        country_caps={k: v for k, v in cons.country_caps.items() if is_bloc or k != target},
    )
    points = frontier(p, cons, target, steps=5)
    base = brute_force(p, others)
    if base is None:
        assert points == []
        return
    assert len(points) == 5
    assert points[0].value == pytest.approx(base.value, abs=1e-9)  # the uncapped optimum
    assert points[0].cap == points[0].share
    for a, b in itertools.pairwise(points):
        assert b.value <= a.value + 1e-9
    for pt in points:
        assert pt.share <= pt.cap + TOL
        capped = (
            replace(others, bloc_caps={**others.bloc_caps, target: pt.cap})
            if is_bloc
            else replace(others, country_caps={**others.country_caps, target: pt.cap})
        )
        ref = brute_force(p, capped)
        assert ref is not None and pt.value == pytest.approx(ref.value, abs=1e-9)
        assert_respects(p, capped, dict(pt.chosen))
    # nothing below the last cap is feasible
    lower = points[-1].cap - 1e-3
    if lower >= 0:
        tighter = (
            replace(others, bloc_caps={**others.bloc_caps, target: lower})
            if is_bloc
            else replace(others, country_caps={**others.country_caps, target: lower})
        )
        assert brute_force(p, tighter) is None


# --------------------------------------------------------------- worked cases


def korea_europe_us() -> PortfolioProblem:
    """Three capabilities; the US option is best for two of them."""
    return problem(
        option("tanks", "k2", 0.9, 30.0, "KR", content={"KR": 0.8, "DE": 0.2}),
        option("tanks", "leopard", 0.8, 40.0, "DE"),
        option("tanks", "abrams", 0.7, 35.0, "US"),
        option("subs", "virginia", 0.9, 200.0, "US"),
        option("subs", "kss3", 0.85, 150.0, "KR", local_content=0.3),
        option("gbad", "nasams", 0.9, 20.0, "NO", content={"NO": 0.5, "US": 0.5}),
        option("gbad", "patriot", 0.95, 50.0, "US"),
    )


def test_content_shares_count_towards_the_content_country() -> None:
    """A KR tank with 20% German content sends 20% of its spend to DE and to Europe."""
    p = problem(option("tanks", "k2", 1.0, 100.0, "KR", content={"KR": 0.8, "DE": 0.2}))
    got = solve(p)
    assert got.chosen == {"tanks": "tanks.k2"}
    assert got.spend_by_country == {"KR": 80.0, "DE": 20.0}
    assert got.share_by_bloc["Europe"] == pytest.approx(0.2)
    assert got.share_by_bloc["ROK"] == pytest.approx(0.8)
    # a DE cap below 20% rules the K2 out: the only candidate, so infeasible
    blocked = solve(p, Constraints(country_caps={"DE": 0.1}))
    assert blocked.status == "infeasible"
    assert blocked.explanation.conflicts[0].suggestion == pytest.approx(0.2)


def test_content_shares_change_the_choice() -> None:
    """Counted by content, the K2 sends 6 of 40 (15%) to Europe: a 14% Europe cap picks
    the lesser Korean-only tank; counted by prime supplier alone it would not."""
    p = problem(
        option("tanks", "k2", 0.9, 30.0, "KR", content={"KR": 0.8, "DE": 0.2}),
        option("tanks", "k1", 0.7, 30.0, "KR"),
        option("subs", "kss3", 0.9, 10.0, "KR"),
    )
    got = solve(p, Constraints(bloc_caps={"Europe": 0.14}))
    assert got.chosen["tanks"] == "tanks.k1"
    assert got.share_by_bloc["Europe"] == 0.0
    at_cap = solve(p, Constraints(bloc_caps={"Europe": 0.15}))
    assert at_cap.chosen["tanks"] == "tanks.k2"  # exactly 15%: a cap is "at or under"
    assert at_cap.constraints[0].tight


def test_solve_reports_shares_hhi_binding_and_value_lost() -> None:
    p = korea_europe_us()
    free = solve(p)
    assert free.chosen == {"tanks": "tanks.k2", "subs": "subs.virginia", "gbad": "gbad.patriot"}
    assert free.value == pytest.approx(2.75)
    assert free.value_lost == 0.0
    got = solve(p, Constraints(bloc_caps={"US": 0.5}), value_costs=True)
    assert got.chosen == {"tanks": "tanks.k2", "subs": "subs.kss3", "gbad": "gbad.patriot"}
    assert got.spend == pytest.approx(230.0)
    assert got.share_by_bloc["US"] == pytest.approx(50 / 230)
    assert sum(got.share_by_bloc.values()) == pytest.approx(1.0)
    assert sum(got.share_by_country.values()) == pytest.approx(1.0)
    assert got.hhi_country == pytest.approx((174**2 + 50**2 + 6**2) / 230**2)  # KR, US, DE
    assert got.value_lost == pytest.approx(0.05)
    (cap,) = got.constraints
    assert cap.label == "US cap" and not cap.tight
    assert cap.slack == pytest.approx(0.5 - 50 / 230)
    assert cap.value_cost == pytest.approx(0.05)  # lifting it gets the Virginia back
    assert got.binding == (cap,)
    json.dumps(got.to_dict())  # renderers can serialise it as is


def test_tight_budget_is_reported_with_its_slack() -> None:
    p = korea_europe_us()
    got = solve(p, Constraints(budget=230.0))
    (budget,) = got.constraints
    assert budget.tight and budget.slack == pytest.approx(0.0)
    assert got.spend == pytest.approx(230.0)


def test_infeasible_cap_is_explained_with_the_smallest_feasible_cap() -> None:
    """Every GBAD candidate has US content: NASAMS (half US) is the least-US choice, and
    the dearer Leopard dilutes it best, so no portfolio gets the US share below
    10 of 210 = 4.76%."""
    p = korea_europe_us()
    cons = Constraints(bloc_caps={"US": 0.04}, budget=250.0)
    got = solve(p, cons)
    assert got.status == "infeasible"
    assert got.chosen == {} and got.value is None
    (conflict,) = got.explanation.conflicts
    assert conflict.label == "US cap"
    lowest = 10 / 210  # leopard 40 + kss3 150 + nasams 20 (10 of it US) = 210
    assert conflict.suggestion == pytest.approx(lowest)
    assert "No portfolio keeps US spend at or under 4.0%" in conflict.message
    assert "gbad" in conflict.message and "at least 4.8%" in conflict.message
    assert solve(p, replace(cons, bloc_caps={"US": lowest})).status == "optimal"
    assert solve(p, replace(cons, bloc_caps={"US": lowest - 1e-3})).status == "infeasible"
    assert got.unconstrained_value == pytest.approx(2.75)


def test_infeasible_budget_is_explained_with_the_smallest_budget() -> None:
    p = korea_europe_us()
    cons = Constraints(budget=100.0, bloc_caps={"US": 0.6})
    got = solve(p, cons)
    (conflict,) = got.explanation.conflicts
    assert conflict.kind == "budget"
    assert conflict.suggestion == pytest.approx(200.0)  # k2 + kss3 + nasams
    assert "Raise the budget to at least 200.0" in conflict.message
    assert solve(p, replace(cons, budget=200.0)).status == "optimal"
    assert solve(p, replace(cons, budget=199.9)).status == "infeasible"


def test_two_caps_in_conflict_are_both_named() -> None:
    """US at most 5% and ROK at most 50% cannot both hold: subs are 3/4 of any budget."""
    p = korea_europe_us()
    got = solve(p, Constraints(bloc_caps={"US": 0.05, "ROK": 0.5}))
    labels = [c.label for c in got.explanation.conflicts]
    assert labels == ["US cap", "ROK cap"]
    assert "cannot all be met together" in got.explanation.summary
    for c in got.explanation.conflicts:
        fixed = Constraints(bloc_caps={"US": 0.05, "ROK": 0.5, c.key: c.suggestion})
        assert solve(p, fixed).status == "optimal"


def test_infeasible_floor_and_min_blocs() -> None:
    p = korea_europe_us()
    floor = solve(p, Constraints(min_local_content=0.5))
    (c,) = floor.explanation.conflicts
    assert c.kind == "min_local_content"
    assert c.suggestion == pytest.approx(45 / 200)  # k2 + kss3 (30% local) + nasams
    assert solve(p, Constraints(min_local_content=c.suggestion)).status == "optimal"
    assert solve(p, Constraints(min_local_content=c.suggestion + 1e-3)).status == "infeasible"
    blocs = solve(p, Constraints(min_blocs=4))
    (c,) = blocs.explanation.conflicts
    assert c.kind == "min_blocs" and c.suggestion == 3  # US, Europe (DE, NO), ROK
    assert "Lower min_blocs to 3" in c.message


def test_caps_on_every_bloc_that_add_up_to_less_than_the_whole() -> None:
    """Caps on all five blocs summing to 80% cannot hold while anything is spent: the
    explanation says so at once, by arithmetic."""
    p = korea_europe_us()
    caps = {"US": 0.3, "Europe": 0.2, "ROK": 0.2, "Canada": 0.05, "Other": 0.05}
    got = solve(p, Constraints(bloc_caps=caps))
    assert got.status == "infeasible"
    assert {c.label for c in got.explanation.conflicts} == {f"{b} cap" for b in caps}
    assert "add up to 80.0%" in got.explanation.summary
    assert "at least 20.0 percentage points" in got.explanation.summary
    assert brute_force(p, Constraints(bloc_caps=caps)) is None


def test_caps_below_the_whole_are_fine_when_nothing_need_be_spent() -> None:
    p = problem(option("a", "free", 0.5, 0.0, "US"), option("a", "paid", 0.9, 10.0, "DE"))
    caps = dict.fromkeys(BLOCS, 0.1)
    got = solve(p, Constraints(bloc_caps=caps))
    assert got.status == "optimal" and got.chosen == {"a": "a.free"}


def synthetic(n_caps: int, n_opts: int, seed: int) -> PortfolioProblem:
    """A seeded programme like the benchmark's: lognormal sizes, mixed content."""
    rng = np.random.default_rng(seed)
    countries = ("US", "DE", "FR", "GB", "NO", "SE", "KR", "CA", "IL", "TR", "AU")
    draw = np.array([30, 10, 8, 8, 5, 5, 14, 8, 5, 4, 3], dtype=float)
    caps = [f"cap{c:02d}" for c in range(n_caps)]
    options = []
    for cap in caps:
        size = rng.lognormal(mean=7.0, sigma=1.0)
        for o in range(n_opts):
            country = "US" if o == 0 else str(countries[rng.choice(11, p=draw / draw.sum())])
            content = None
            if rng.random() < 0.3:
                other = str(rng.choice([k for k in countries if k != country]))
                part = round(float(rng.uniform(0.1, 0.4)), 2)
                content = {country: round(1 - part, 2), other: part}
            value = float(rng.uniform(0.3, 1.0))
            spend = float(size * rng.uniform(0.6, 1.6))
            local = float(rng.uniform(0.0, 0.5)) if rng.random() < 0.6 else None
            options.append(
                option(cap, f"o{o}", value, spend, country, content=content, local_content=local)
            )
    importance = {cap: float(rng.integers(1, 4)) for cap in caps}
    return PortfolioProblem.from_options(caps, options, importance)


def test_work_limits_give_an_honest_partial_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the explanation's solves are cut short, each suggestion is still feasible and
    no smaller than the exact one, and the message says the search was cut short."""
    import diversify.engine.portfolio as pf

    p = synthetic(12, 6, seed=0)
    free = solve(p)
    cons = Constraints(
        bloc_caps={"US": round(0.3 * free.share_by_bloc["US"], 3),
                   "Europe": round(0.8 * free.share_by_bloc["Europe"] + 0.05, 3)},
        budget=0.95 * free.spend,
        min_blocs=3,
    )  # fmt: skip
    exact = {c.label: c for c in solve(p, cons).explanation.conflicts}
    assert set(exact) == {"US cap", "Europe cap"}
    for c in exact.values():  # the full search: least caps, a bit less fails
        assert c.exact
        at = replace(cons, bloc_caps={**cons.bloc_caps, c.key: c.suggestion + 1e-9})
        assert solve(p, at).status == "optimal"
        below = replace(cons, bloc_caps={**cons.bloc_caps, c.key: c.suggestion - 1e-3})
        assert solve(p, below).status == "infeasible"

    monkeypatch.setattr(pf, "_ANALYSIS", pf._Limits(seconds=1e-9))
    monkeypatch.setattr(pf, "_STEP_NODES", 1)
    rough = solve(p, cons).explanation.conflicts
    assert not all(c.exact for c in rough)
    monkeypatch.undo()
    for c in rough:
        if c.suggestion is None:
            assert "work limit" in c.message
            continue
        assert c.suggestion >= exact[c.label].suggestion - 1e-9
        at = replace(cons, bloc_caps={**cons.bloc_caps, c.key: c.suggestion + 1e-9})
        assert solve(p, at).status == "optimal"
        if not c.exact:
            assert "exceeded the solver's work limit" in c.message


def test_time_limit_that_strikes_at_once() -> None:
    p = korea_europe_us()
    got = solve(p, Constraints(bloc_caps={"US": 0.5}), time_limit=1e-9)
    assert got.status in {"optimal", "feasible", "unknown"}
    if got.status == "feasible":
        assert_respects(p, Constraints(bloc_caps={"US": 0.5}), dict(got.chosen))
        assert got.value_bound is not None and got.value_bound >= got.value
    if got.status == "unknown":
        assert "time limit" in got.explanation.summary


def test_min_blocs_forces_a_second_bloc() -> None:
    p = problem(
        option("a", "us1", 1.0, 10.0, "US"),
        option("a", "de1", 0.5, 10.0, "DE"),
        option("b", "us2", 1.0, 10.0, "US"),
        option("b", "kr2", 0.6, 10.0, "KR"),
    )
    assert set(solve(p).chosen.values()) == {"a.us1", "b.us2"}
    got = solve(p, Constraints(min_blocs=2))
    assert got.chosen == {"a": "a.us1", "b": "b.kr2"}  # the cheaper loss of value
    assert brute_force(p, Constraints(min_blocs=2)).value == pytest.approx(got.value)


def test_force_in_and_force_out() -> None:
    p = korea_europe_us()
    got = solve(p, Constraints(force_in=frozenset({"tanks.abrams"})))
    assert got.chosen["tanks"] == "tanks.abrams"
    assert got.value_lost == pytest.approx(0.2)  # unconstrained keeps only force_out
    out = solve(p, Constraints(force_out=frozenset({"subs.virginia", "gbad.patriot"})))
    assert out.chosen == {"tanks": "tanks.k2", "subs": "subs.kss3", "gbad": "gbad.nasams"}
    assert out.value_lost == 0.0  # forced-out options are out of the yardstick too


def test_forced_in_option_in_conflict_with_a_cap() -> None:
    p = korea_europe_us()
    got = solve(p, Constraints(force_in=frozenset({"subs.virginia"}), bloc_caps={"US": 0.5}))
    kinds = {c.kind for c in got.explanation.conflicts}
    assert kinds == {"force_in", "bloc_cap"}
    forced = next(c for c in got.explanation.conflicts if c.kind == "force_in")
    assert "Remove subs.virginia from force_in" in forced.message
    assert forced.fix == "remove subs.virginia from force_in"


def test_capabilities_without_candidates_are_reported_not_crashed() -> None:
    p = PortfolioProblem.from_options(
        ["tanks", "subs", "gbad"],
        [
            option("tanks", "k2", 0.9, 30.0, "KR"),
            option("gbad", "nasams", 0.9, 0.0, "NO"),  # zero spend
            option("gbad", "patriot", 0.9, 50.0, "US"),
        ],
    )
    got = solve(p, Constraints(force_out=frozenset({"tanks.k2"})))
    assert got.status == "optimal"
    assert [(u.capability, u.reason) for u in got.uncovered] == [
        ("tanks", "every candidate option is forced out"),
        ("subs", "no candidate option is left (screening)"),
    ]
    assert got.chosen == {"gbad": "gbad.nasams"}  # equal value: the cheaper wins
    assert got.spend == 0.0 and got.hhi_bloc == 0.0
    assert all(v == 0.0 for v in got.share_by_bloc.values())
    assert brute_force(p, Constraints(force_out=frozenset({"tanks.k2"}))).value == got.value


def test_single_option_capabilities_and_empty_problem() -> None:
    p = problem(option("a", "only", 0.4, 5.0, "CA", local_content=1.0))
    got = solve(p, Constraints(min_local_content=1.0, bloc_caps={"Canada": 1.0}))
    assert got.chosen == {"a": "a.only"} and got.value == pytest.approx(0.4)
    empty = PortfolioProblem.from_options(["a"], [])
    got = solve(empty)
    assert got.status == "optimal" and got.chosen == {} and got.value == 0.0
    assert solve(empty, Constraints(min_blocs=1)).status == "infeasible"


def test_ties_are_broken_towards_the_cheaper_option_every_time() -> None:
    p = problem(
        option("a", "dear", 0.8, 20.0, "US"),
        option("a", "cheap", 0.8, 10.0, "DE"),
        option("a", "same", 0.8, 10.0, "FR"),
        option("b", "x", 0.5, 10.0, "KR"),
    )
    first = solve(p)
    assert first.chosen["a"] == "a.cheap"  # cheaper, then input order
    for _ in range(3):
        assert solve(p) == first
        assert brute_force(p).chosen == first.chosen


# --------------------------------------------------------------------- frontier


def test_frontier_is_monotone_and_respects_each_cap() -> None:
    p = korea_europe_us()
    cons = Constraints(budget=260.0)
    points = frontier(p, cons, "US", steps=11)
    assert len(points) == 11
    free = solve(p, cons)
    assert points[0].share == pytest.approx(free.share_by_bloc["US"])
    assert points[0].value == pytest.approx(free.value)
    for a, b in itertools.pairwise(points):
        assert b.cap < a.cap
        assert b.value <= a.value + 1e-12
    for pt in points:
        assert pt.share <= pt.cap + TOL
        assert_respects(p, replace(cons, bloc_caps={"US": pt.cap}), dict(pt.chosen))
        ref = brute_force(p, replace(cons, bloc_caps={"US": pt.cap}))
        assert ref is not None and pt.value == pytest.approx(ref.value)
    # the last point is the lowest US share any portfolio within budget can reach
    lowest = min(
        shares_of(p, [t, s, g])[1]["US"]
        for t in ("tanks.k2", "tanks.leopard", "tanks.abrams")
        for s in ("subs.virginia", "subs.kss3")
        for g in ("gbad.nasams", "gbad.patriot")
        if shares_of(p, [t, s, g])[0] <= 260.0
    )
    assert points[-1].cap == pytest.approx(lowest)
    assert frontier(p, cons, "US", steps=11) == points  # deterministic


def test_frontier_for_a_country_and_an_impossible_rest() -> None:
    p = korea_europe_us()
    pts = frontier(p, None, "KR", steps=3)
    assert pts[0].share >= pts[-1].share
    assert frontier(p, Constraints(budget=1.0), "US") == []
    with pytest.raises(ValueError, match="not a bloc or a country code"):
        frontier(p, None, "Asia")


# --------------------------------------------------------------------------- HHI


def test_hhi_doj_worked_example() -> None:
    """U.S. Department of Justice, Antitrust Division, "Herfindahl-Hirschman Index"
    (justice.gov/atr/herfindahl-hirschman-index): four firms with shares of 30, 30, 20
    and 20 percent give an HHI of 2,600."""
    expected = 2600
    assert np.allclose(hhi([0.3, 0.3, 0.2, 0.2]) * HHI_POINTS, expected)


@pytest.mark.parametrize("n", [1, 2, 5, 40])
def test_hhi_equal_split_is_one_over_n(n: int) -> None:
    assert hhi(np.full(n, 1 / n)) == pytest.approx(1 / n)


def test_hhi_bad_inputs() -> None:
    assert hhi([0.0, 0.0]) == 0.0
    with pytest.raises(ValueError, match="sum to 1"):
        hhi([0.5, 0.4])
    with pytest.raises(ValueError, match="zero or more"):
        hhi([1.5, -0.5])


# -------------------------------------------------------------------- bad input


def test_bad_constraints_are_plain_errors() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Constraints(bloc_caps={"US": 1.5})
    with pytest.raises(ValueError, match="`Asia` is not a bloc"):
        Constraints(bloc_caps={"Asia": 0.5})
    with pytest.raises(ValueError, match="both forced in and forced out"):
        Constraints(force_in=frozenset({"a.x"}), force_out=frozenset({"a.x"}))
    with pytest.raises(ValueError, match="budget"):
        Constraints(budget=-1.0)
    with pytest.raises(ValueError, match="min_blocs"):
        Constraints(min_blocs=0)
    p = korea_europe_us()
    with pytest.raises(ValueError, match="not among the candidate options"):
        solve(p, Constraints(force_in=frozenset({"tanks.t90"})))
    with pytest.raises(ValueError, match="one option per capability"):
        solve(p, Constraints(force_in=frozenset({"tanks.k2", "tanks.leopard"})))


def test_bad_problems_are_plain_errors() -> None:
    with pytest.raises(ValueError, match=r"add up to 0\.9, not 1"):
        problem(option("a", "x", 0.5, 1.0, "KR", content={"KR": 0.7, "DE": 0.2}))
    with pytest.raises(ValueError, match=r"0\.\.1"):
        problem(option("a", "x", 1.5, 1.0, "KR"))
    with pytest.raises(ValueError, match="zero or more"):
        problem(option("a", "x", 0.5, -1.0, "KR"))
    with pytest.raises(ValueError, match="not a capability"):
        PortfolioProblem.from_options(["a"], [option("b", "x", 0.5, 1.0, "KR")])


def test_constraints_from_spec() -> None:
    spec = PortfolioSpec(
        budget=100, caps={"US": 0.5, "KR": 0.3}, min_canadian_content=0.1, min_blocs=2,
        force_in=["tanks.k2"], force_out=["subs.virginia"],
    )  # fmt: skip
    cons = Constraints.from_spec(spec)
    assert cons.bloc_caps == {"US": 0.5} and cons.country_caps == {"KR": 0.3}
    assert cons.budget == 100 and cons.min_local_content == 0.1 and cons.min_blocs == 2
    assert cons.force_in == {"tanks.k2"} and cons.force_out == {"subs.virginia"}
    got = solve(korea_europe_us(), cons)
    assert got.status == "infeasible"  # budget 100 < cheapest 200
