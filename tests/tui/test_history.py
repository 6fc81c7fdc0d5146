"""Undo / redo records: one entry per change, quick steps of one weight merged, words."""

from __future__ import annotations

from diversify.tui.history import MERGE_S, History, Session, describe

IDS = ("cost", "delivery", "interoperability")
NAMES = {"cost": "Unit cost", "delivery": "Delivery", "interoperability": "Interop"}


def s(*pts: float, locked: tuple[str, ...] = (), profile: str | None = "balanced",
      caps: tuple[tuple[str, float], ...] = ()) -> Session:  # fmt: skip
    return Session(IDS, tuple(float(p) for p in pts), frozenset(locked), profile, caps)


def test_describe_names_what_moved_most_first() -> None:
    assert (
        describe(s(40, 30, 30), s(45, 27, 28), NAMES)
        == "Unit cost 40 → 45, Delivery 30 → 27, 1 more"
    )
    assert describe(s(40, 30, 30), s(40, 30, 30, locked=("cost",)), NAMES) == "lock Unit cost"
    assert describe(s(40, 30, 30, locked=("cost",)), s(40, 30, 30), NAMES) == "unlock Unit cost"
    assert (
        describe(s(40, 30, 30), s(10, 80, 10, profile="speed-first"), NAMES)
        == "profile balanced → speed-first"
    )
    assert describe(s(40, 30, 30), s(40, 30, 30, caps=(("US", 0.45),))) == "US cap the file's → 45%"
    assert describe(s(40, 30, 30), s(40, 30, 30)) == "no change"


def test_undo_redo_walk_the_entries_and_a_new_change_drops_the_undone() -> None:
    h = History(NAMES)
    a, b, c = s(40, 30, 30), s(45, 27, 28), s(45, 27, 28, locked=("cost",))
    h.record(a, b, "weight:cost", now=0.0)
    h.record(b, c, None, now=0.1)
    assert [label for label, _ in h.listing()] == ["Unit cost 40 → 45, Delivery 30 → 27, 1 more",
                                                   "lock Unit cost"]  # fmt: skip
    undone = h.undo()
    assert undone is not None and undone.before == b
    assert h.listing()[-1] == ("lock Unit cost", False)
    redone = h.redo()
    assert redone is not None and redone.after == c
    assert h.redo() is None
    h.undo()
    h.record(b, s(50, 25, 25), "weight:cost", now=5.0)  # a new change: the lock is gone
    assert h.undone == [] and len(h.done) == 2
    assert h.undo() is not None and h.undo() is not None and h.undo() is None


def test_quick_steps_of_one_weight_merge_slow_ones_do_not() -> None:
    h = History(NAMES)
    h.record(s(40, 30, 30), s(41, 30, 29), "weight:cost", now=0.0)
    h.record(s(41, 30, 29), s(42, 29, 29), "weight:cost", now=0.2)
    assert len(h.done) == 1 and h.done[0].before == s(40, 30, 30)
    assert h.done[0].after == s(42, 29, 29)
    h.record(s(42, 29, 29), s(43, 29, 28), "weight:cost", now=0.2 + MERGE_S + 0.1)
    assert len(h.done) == 2
    # Another weight never merges, nor does a change with no key.
    h.record(s(43, 29, 28), s(42, 30, 28), "weight:delivery", now=2.0)
    h.record(s(42, 30, 28), s(42, 30, 28, locked=("cost",)), None, now=2.0)
    assert len(h.done) == 4


def test_stepping_back_to_the_start_leaves_no_entry() -> None:
    h = History(NAMES)
    h.record(s(40, 30, 30), s(41, 30, 29), "weight:cost", now=0.0)
    h.record(s(41, 30, 29), s(40, 30, 30), "weight:cost", now=0.1)
    assert h.done == []
    assert h.record(s(40, 30, 30), s(40, 30, 30)) is None
