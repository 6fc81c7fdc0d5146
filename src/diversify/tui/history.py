"""Undo and redo for the room's changes: weights, locks, profiles and portfolio caps.

A meeting tries things ("what if delivery mattered more?") and wants to go back. Every
change the app makes to the session is recorded as an :class:`Entry`: the session before
and after it (:class:`Session`, plain immutable values) and a sentence for the history
list, made from the difference (:func:`describe`), so no screen has to word its own.
Steps of the same weight a moment apart (a held ``→``) make one entry, so one undo takes
the whole walk back; anything else starts a new one. Undo restores ``before``, redo
``after``; a new change after an undo drops the undone entries, as editors do.

No Textual here: unit-tested on its own (``tests/tui/test_history.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from diversify.tui.format import points

__all__ = ["MERGE_S", "Entry", "History", "Session", "describe"]

MERGE_S = 1.5
"""Steps of one weight closer together than this (seconds) are one entry."""


@dataclass(frozen=True)
class Session:
    """What undo puts back: the points, the locks, the profile and the edited caps."""

    ids: tuple[str, ...]
    points: tuple[float, ...]
    locked: frozenset[str] = frozenset()
    profile: str | None = None
    caps: tuple[tuple[str, float], ...] = ()
    """Portfolio caps edited this session (bloc -> share), sorted by bloc."""

    def cap_dict(self) -> dict[str, float]:
        return dict(self.caps)


@dataclass(frozen=True)
class Entry:
    """One change: the session before and after it, and what it was, in words."""

    before: Session
    after: Session
    label: str
    key: str | None = None
    """Changes with the same key a moment apart merge (``weight:<criterion>``)."""
    at: float = 0.0
    """When it was last changed (monotonic seconds), for merging."""


def _cap(share: float | None) -> str:
    """An edited cap as shown; None: no edit, the scenario file's own cap."""
    return "the file's" if share is None else f"{100 * share:.0f}%"


def describe(before: Session, after: Session, names: Mapping[str, str] | None = None) -> str:
    """The change from ``before`` to ``after`` in a few words, e.g. ``Unit cost 40 → 45``."""
    names = names or {}
    parts: list[str] = []
    if before.profile != after.profile:
        parts.append(f"profile {before.profile or 'scenario'} → {after.profile or 'scenario'}")
    for cid in sorted(after.locked - before.locked, key=after.ids.index):
        parts.append(f"lock {names.get(cid, cid)}")
    for cid in sorted(before.locked - after.locked, key=after.ids.index):
        parts.append(f"unlock {names.get(cid, cid)}")
    old_caps, new_caps = before.cap_dict(), after.cap_dict()
    for bloc in sorted(set(old_caps) | set(new_caps)):
        if old_caps.get(bloc) != new_caps.get(bloc):
            parts.append(f"{bloc} cap {_cap(old_caps.get(bloc))} → {_cap(new_caps.get(bloc))}")
    if before.profile == after.profile and before.points != after.points:
        moved = [
            (abs(b - a), cid, b, a)
            for cid, b, a in zip(after.ids, before.points, after.points, strict=True)
            if abs(b - a) > 1e-9
        ]
        moved.sort(key=lambda m: (-m[0], after.ids.index(m[1])))
        shown = [f"{names.get(cid, cid)} {points(b)} → {points(a)}" for _, cid, b, a in moved]
        if len(shown) > 2:
            shown = [*shown[:2], f"{len(shown) - 2} more"]
        parts.append(", ".join(shown))
    return "; ".join(parts) or "no change"


@dataclass
class History:
    """The session's changes, oldest first, with the ones undone waiting for a redo."""

    names: Mapping[str, str] = field(default_factory=dict)
    """Criterion id -> name, for the sentences."""
    done: list[Entry] = field(default_factory=list)
    undone: list[Entry] = field(default_factory=list)
    """Most recently undone last."""

    def record(
        self, before: Session, after: Session, key: str | None = None, now: float = 0.0
    ) -> Entry | None:
        """Note a change (nothing when nothing changed); merge it with the last if it may."""
        if before == after:
            return None
        last = self.done[-1] if self.done else None
        if (
            key is not None
            and last is not None
            and not self.undone
            and last.key == key
            and last.after == before
            and now - last.at < MERGE_S
        ):
            if last.before == after:  # walked back to where it started: no change at all
                self.done.pop()
                return None
            merged = Entry(last.before, after, describe(last.before, after, self.names), key, now)
            self.done[-1] = merged
            return merged
        entry = Entry(before, after, describe(before, after, self.names), key, now)
        self.done.append(entry)
        self.undone.clear()
        return entry

    def undo(self) -> Entry | None:
        """The last change, now undone (restore its ``before``); None when there is none."""
        if not self.done:
            return None
        entry = self.done.pop()
        self.undone.append(entry)
        return entry

    def redo(self) -> Entry | None:
        """The last undone change, now redone (restore its ``after``); None when none."""
        if not self.undone:
            return None
        entry = self.undone.pop()
        self.done.append(entry)
        return entry

    def listing(self) -> Sequence[tuple[str, bool]]:
        """Every change, oldest first, with whether it is in effect (False: undone)."""
        return [(e.label, True) for e in self.done] + [
            (e.label, False) for e in reversed(self.undone)
        ]
