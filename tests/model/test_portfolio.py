"""Tests for the scenario's ``portfolio:`` section (model/portfolio.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from diversify.model.portfolio import PortfolioSpec


def errors(**data: object) -> str:
    with pytest.raises(ValidationError) as info:
        PortfolioSpec.model_validate(data)
    return " | ".join(e["msg"] for e in info.value.errors())


def test_defaults_and_a_full_section() -> None:
    empty = PortfolioSpec()
    assert empty.budget is None and empty.caps == {} and empty.frontier_steps == 21
    spec = PortfolioSpec.model_validate(
        {
            "budget": 40000,
            "importance": {"tanks": 2, "submarines": 3},
            "caps": {"US": 0.5, "Europe": 0.6, "KR": 0.3, "DE": 0.2},
            "min_canadian_content": 0.25,
            "min_blocs": 3,
            "force_in": ["tanks.k2"],
            "force_out": ["submarines.virginia"],
            "frontier_steps": 11,
        }
    )
    assert spec.bloc_caps() == {"US": 0.5, "Europe": 0.6}
    assert spec.country_caps() == {"KR": 0.3, "DE": 0.2}
    assert spec.importance["submarines"] == 3


@pytest.mark.parametrize(
    ("share", "fragment"),
    [(-0.1, "greater than or equal to 0"), (1.5, "less than or equal to 1")],
)
def test_caps_must_be_shares(share: float, fragment: str) -> None:
    assert fragment in errors(caps={"US": share})


def test_unknown_bloc_names_are_errors_with_a_hint() -> None:
    msg = errors(caps={"Asia": 0.5})
    assert "`Asia` is not a bloc or a country code" in msg
    assert "US, Europe, ROK, Canada, Other" in msg
    assert "did you mean `Europe`" in errors(caps={"europe": 0.5})
    assert "country codes are upper case: `KR`" in errors(caps={"kr": 0.5})
    assert "`KOR` is not a bloc" in errors(caps={"KOR": 0.5})


def locations(**data: object) -> list[tuple[object, ...]]:
    with pytest.raises(ValidationError) as info:
        PortfolioSpec.model_validate(data)
    return [e["loc"] for e in info.value.errors()]


def test_option_forced_in_and_out_is_an_error_naming_it() -> None:
    msg = errors(force_in=["tanks.k2"], force_out=["subs.kss3", "tanks.k2"])
    assert "option `tanks.k2` is both forced in and forced out" in msg
    assert "remove it from `force_in` or from `force_out`" in msg
    # At the `force_out` entry that clashes, not at the whole section.
    assert locations(force_in=["tanks.k2"], force_out=["subs.kss3", "tanks.k2"]) == [
        ("force_out", 1)
    ]


def test_a_clash_is_reported_beside_another_bad_field() -> None:
    """A field validator, not a model validator: a bad cap does not hide the clash."""
    found = locations(caps={"USA": 0.5}, force_in=["gbad.patriot"], force_out=["gbad.patriot"])
    assert found == [("caps", "USA", "[key]"), ("force_out", 0)]


def test_two_options_forced_in_for_one_capability() -> None:
    msg = errors(force_in=["tanks.k2", "tanks.leopard"])
    assert "`force_in` already names `tanks.k2` for capability `tanks`" in msg
    assert "keep only one" in msg
    assert locations(force_in=["tanks.k2", "tanks.leopard"]) == [("force_in", 1)]
    PortfolioSpec.model_validate({"force_in": ["tanks.k2", "tanks.k2"]})  # the same one twice


def test_every_bad_cap_key_is_reported_at_its_key() -> None:
    assert locations(caps={"USA": 0.5, "US": 0.5, "europe": 0.2}) == [
        ("caps", "USA", "[key]"),
        ("caps", "europe", "[key]"),
    ]


def test_option_references_must_be_capability_dot_option() -> None:
    assert "write the capability id, a dot and the option id" in errors(force_in=["k2"])
    assert "not an option reference" in errors(force_out=["Tanks.K2"])


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"budget": -1}, "greater than or equal to 0"),
        ({"min_canadian_content": 1.2}, "less than or equal to 1"),
        ({"min_blocs": 0}, "greater than or equal to 1"),
        ({"min_blocs": 6}, "less than or equal to 5"),
        ({"min_blocs": True}, "valid integer"),
        ({"frontier_steps": 1}, "greater than or equal to 2"),
        ({"importance": {"tanks": -1}}, "greater than or equal to 0"),
        ({"importance": {"Tanks": 1}}, "should match pattern"),
        ({"budget": float("nan")}, "finite"),
        ({"cap": {"US": 0.5}}, "Extra inputs are not permitted"),
    ],
)
def test_bad_values(data: dict[str, object], fragment: str) -> None:
    assert fragment in errors(**data)
