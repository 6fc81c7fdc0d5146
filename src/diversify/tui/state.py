"""The TUI's editable state, as plain immutable values (no Textual here, so it is unit-testable).

Weights are edited the way a room discusses them: "give delivery five more points".
The total stays where it is (100 for every bundled profile) and the points come from, or
go to, the other criteria in proportion to their current points, so each criterion keeps
its relative standing. A *locked* criterion keeps its points while the others
rebalance. When every point is a whole number, the rebalanced points stay whole (largest
remainder apportionment), so a meeting never has to read "18.75".

Nothing here scores: a :class:`WeightState` is only the shared points the engine is
given (:func:`diversify.engine.scoring.rerank`), and :class:`RankingState` only keeps
the engine's results next to the ranks they replaced, for the "rank change" column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from diversify.engine.results import CapabilityResult

__all__ = ["Edit", "RankingState", "WeightState", "apportion"]

_EPS = 1e-9


def _whole(x: float) -> bool:
    return abs(x - round(x)) < _EPS


def apportion(shares: Sequence[float], total: float) -> list[float]:
    """Split ``total`` in proportion to ``shares``; whole numbers when ``total`` is whole.

    Largest remainder (Hamilton) method: each part gets the floor of its exact quota and
    the leftover units go to the largest remainders, ties to the earlier criterion, so
    the result is deterministic and sums exactly to ``total``. Shares all zero split
    ``total`` equally. A fractional ``total`` is split exactly, without rounding.
    """
    n = len(shares)
    if n == 0:
        return []
    s = float(sum(shares))
    quotas = [total / n] * n if s <= 0 else [total * float(x) / s for x in shares]
    if not _whole(total):
        return quotas
    floors = [math.floor(q + _EPS) for q in quotas]
    left = round(total) - sum(floors)
    order = sorted(range(n), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [float(f) for f in floors]


@dataclass(frozen=True)
class Edit:
    """The outcome of an edit: the new state, and a sentence when the edit was limited."""

    state: WeightState
    note: str | None = None


@dataclass(frozen=True)
class WeightState:
    """Shared criterion weights in points, with the criteria that are locked."""

    ids: tuple[str, ...]
    points: tuple[float, ...]
    locked: frozenset[str] = frozenset()
    basis: tuple[int, tuple[float, ...]] | None = field(default=None, compare=False)
    """(criterion index, every criterion's points) when a run of edits of that criterion
    began: the others make room in proportion to *those* points, not to the rounded
    points of the last step, so → then ← comes back exactly (no drift by a point)."""

    @classmethod
    def from_points(cls, ids: Sequence[str], points: Mapping[str, float]) -> WeightState:
        """Points for ``ids`` in that order (a criterion missing from ``points`` gets 0)."""
        return cls(tuple(ids), tuple(float(points.get(i, 0.0)) for i in ids))

    @property
    def total(self) -> float:
        return float(sum(self.points))

    @property
    def shares(self) -> tuple[float, ...]:
        """Each criterion's share of the total (0..1)."""
        t = self.total
        return tuple(p / t if t > 0 else 0.0 for p in self.points)

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.ids, self.points, strict=True))

    def same_points(self, other: Mapping[str, float]) -> bool:
        """True when ``other`` gives every criterion the same points (to 1e-9)."""
        return all(abs(p - float(other.get(i, 0.0))) < _EPS for i, p in self.as_dict().items())

    def is_locked(self, index: int) -> bool:
        return self.ids[index] in self.locked

    def toggled_lock(self, index: int) -> WeightState:
        cid = self.ids[index]
        locked = self.locked - {cid} if cid in self.locked else self.locked | {cid}
        return replace(self, locked=frozenset(locked), basis=None)

    def with_locks(self, locked: frozenset[str]) -> WeightState:
        """The same points with these criteria locked (those still among the ids)."""
        return replace(self, locked=frozenset(locked & set(self.ids)), basis=None)

    def ceiling(self, index: int) -> float:
        """The most points criterion ``index`` can take: its own plus the unlocked others'."""
        return self.points[index] + sum(
            p
            for j, (cid, p) in enumerate(zip(self.ids, self.points, strict=True))
            if j != index and cid not in self.locked
        )

    def stepped(self, index: int, delta: float) -> Edit:
        """Raise (or lower, ``delta`` < 0) one criterion by ``delta`` points."""
        return self.set(index, self.points[index] + delta)

    def set(self, index: int, value: float) -> Edit:
        """Give criterion ``index`` ``value`` points; the unlocked others absorb the change.

        The value is clamped to what the unlocked others can give (they cannot go below
        zero) and to zero; the note says when that happened. A locked criterion is left
        as it is, with a note saying how to unlock it.
        """
        if not math.isfinite(value):
            return Edit(self, "a weight must be a finite number")
        name = self.ids[index]
        if name in self.locked:
            return Edit(self, f"`{name}` is locked: unlock it first")
        free = [j for j in range(len(self.ids)) if j != index and self.ids[j] not in self.locked]
        old = self.points[index]
        if not free:
            return Edit(self, f"every other weight is locked: unlock one to change `{name}`")
        free_sum = sum(self.points[j] for j in free)
        ceiling = old + free_sum
        note = None
        if value > ceiling + _EPS:
            value, note = ceiling, f"`{name}` is at its maximum: the unlocked weights are at 0"
        if value < 0:
            value, note = 0.0, f"`{name}` is already at 0"
        if abs(value - old) < _EPS:
            return Edit(self, note)
        if value <= _EPS and all(
            self.points[j] <= _EPS for j in range(len(self.ids)) if j != index
        ):
            return Edit(self, "at least one weight must stay above zero")
        points = list(self.points)
        points[index] = value
        base = self.basis[1] if self.basis is not None and self.basis[0] == index else self.points
        new_free = apportion([base[j] for j in free], free_sum - (value - old))
        for j, p in zip(free, new_free, strict=True):
            points[j] = p
        return Edit(replace(self, points=tuple(points), basis=(index, base)), note)

    def normalised(self, target: float = 100.0) -> Edit:
        """Scale to a total of ``target`` points; locked criteria keep theirs if they can."""
        locked_sum = sum(p for i, p in zip(self.ids, self.points, strict=True) if i in self.locked)
        free = [j for j, i in enumerate(self.ids) if i not in self.locked]
        if not free:
            # Every weight locked: a lock means "keep these points", so nothing moves.
            if abs(self.total - target) < _EPS:
                return Edit(self, f"the total is already {target:g}: nothing to normalise")
            return Edit(
                self,
                f"every weight is locked (total {self.total:g}): unlock one so the total "
                f"can become {target:g}",
            )
        if locked_sum <= target + _EPS:
            points = list(self.points)
            for j, p in zip(
                free, apportion([self.points[j] for j in free], target - locked_sum), strict=True
            ):
                points[j] = p
            note = None
        else:
            points = apportion(list(self.points), target)
            note = "the locked weights were scaled too: they alone exceed the target"
        if sum(points) <= 0:
            return Edit(self, "at least one weight must stay above zero")
        return Edit(replace(self, points=tuple(points)), note)


@dataclass(frozen=True)
class RankingState:
    """The engine's latest results, with the ranks shown before the change that made them."""

    results: tuple[CapabilityResult, ...]
    generation: int
    """Counts weight, profile and method changes; the widgets show which one they painted."""
    method: str
    previous: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """capability id -> option id -> rank before the last change (empty at start)."""
    elapsed_ms: float = 0.0
    """How long the engine took to re-rank, for the status line and the benchmark."""

    def ranks(self) -> dict[str, dict[str, int]]:
        return {r.id: {o.option: o.rank for o in r.ranking} for r in self.results}

    def change(self, capability: str, option: str, rank: int) -> int | None:
        """Places gained (+) or lost (-) since the last change; None when not comparable."""
        before = self.previous.get(capability, {}).get(option)
        return None if before is None else before - rank

    def result(self, capability: str) -> CapabilityResult | None:
        for r in self.results:
            if r.id == capability:
                return r
        return None

    def leader_changed(self, capability: str) -> bool:
        """True when the capability's leader is not the one before the last change."""
        res = self.result(capability)
        before = self.previous.get(capability)
        if res is None or not before or not res.ranking:
            return False
        was_first = {o for o, r in before.items() if r == 1}
        return res.ranking[0].option not in was_first
