"""Weight editing rules: the total is kept, the unlocked others make room, locks hold."""

from __future__ import annotations

import pytest

from diversify.tui.state import WeightState, apportion

IDS = ("cost", "delivery", "interoperability")


def state(*points: float, locked: tuple[str, ...] = ()) -> WeightState:
    return WeightState(IDS, tuple(float(p) for p in points), frozenset(locked))


def test_apportion_largest_remainder_whole_and_exact() -> None:
    """Hamilton's method: floors 29, 29, one unit left, tie goes to the earlier criterion."""
    assert apportion([30, 30], 59) == [30.0, 29.0]
    assert apportion([1, 1, 1], 100) == [34.0, 33.0, 33.0]
    assert apportion([0, 0], 10) == [5.0, 5.0]
    assert apportion([1, 3], 2.5) == pytest.approx([0.625, 1.875])
    assert sum(apportion([7, 11, 13, 17], 100)) == 100


def test_raise_by_one_takes_from_the_others_in_proportion() -> None:
    edit = state(40, 30, 30).stepped(0, 1)
    assert edit.state.points == (41, 30, 29)
    assert edit.state.total == 100
    assert edit.note is None


def test_lower_by_five_gives_to_the_others_in_proportion() -> None:
    assert state(40, 30, 30).stepped(0, -5).state.points == (35, 33, 32)


def test_locked_weight_keeps_its_points() -> None:
    edit = state(40, 30, 30, locked=("cost",)).stepped(1, 5)
    assert edit.state.points == (40, 35, 25)


def test_locked_weight_cannot_be_changed_and_says_how_to() -> None:
    s = state(40, 30, 30, locked=("cost",))
    edit = s.stepped(0, 1)
    assert edit.state == s
    assert edit.note is not None and "locked" in edit.note


def test_every_other_locked_refuses() -> None:
    s = state(40, 30, 30, locked=("delivery", "interoperability"))
    edit = s.set(0, 50)
    assert edit.state == s
    assert edit.note is not None and "unlock one" in edit.note


def test_clamped_at_what_the_unlocked_others_can_give() -> None:
    edit = state(40, 30, 30, locked=("delivery",)).set(0, 90)
    assert edit.state.points == (70, 30, 0)
    assert edit.note is not None and "maximum" in edit.note


def test_floor_at_zero_and_one_weight_stays_positive() -> None:
    assert state(2, 49, 49).stepped(0, -5).state.points == (0, 50, 50)
    only = state(100, 0, 0)
    edit = only.set(0, 0)
    assert edit.state == only
    assert edit.note is not None and "above zero" in edit.note


def test_typed_fraction_keeps_the_total_exactly() -> None:
    edit = state(40, 30, 30).set(0, 12.5)
    assert edit.state.points[0] == 12.5
    assert edit.state.total == pytest.approx(100)


def test_normalise_to_100_keeps_locked_points() -> None:
    assert state(2, 1, 1).normalised().state.points == (50, 25, 25)
    assert state(20, 10, 10, locked=("cost",)).normalised().state.points == (20, 40, 40)
    edit = state(150, 10, 10, locked=("cost",)).normalised()
    assert edit.state.total == 100
    assert edit.note is not None and "locked" in edit.note


def test_lock_toggles_and_same_points() -> None:
    s = state(40, 30, 30).toggled_lock(1)
    assert s.locked == {"delivery"}
    assert s.toggled_lock(1).locked == frozenset()
    assert s.same_points({"cost": 40, "delivery": 30, "interoperability": 30})
    assert not s.same_points({"cost": 41, "delivery": 30, "interoperability": 29})
    assert s.shares == pytest.approx((0.4, 0.3, 0.3))


def test_steps_of_one_criterion_come_back_exactly() -> None:
    """→ then ←: 40/30/30 -> 41/30/29 -> 40/30/30 (the others split from where the run began).

    Apportioning from the last step's rounded points would give 40/31/29 (30:29 of 60).
    """
    s = state(40, 30, 30)
    up = s.stepped(0, 1).state
    assert up.points == (41, 30, 29)
    assert up.stepped(0, -1).state.points == (40, 30, 30)
    many = s
    for delta in (5, 5, 1, -1, -5, -5):
        many = many.stepped(0, delta).state
    assert many.points == (40, 30, 30)
    # Another criterion starts a new run from the points it finds.
    other = up.stepped(1, 1).state
    assert other.points == (40, 31, 29)


def test_normalise_with_every_weight_locked_moves_nothing_and_says_why() -> None:
    every = ("cost", "delivery", "interoperability")
    edit = state(40, 30, 30, locked=every).normalised()
    assert edit.state.points == (40, 30, 30)
    assert edit.note is not None and "already 100" in edit.note
    edit = state(20, 10, 10, locked=every).normalised()
    assert edit.state.points == (20, 10, 10)
    assert edit.note is not None and "every weight is locked" in edit.note


def test_ceiling_is_own_points_plus_the_unlocked_others() -> None:
    assert state(40, 30, 30).ceiling(0) == 100
    assert state(40, 30, 30, locked=("cost",)).ceiling(1) == 60
    assert state(40, 30, 30, locked=("delivery", "interoperability")).ceiling(0) == 40
