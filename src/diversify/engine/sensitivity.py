"""Weight sensitivity: one-way stability intervals, switch points, and "what would it take".

Hand-written: no Python library offers these (scikit-criteria has rank-reversal checks
but no weight stability analysis; the references are Visual PROMETHEE's and D-Sight's
"walking weights" and stability intervals, and Hiview's sensitivity plots).

**One-way sensitivity** (:func:`one_way`): criterion j's weight t runs from 0 to 1 while
the other weights keep their ratios,

    w(t) = t e_j + (1 - t) r,   r = w_{-j} / sum(w_{-j})   (r_j = 0),

the usual convention of decision-analysis software (e.g. Hiview, Logical Decisions) and of
Triantaphyllou & Sanchez (1997, Decision Sciences 28(1):151-194) for the weighted sum.
(If criterion j holds all the weight, the others have no ratio to keep; they are then
taken as equal.) For an additive model every score is a straight line in t,
u_i(t) = a_i + b_i t with a_i = (V r)_i and b_i = v_ij - a_i, so every pair of options
swaps places at most once, at t* = (a_k - a_i) / (b_i - b_k). All crossings are computed
at once (vectorised over the m(m-1)/2 pairs) and are exact. From them come:

* the switch points: each weight at which two options swap places, who overtakes whom as
  the weight rises, and the ranks they hold just before and after;
* the ranking and the leader on each interval of t between switch points;
* the stability interval of the leader: the closed interval of t around the current
  weight in which the current leader still scores at least as much as every other option
  (a tie at an end point is allowed); and the interval in which the whole ranking stays
  the same. Both are intersections of half-lines {t : u_p(t) >= u_q(t)}, one per pair.

Ranks are 1-based, ties between equal scores go to the option listed first (lower
index), as everywhere in the engine.

**The leader's story only** (``one_way(..., leader_only=True)``, what ``diversify score``
runs for every capability and criterion): the full picture above has up to m(m-1)/2
switch points and as many segments, each with a ranking of m options, so it costs at
least m^3 (seconds at 100 options, minutes at 400). The leader's interval needs only the
m - 1 crossings with the leader, and who leads beyond it is found the same way: walk from
leader to leader, each step solving one linear equation per option against the current
leader (the next break is the nearest crossing with a line that gains on it; of the lines
meeting it there, the flattest leads below, the steepest above). That is O(m) per change
of leader, so near-linear in m, and exact: the same floating-point intervals, leaders and
leader changes as the full picture (a property test compares them on random tables).

**Non-additive methods** (:func:`one_way_sweep`): the scores are not linear in t, so t is
swept on a fine grid and each grid cell where the ranking changes is bisected down to
``tol``; changes that reverse inside a single grid cell can be missed (grid step
1/(grid-1)).

**What would it take** (:func:`what_would_it_take`): the smallest change of the weight
vector, in L1 distance, that puts an option first, as a linear programme solved by HiGHS
through :func:`scipy.optimize.linprog`. With w' = w + d+ - d- (d+, d- >= 0):

    minimise    sum(d+) + sum(d-)
    subject to  sum(d+ - d-) = 0                      (w' stays on the simplex)
                w + d+ - d- >= 0                      (no negative weight)
                (v_x - v_k) . w' >= lead   for all k != x   (x scores at least `lead` more)

The L1 distance is twice the share of total weight moved (moving 5 points of weight from
cost to delivery is a distance of 0.10). ``lead`` defaults to 1e-6 on the 0..1 score
scale, so that re-scoring with the returned weights ranks the option first whatever the
tie rule; pass ``lead=0`` to accept a tie for first place. If the programme is
infeasible no weighting puts the option first: it is dominated, either outright (another
option is at least as good on every criterion) or by a mix of other options.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from diversify.engine.sampling import FloatArray, check_weights

ScoreFn = Callable[[FloatArray], ArrayLike]
"""``score_fn(weights) -> scores`` (one per option, higher is better)."""

_PARALLEL = 1e-12  # slopes closer than this are parallel lines (never cross)
_SAME_T = 1e-12  # crossings closer than this are one switch point


@dataclass(frozen=True)
class SwitchPoint:
    """Two options swap places when the criterion's weight passes ``weight``.

    As the weight rises through ``weight``, ``gains`` moves above ``loses`` (as it falls,
    the reverse). Ranks are 1-based: ``ranks_before`` is (rank of gains, rank of loses) just
    below the switch, ``ranks_after`` just above.
    """

    weight: float
    gains: int
    loses: int
    ranks_before: tuple[int, int]
    ranks_after: tuple[int, int]

    @property
    def leader_change(self) -> bool:
        """True when ``gains`` takes first place from ``loses`` here (rising weight)."""
        return self.ranks_before[1] == 1 and self.ranks_after[0] == 1


@dataclass(frozen=True)
class Segment:
    """Between weights ``lo`` and ``hi`` the ranking is ``ranking`` (options, best first)."""

    lo: float
    hi: float
    ranking: tuple[int, ...]

    @property
    def leader(self) -> int:
        return self.ranking[0]


@dataclass(frozen=True)
class LeaderSegment:
    """Between weights ``lo`` and ``hi`` option ``leader`` is first."""

    lo: float
    hi: float
    leader: int


@dataclass(frozen=True)
class OneWayResult:
    """One criterion's weight swept from 0 to 1, the others keeping their ratios.

    Weights here are shares of the total (0..1). ``leader_interval`` is the stability
    interval of the current leader; ``leader_below``/``leader_above`` say who leads just
    outside it (None where it reaches 0 or 1). ``exact`` is True for the closed form and
    False for the sweep (accurate to its ``tol``).
    """

    criterion: int
    current_weight: float
    other_ratios: FloatArray
    leader: int
    ranking: tuple[int, ...]
    leader_interval: tuple[float, float]
    ranking_interval: tuple[float, float]
    leader_below: int | None
    leader_above: int | None
    switch_points: tuple[SwitchPoint, ...]
    segments: tuple[Segment, ...]
    leader_segments: tuple[LeaderSegment, ...]
    exact: bool

    def weights_at(self, t: float) -> FloatArray:
        """The full weight vector when this criterion has weight ``t`` (0..1)."""
        w = (1.0 - t) * self.other_ratios
        w[self.criterion] += t
        return w

    def leader_at(self, t: float) -> int:
        """Who leads at weight ``t`` (by the stored segments; ties to the lower segment)."""
        for seg in self.leader_segments:
            if t <= seg.hi:
                return seg.leader
        return self.leader_segments[-1].leader


@dataclass(frozen=True)
class WhatItTakes:
    """The smallest weight change (L1) that puts ``target`` first, or why none can.

    ``distance`` is the L1 distance between the current and new weights (as shares), twice
    the share of weight moved (:attr:`moved`). ``dominated_by`` lists options that are at
    least as good as the target on every criterion and better on one.
    """

    target: int
    achievable: bool
    already_first: bool
    weights: FloatArray | None
    distance: float | None
    reason: str | None
    dominated_by: tuple[int, ...] = ()

    @property
    def moved(self) -> float | None:
        """Share of the total weight that has to move from some criteria to others."""
        return None if self.distance is None else self.distance / 2.0


def _frozen(a: FloatArray) -> FloatArray:
    a.setflags(write=False)
    return a


def _check_values(values: ArrayLike) -> FloatArray:
    v = np.array(values, dtype=np.float64, copy=True)
    if v.ndim != 2 or v.shape[0] < 1 or v.shape[1] < 1:
        raise ValueError(f"values must be a table of options x criteria (got shape {v.shape})")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite numbers (no NaN or infinity)")
    return v


def _check_criterion(criterion: int, n: int) -> int:
    if isinstance(criterion, bool) or int(criterion) != criterion or not 0 <= criterion < n:
        raise ValueError(f"criterion must be a column position 0..{n - 1} (got {criterion})")
    return int(criterion)


def _other_ratios(w: FloatArray, j: int) -> FloatArray:
    r = w.copy()
    r[j] = 0.0
    total = r.sum()
    if total > 0:
        r /= total
    elif r.size > 1:
        r[:] = 1.0 / (r.size - 1)
        r[j] = 0.0
    return r


# Scores and slopes (0..1 scale) are ranked to 12 decimals. Two options that tie exactly
# in real numbers can differ by an ulp in floating point (0.75 x 0.4 + 0.5 x 0.6 against
# 1 x 0.6), and which of them "leads" would then be decided by rounding, differently by
# the full closed form (a sort) and the leader walk (its tie rule). A difference below
# 1e-12 of the scale is no difference, so both apply the stated rule to it: the lower
# index first. Only the orderings are rounded; crossings are solved on the exact lines,
# so a point where three lines meet stays one point.
_DECIMALS = 12


def _exact_row_sums(terms: FloatArray) -> FloatArray:
    """Each row's sum, correctly rounded (``math.fsum``): the same terms in another order
    give the same float, so the order of the columns never splits an exact tie."""
    return np.fromiter((math.fsum(row) for row in terms.tolist()), float, terms.shape[0])


def _rank_of(scores: FloatArray) -> NDArray[np.intp]:
    """Options best first; ties (to 12 decimals) to the lower index (stable sort)."""
    return np.argsort(-np.round(scores, _DECIMALS), kind="stable")


def _half_line_interval(d0: FloatArray, d1: FloatArray, t0: float) -> tuple[float, float]:
    """The interval of t in [0, 1] where every d0 + d1 t >= 0, clipped to contain t0."""
    lo, hi = 0.0, 1.0
    rising = d1 > _PARALLEL
    falling = d1 < -_PARALLEL
    if rising.any():
        lo = max(lo, float(np.max(-d0[rising] / d1[rising])))
    if falling.any():
        hi = min(hi, float(np.min(-d0[falling] / d1[falling])))
    return min(max(lo, 0.0), t0), max(min(hi, 1.0), t0)


def _build(
    criterion: int,
    t0: float,
    ratios: FloatArray,
    breaks: FloatArray,
    rankings: list[tuple[int, ...]],
    ranking_now: tuple[int, ...],
    leader_interval: tuple[float, float],
    ranking_interval: tuple[float, float],
    exact: bool,
) -> OneWayResult:
    """Assemble a result from the breakpoints in (0, 1) and the ranking on each segment."""
    pts = np.concatenate(([0.0], breaks, [1.0]))
    segments = tuple(
        Segment(float(pts[s]), float(pts[s + 1]), rankings[s]) for s in range(len(rankings))
    )
    merged: list[LeaderSegment] = []
    for seg in segments:
        if merged and merged[-1].leader == seg.leader:
            merged[-1] = LeaderSegment(merged[-1].lo, seg.hi, seg.leader)
        else:
            merged.append(LeaderSegment(seg.lo, seg.hi, seg.leader))

    # Switch points: at each breakpoint, the pairs whose relative order flips.
    switches: list[SwitchPoint] = []
    m = len(ranking_now)
    for s in range(len(breaks)):
        before = np.empty(m, dtype=np.intp)
        after = np.empty(m, dtype=np.intp)
        before[list(rankings[s])] = np.arange(m)
        after[list(rankings[s + 1])] = np.arange(m)
        above_before = before[:, None] < before[None, :]  # [x, y]: x above y before
        above_after = after[:, None] < after[None, :]
        flips = np.argwhere(above_before & ~above_after)  # x was above y, now below
        for x, y in flips[np.lexsort((flips[:, 0], after[flips[:, 1]]))]:
            switches.append(
                SwitchPoint(
                    weight=float(breaks[s]),
                    gains=int(y),
                    loses=int(x),
                    ranks_before=(int(before[y]) + 1, int(before[x]) + 1),
                    ranks_after=(int(after[y]) + 1, int(after[x]) + 1),
                )
            )

    def segment_leader(x: float, side: str) -> int | None:
        # The leader on the segment just below (side="below") or above point x.
        if (side == "below" and x <= _SAME_T) or (side == "above" and x >= 1.0 - _SAME_T):
            return None
        if side == "below":
            s = int(np.searchsorted(pts, x - _SAME_T, side="left")) - 1
        else:
            s = int(np.searchsorted(pts, x + _SAME_T, side="right")) - 1
        s = min(max(s, 0), len(segments) - 1)
        return segments[s].leader

    return OneWayResult(
        criterion=criterion,
        current_weight=t0,
        other_ratios=_frozen(ratios),
        leader=ranking_now[0],
        ranking=ranking_now,
        leader_interval=leader_interval,
        ranking_interval=ranking_interval,
        leader_below=segment_leader(leader_interval[0], "below"),
        leader_above=segment_leader(leader_interval[1], "above"),
        switch_points=tuple(switches),
        segments=segments,
        leader_segments=tuple(merged),
        exact=exact,
    )


def one_way(
    values: ArrayLike, weights: ArrayLike, criterion: int, *, leader_only: bool = False
) -> OneWayResult:
    """Exact one-way sensitivity of an additive (MAVT) ranking to one criterion's weight.

    ``values`` is the (m options x n criteria) table of 0..1 preferences, ``weights`` the
    current weights (any positive scale; used as shares), ``criterion`` a column position.

    With ``leader_only`` only the leader's story is told, in near-linear time (see
    :func:`_leader_walk`): the intervals, who leads below and above, the leader segments
    and the switch points where the lead changes hands; ``segments`` is then empty (every
    ranking between every pair of crossings is what costs m^2 segments of m options).
    """
    v = _check_values(values)
    m, n = v.shape
    w = check_weights(weights, n)
    j = _check_criterion(criterion, n)
    t0 = float(w[j])
    r = _other_ratios(w, j)
    a = _exact_row_sums(v * r)
    b = v[:, j] - a
    if leader_only:
        return _one_way_leader(j, t0, r, a, b)

    # All pairwise crossings in (0, 1), vectorised.
    ii, kk = np.triu_indices(m, 1)
    da = a[ii] - a[kk]
    db = b[ii] - b[kk]
    crossing = np.abs(db) > _PARALLEL
    tc = np.full(da.shape, np.nan)
    tc[crossing] = -da[crossing] / db[crossing]
    inside = crossing & (tc > _SAME_T) & (tc < 1.0 - _SAME_T)
    raw = np.sort(tc[inside])
    if raw.size:
        keep = np.concatenate(([True], np.diff(raw) > _SAME_T))
        breaks = raw[keep]
    else:
        breaks = raw
    pts = np.concatenate(([0.0], breaks, [1.0]))
    mids = (pts[:-1] + pts[1:]) / 2.0
    seg_scores = a[None, :] + b[None, :] * mids[:, None]
    seg_rank = np.argsort(-np.round(seg_scores, _DECIMALS), axis=1, kind="stable")
    rankings = [tuple(int(x) for x in row) for row in seg_rank]

    ranking_now, leader_iv, ranking_iv = _intervals(a, b, t0)
    return _build(j, t0, r, breaks, rankings, ranking_now, leader_iv, ranking_iv, exact=True)


def _intervals(
    a: FloatArray, b: FloatArray, t0: float
) -> tuple[tuple[int, ...], tuple[float, float], tuple[float, float]]:
    """The ranking at t0, the leader's stability interval and the ranking's (closed form)."""
    m = a.size
    now = _rank_of(a + b * t0)
    leader = int(now[0])
    # Leader stays first while u_L(t) - u_k(t) >= 0 for every k.
    others = np.flatnonzero(np.arange(m) != leader)
    leader_iv = (
        _half_line_interval(a[leader] - a[others], b[leader] - b[others], t0)
        if others.size
        else (0.0, 1.0)
    )
    # Ranking stays while every option stays above the ones it is above now.
    upper = now[:-1]
    lower = now[1:]  # adjacent pairs suffice: the order is a chain
    ranking_iv = (
        _half_line_interval(a[upper] - a[lower], b[upper] - b[lower], t0) if m > 1 else (0.0, 1.0)
    )
    return tuple(int(x) for x in now), leader_iv, ranking_iv


def _one_way_leader(j: int, t0: float, r: FloatArray, a: FloatArray, b: FloatArray) -> OneWayResult:
    """:func:`one_way` for the leader only: O(m log m) plus O(m) per change of leader."""
    ranking_now, leader_iv, ranking_iv = _intervals(a, b, t0)
    leader = ranking_now[0]
    below = _leader_walk(a, b, leader, leader_iv[0], down=True)
    above = _leader_walk(a, b, leader, leader_iv[1], down=False)
    merged = [LeaderSegment(lo, hi, k) for lo, hi, k in reversed(below)]
    merged.append(LeaderSegment(leader_iv[0], leader_iv[1], leader))
    merged += [LeaderSegment(lo, hi, k) for lo, hi, k in above]
    merged = _stitched([s for s in merged if s.hi - s.lo > _SAME_T]) or [
        LeaderSegment(0.0, 1.0, leader)
    ]
    switches = []
    for low, high in itertools.pairwise(merged):
        t = high.lo
        switches.append(
            SwitchPoint(
                weight=t,
                gains=high.leader,
                loses=low.leader,
                ranks_before=(_rank_near(a, b, high.leader, t, down=True), 1),
                ranks_after=(1, _rank_near(a, b, low.leader, t, down=False)),
            )
        )
    return OneWayResult(
        criterion=j,
        current_weight=t0,
        other_ratios=_frozen(r),
        leader=leader,
        ranking=ranking_now,
        leader_interval=leader_iv,
        ranking_interval=ranking_iv,
        leader_below=below[0][2] if below else None,
        leader_above=above[0][2] if above else None,
        switch_points=tuple(switches),
        segments=(),
        leader_segments=tuple(merged),
        exact=True,
    )


def _stitched(segments: list[LeaderSegment]) -> list[LeaderSegment]:
    """Leader segments without gaps, neighbours with the same leader joined.

    The walk's segments shorter than ``_SAME_T`` are dropped first (a crossing within that
    of another, or of 0 or 1, is the same point, as in the full closed form); each kept
    segment then starts where the previous one ends, and the first and last reach 0 and 1.
    """
    out: list[LeaderSegment] = []
    for seg in segments:
        if out and out[-1].leader == seg.leader:
            out[-1] = LeaderSegment(out[-1].lo, seg.hi, seg.leader)
        else:
            out.append(LeaderSegment(out[-1].hi if out else 0.0, seg.hi, seg.leader))
    if out:
        out[-1] = LeaderSegment(out[-1].lo, 1.0, out[-1].leader)
    return out


def _leader_walk(
    a: FloatArray, b: FloatArray, leader: int, start: float, *, down: bool
) -> list[tuple[float, float, int]]:
    """The leaders beyond ``start`` (an end of ``leader``'s interval), walking to 0 or 1.

    Each step is the closed form again, one linear equation per pair with the current
    leader L: option k overtakes L where a_L + b_L t = a_k + b_k t. Walking down, the next
    break is the highest crossing below the current one among the options whose line is
    flatter than L's (they gain as t falls); of the options that meet L there, the
    flattest leads just below (ties in slope: the lower index, as everywhere). Walking up,
    the same with the steeper lines. O(m) per step and one step per change of leader, so
    O(m) per leader change instead of the m^2 crossings of the full picture. Returns
    (lo, hi, leader) segments in walking order.
    """
    out: list[tuple[float, float, int]] = []
    t, cur = start, leader
    idx = np.arange(a.size)
    while (t > _SAME_T) if down else (t < 1.0 - _SAME_T):
        tk, gaining = _crossings(a, b, cur, down=down)
        # who meets the current leader at t (for the first step, also the options that
        # already tie or beat it at the current weight, where the interval was clipped)
        meet = gaining & ((tk >= t - _SAME_T) if down else (tk <= t + _SAME_T))
        if not meet.any():  # pragma: no cover - an interval end inside (0, 1) has a meet
            break
        pick = idx[meet]
        slope = np.round(b[pick], _DECIMALS)
        cur = int(pick[np.lexsort((pick, slope if down else -slope))[0]])
        tk, gaining = _crossings(a, b, cur, down=down)
        beyond = gaining & ((tk < t - _SAME_T) if down else (tk > t + _SAME_T))
        if down:
            nxt = float(np.max(tk[beyond])) if beyond.any() else 0.0
            nxt = nxt if nxt > _SAME_T else 0.0
            out.append((nxt, t, cur))
        else:
            nxt = float(np.min(tk[beyond])) if beyond.any() else 1.0
            nxt = nxt if nxt < 1.0 - _SAME_T else 1.0
            out.append((t, nxt, cur))
        t = nxt
    return out


def _crossings(
    a: FloatArray, b: FloatArray, cur: int, *, down: bool
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Where each option's line crosses option ``cur``'s, and which options gain on it
    walking down (flatter lines) or up (steeper lines); NaN where they do not."""
    d0 = a[cur] - a
    d1 = b[cur] - b
    gaining = (d1 > _PARALLEL) if down else (d1 < -_PARALLEL)
    tk = np.full(a.size, np.nan)
    tk[gaining] = -d0[gaining] / d1[gaining]
    return tk, gaining


def _rank_near(a: FloatArray, b: FloatArray, x: int, t: float, *, down: bool) -> int:
    """Option x's rank just below (``down``) or just above weight t (1-based).

    Options scoring more at t are above it; options tying with it at t (within 1e-12) are
    above it just below t if their line is flatter, just above if steeper, and with the
    same slope if they come first (the tie rule).
    """
    u = a + b * t
    diff = u - u[x]
    tie = np.abs(diff) <= _SAME_T * max(1.0, abs(float(u[x])))
    slope = np.round(b, _DECIMALS)
    steeper = slope > slope[x] if not down else slope < slope[x]
    first = (slope == slope[x]) & (np.arange(a.size) < x)
    above = (diff > 0) & ~tie | tie & (steeper | first)
    above[x] = False
    return int(above.sum()) + 1


def all_one_way(values: ArrayLike, weights: ArrayLike) -> list[OneWayResult]:
    """:func:`one_way` for every criterion, in column order."""
    v = _check_values(values)
    return [one_way(v, weights, j) for j in range(v.shape[1])]


def one_way_sweep(
    score_fn: ScoreFn,
    weights: ArrayLike,
    criterion: int,
    *,
    grid: int = 201,
    tol: float = 1e-6,
) -> OneWayResult:
    """One-way sensitivity for any scoring method, by grid sweep and bisection.

    ``score_fn(weights)`` returns one score per option (higher is better) for a weight
    vector on the simplex. The weight of ``criterion`` is evaluated at ``grid`` evenly
    spaced points in [0, 1] plus the current weight; every grid cell whose two ends rank
    the options differently is bisected until the change is located within ``tol``, then
    searched again to its right end for further changes. Two changes that cancel out
    inside one grid cell are not seen; refine ``grid`` if that matters.
    """
    w = check_weights(weights)
    n = w.size
    j = _check_criterion(criterion, n)
    if grid < 2:
        raise ValueError(f"the sweep needs at least 2 grid points (got {grid})")
    if not tol > 0:
        raise ValueError(f"the bisection tolerance must be above zero (got {tol})")
    t0 = float(w[j])
    r = _other_ratios(w, j)
    m: int | None = None

    def rank_at(t: float) -> tuple[int, ...]:
        nonlocal m
        wt = (1.0 - t) * r
        wt[j] += t
        s = np.asarray(score_fn(wt), dtype=np.float64).ravel()
        if m is None:
            m = s.size
        if s.size != m or not np.all(np.isfinite(s)):
            raise ValueError("score_fn must return one finite score per option, every time")
        return tuple(int(x) for x in _rank_of(s))

    ts = np.union1d(np.linspace(0.0, 1.0, grid), [t0])
    ranks = [rank_at(float(t)) for t in ts]
    breaks: list[float] = []
    rankings: list[tuple[int, ...]] = [ranks[0]]
    for g in range(len(ts) - 1):
        lo_t, r_lo = float(ts[g]), ranks[g]
        hi_end, r_end = float(ts[g + 1]), ranks[g + 1]
        while r_lo != r_end:
            lo, hi, r_hi = lo_t, hi_end, r_end
            while hi - lo > tol:
                mid = 0.5 * (lo + hi)
                r_mid = rank_at(mid)
                if r_mid == r_lo:
                    lo = mid
                else:
                    hi, r_hi = mid, r_mid
            breaks.append(0.5 * (lo + hi))
            rankings.append(r_hi)
            lo_t, r_lo = hi, r_hi
    brk = np.array(breaks, dtype=np.float64)
    ranking_now = ranks[int(np.flatnonzero(ts == t0)[0])]

    # Intervals from the segments: the segment holding t0, widened while the leader holds.
    pts = np.concatenate(([0.0], brk, [1.0]))
    s0 = int(np.searchsorted(brk, t0, side="right"))
    ranking_iv = (min(float(pts[s0]), t0), max(float(pts[s0 + 1]), t0))
    lo_s = s0
    while lo_s > 0 and rankings[lo_s - 1][0] == ranking_now[0]:
        lo_s -= 1
    hi_s = s0
    while hi_s < len(rankings) - 1 and rankings[hi_s + 1][0] == ranking_now[0]:
        hi_s += 1
    leader_iv = (min(float(pts[lo_s]), t0), max(float(pts[hi_s + 1]), t0))
    return _build(j, t0, r, brk, rankings, ranking_now, leader_iv, ranking_iv, exact=False)


def _dominators(v: FloatArray, x: int) -> tuple[int, ...]:
    ge = np.all(v >= v[x], axis=1)
    gt = np.any(v > v[x], axis=1)
    dom = ge & gt
    dom[x] = False
    return tuple(int(k) for k in np.flatnonzero(dom))


def _solve(v: FloatArray, w: FloatArray, x: int, lead: float) -> tuple[int, FloatArray | None]:
    from scipy.optimize import linprog  # lazy: scipy.optimize is slow to import

    m, n = v.shape
    others = np.array([k for k in range(m) if k != x], dtype=np.intp)
    d = v[x][None, :] - v[others]  # (m-1, n): x's advantage per criterion
    eye = np.eye(n)
    a_ub = np.vstack([np.hstack([-eye, eye]), np.hstack([-d, d])])
    b_ub = np.concatenate([w, d @ w - lead])
    a_eq = np.concatenate([np.ones(n), -np.ones(n)])[None, :]
    res = linprog(
        c=np.ones(2 * n),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=[0.0],
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:
        return int(res.status), None
    return 0, np.asarray(res.x, dtype=np.float64)


def what_would_it_take(
    values: ArrayLike,
    weights: ArrayLike,
    target: int,
    *,
    lead: float = 1e-6,
    names: Sequence[str] | None = None,
) -> WhatItTakes:
    """The smallest L1 change of the weights that ranks ``target`` first, or why none can.

    ``lead`` is the margin (on the 0..1 score scale) by which the target must beat every
    other option; 0 accepts a tie. ``names`` (one per option) make the reason readable.
    """
    v = _check_values(values)
    m, n = v.shape
    w = check_weights(weights, n)
    if isinstance(target, bool) or int(target) != target or not 0 <= target < m:
        raise ValueError(f"target must be an option position 0..{m - 1} (got {target})")
    if not np.isfinite(lead) or lead < 0:
        raise ValueError(f"lead must be zero or more (got {lead})")
    x = int(target)
    label = (lambda i: str(names[i])) if names is not None else (lambda i: f"option {i}")
    dominated_by = _dominators(v, x)

    if int(_rank_of((v * w).sum(axis=1))[0]) == x:
        return WhatItTakes(x, True, True, _frozen(w), 0.0, None, dominated_by)

    status, sol = _solve(v, w, x, lead)
    if sol is not None:
        new = np.clip(w + sol[:n] - sol[n:], 0.0, None)
        new /= new.sum()
        return WhatItTakes(x, True, False, new, float(np.abs(new - w).sum()), None, dominated_by)
    if status != 2:  # pragma: no cover - 2 is "infeasible"; anything else is a solver fault
        raise RuntimeError(f"the weight optimisation failed (HiGHS status {status})")

    if dominated_by:
        who = ", ".join(label(k) for k in dominated_by)
        reason = (
            f"dominated: no weights make {label(x)} first; {who} "
            f"{'is' if len(dominated_by) == 1 else 'are'} at least as good on every "
            "criterion and better on at least one"
        )
    elif lead > 0 and _solve(v, w, x, 0.0)[1] is not None:
        reason = (
            f"tied: no weights make {label(x)} first on its own; at best it ties for first "
            "place (another option has the same values where it matters)"
        )
    else:
        reason = (
            f"dominated: no weights make {label(x)} first; whatever the weights, at least one "
            "other option scores higher (it is beaten by a mix of the others)"
        )
    return WhatItTakes(x, False, False, None, None, reason, dominated_by)
