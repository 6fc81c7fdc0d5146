"""SMAA-2: stochastic multicriteria acceptability analysis over an additive value model.

Hand-written: no Python library offers SMAA (scikit-criteria has none; the reference
implementations are the R package ``smaa`` and the Java JSMAA). The method is SMAA-2 of
Lahdelma R. & Salminen P. (2001), "SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making", Operations Research 49(3):444-454, computed by Monte Carlo as
in Tervonen T. & Figueira J.R. (2008), "A survey on stochastic multicriteria acceptability
analysis methods", J. Multi-Criteria Decision Analysis 15(1-2):1-14, section 4. With
m options, n criteria, weights w drawn from a weight distribution and values xi drawn from
their ranges, option i's additive score is u_i = sum_j w_j xi_ij, and:

* rank acceptability b_i^r: share of samples in which option i takes rank r
  (``rank_acceptability[i, r-1]``);
* holistic acceptability a_i^h = sum_r alpha_r b_i^r with non-increasing meta-weights
  alpha_1 = 1 >= alpha_2 >= ... >= alpha_m >= 0. Lahdelma & Salminen (2001) leave the
  choice open and give as examples linear weights alpha_r = (m - r) / (m - 1) (the default
  here: a first place counts fully, a last place not at all, every step down the same),
  inverse weights alpha_r = 1 / r and centroid weights
  alpha_r = (sum_{k=r..m} 1/k) / (sum_{k=1..m} 1/k);
* central weight vector w_i^c: the mean of the weights over the samples in which option i
  ranks first (NaN when it never does): the "typical" weighting of its supporters;
* confidence factor p_i^c: the probability that option i ranks first when its central
  weights are used and only the values vary. A second pass over fresh value samples
  computes it; with fixed values it is exactly 1 or 0;
* Monte Carlo standard errors: sqrt(p (1 - p) / N) for every acceptability and
  confidence factor, the exact standard error of a_i^h (the variance of alpha at option
  i's rank, over N), and the standard error of the mean for central weights.

Ranks per sample come from a stable sort of the scores, so exact ties go to the option
listed first (lower index). With continuous weight distributions exact ties have
probability zero unless two options have identical values.

Reproducibility: samples are generated in fixed blocks of :data:`BLOCK` samples, block b
from its own stream ``SeedSequence(seed, spawn_key=(pass, b, stream))`` (PCG64); scores
are computed one block at a time (every product has the same shape whatever the
chunking); rank counts are integers; and every floating-point sum is taken per block and
added block by block in order. Chunking only groups whole blocks for vectorised ranking,
so the result is bit-for-bit the same for any ``chunk_size`` (tested); ``chunk_size``
bounds memory only (rounded down to a multiple of ``BLOCK``, at least one block). The
same inputs and seed give the same result on the same machine and numpy version.

Memory: about ``chunk_size x (m + n)`` numbers (scores, ranks, weights) plus one block of
sampled values (``BLOCK x m x n``), whatever ``n_samples`` is; a very large sample count
is processed in more chunks, never refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from diversify.engine.sampling import (
    FloatArray,
    ValueKind,
    WeightSampler,
    check_value_ranges,
    check_weights,
    draw_values,
    make_weight_sampler,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from diversify.model.robustness import RobustnessSpec

BLOCK = 4096
"""Samples per random block: the unit of seeding, so results never depend on chunk size."""

MetaWeights = Literal["linear", "inverse", "centroid"]

_PASS_MAIN = 0
_PASS_CONFIDENCE = 1
_STREAM_WEIGHTS = 0
_STREAM_VALUES = 1


def meta_weights(m: int, kind: MetaWeights = "linear") -> FloatArray:
    """Meta-weights alpha_1..alpha_m for the holistic acceptability (Lahdelma & Salminen 2001)."""
    if m < 1:
        raise ValueError("need at least one option")
    r = np.arange(1, m + 1, dtype=np.float64)
    if kind == "linear":
        return (m - r) / (m - 1) if m > 1 else np.ones(1)
    if kind == "inverse":
        return 1.0 / r
    if kind == "centroid":
        inv = 1.0 / r
        tail = np.cumsum(inv[::-1])[::-1]
        return tail / tail[0]
    raise ValueError(f"unknown meta-weights {kind!r}; use linear, inverse or centroid")


def _frozen(a: NDArray[Any]) -> NDArray[Any]:
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class SmaaResult:
    """Everything SMAA-2 reports for one set of options; arrays are read-only.

    Rows are options in input order; ``rank_acceptability[i, r]`` is the share of samples in
    which option i is ranked ``r + 1``.
    """

    rank_acceptability: FloatArray
    rank_acceptability_se: FloatArray
    rank_counts: NDArray[np.int64]
    holistic_acceptability: FloatArray
    holistic_se: FloatArray
    meta_weights: FloatArray
    central_weights: FloatArray
    central_weights_se: FloatArray
    confidence: FloatArray
    confidence_se: FloatArray
    n_samples: int
    n_confidence_samples: int
    seed: int
    value_kind: str
    meta_weight_kind: str

    @property
    def first_rank_acceptability(self) -> FloatArray:
        """b_i^1: the share of weightings (and value draws) in which each option comes first."""
        return self.rank_acceptability[:, 0]

    def to_dict(
        self, names: Sequence[str] | None = None, criteria: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """Plain Python data (lists, floats, None for NaN), keyed by option and criterion ids.

        Floats are passed through unchanged, so the same inputs and seed serialise to the
        same JSON byte for byte.
        """
        m, n = self.central_weights.shape
        names = list(names) if names is not None else [str(i) for i in range(m)]
        criteria = list(criteria) if criteria is not None else [str(j) for j in range(n)]

        def num(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        options = {}
        for i, name in enumerate(names):
            cw = self.central_weights[i]
            options[name] = {
                "rank_acceptability": [float(x) for x in self.rank_acceptability[i]],
                "rank_acceptability_se": [float(x) for x in self.rank_acceptability_se[i]],
                "holistic_acceptability": float(self.holistic_acceptability[i]),
                "holistic_se": float(self.holistic_se[i]),
                "central_weights": (
                    None if np.isnan(cw).any() else dict(zip(criteria, map(float, cw), strict=True))
                ),
                "confidence": num(self.confidence[i]),
                "confidence_se": num(self.confidence_se[i]),
            }
        return {
            "method": "SMAA-2 (Lahdelma & Salminen 2001)",
            "samples": self.n_samples,
            "confidence_samples": self.n_confidence_samples,
            "seed": self.seed,
            "values": self.value_kind,
            "meta_weights": self.meta_weight_kind,
            "options": options,
        }


def _block_rng(seed: int, pass_id: int, block: int, stream: int) -> np.random.Generator:
    ss = np.random.SeedSequence(entropy=seed, spawn_key=(pass_id, block, stream))
    return np.random.Generator(np.random.PCG64(ss))


def _chunks(n_samples: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    """(first block, number of blocks) per chunk; every block but the last is full."""
    n_blocks = -(-n_samples // BLOCK)
    per_chunk = max(1, chunk_size // BLOCK)
    for b0 in range(0, n_blocks, per_chunk):
        yield b0, min(per_chunk, n_blocks - b0)


def _block_sizes(n_samples: int, b0: int, k: int) -> list[int]:
    return [min(BLOCK, n_samples - (b0 + b) * BLOCK) for b in range(k)]


def _scores(w: FloatArray, v: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Additive scores (k, m) from weights (k, n) and values (m, n) or (k, m, n).

    Called once per random block, so every call for a given block has the same shapes
    whatever the chunk size, which keeps results independent of chunking (tested).
    ``einsum`` rather than a BLAS product: BLAS threads small products, and on a busy
    machine that thread hand-off made scoring 50x slower in the benchmark.
    """
    if v.ndim == 2:
        return np.einsum("sn,mn->sm", w, v, out=out)
    return np.einsum("smn,sn->sm", v, w, out=out)


def _check_sampled(w: FloatArray, k: int, n: int) -> None:
    if w.shape != (k, n):
        raise ValueError(f"the weight sampler returned shape {w.shape}, expected {(k, n)}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("sampled weights must be finite and non-negative")
    if not np.allclose(w.sum(axis=1), 1.0, rtol=0, atol=1e-9):
        raise ValueError("sampled weight vectors must each sum to 1")


def smaa2(
    values: ArrayLike,
    weights: WeightSampler | ArrayLike,
    *,
    values_low: ArrayLike | None = None,
    values_high: ArrayLike | None = None,
    value_kind: ValueKind = "fixed",
    n_samples: int | None = None,
    seed: int = 0,
    chunk_size: int = 50_000,
    meta_weight_kind: MetaWeights = "linear",
    first_only: bool = False,
) -> SmaaResult:
    """Run SMAA-2 on an additive value model.

    ``values`` is the (m options x n criteria) matrix of 0..1 preferences. ``weights`` is
    either a sampler ``f(rng, k) -> (k, n)`` (see
    :func:`diversify.engine.sampling.make_weight_sampler`) or an explicit ``(N, n)`` array
    of weight samples (then ``n_samples`` defaults to N).
    ``values_low``/``values_high`` are the value images of each figure's range (either
    order); with ``value_kind`` ``uniform`` or ``triangular`` every sample also draws the
    values. Memory is bounded by ``chunk_size`` (see the module docstring), not by
    ``n_samples``.

    ``first_only`` counts only who ranks first in each sample (an argmax, O(m) per sample,
    instead of sorting the m options) and skips the confidence factors: the first-rank
    acceptabilities, their errors and the central weights are exactly those of a full run
    with the same seed, the other ranks' acceptabilities (and so the holistic ones) are
    NaN. For callers that only report how often the leader wins (``diversify score``).
    """
    v, lo, hi = check_value_ranges(values, values_low, values_high)
    m, n = v.shape
    if m < 1 or n < 1:
        raise ValueError("SMAA needs at least one option and one criterion")
    if value_kind not in ("fixed", "uniform", "triangular"):
        raise ValueError(f"unknown value sampling {value_kind!r}; use fixed, uniform or triangular")
    if isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise ValueError(f"the seed must be a whole number, 0 or more (got {seed})")
    if isinstance(chunk_size, bool) or int(chunk_size) != chunk_size or chunk_size <= 0:
        raise ValueError(f"the chunk size must be a whole number above zero (got {chunk_size})")
    alpha = meta_weights(m, meta_weight_kind)

    explicit: FloatArray | None = None
    sampler: WeightSampler | None = None
    if callable(weights):
        sampler = weights
        n_samples = 10_000 if n_samples is None else n_samples
    else:
        explicit = np.array(weights, dtype=np.float64, copy=True)
        if explicit.ndim != 2 or explicit.shape[1] != n:
            raise ValueError(f"weight samples must have shape (N, {n}), got {explicit.shape}")
        n_samples = explicit.shape[0] if n_samples is None else n_samples
        if n_samples != explicit.shape[0]:
            raise ValueError(f"n_samples={n_samples} but {explicit.shape[0]} weight samples given")
        _check_sampled(explicit, n_samples, n)
    if isinstance(n_samples, bool) or int(n_samples) != n_samples or n_samples <= 0:
        raise ValueError(
            f"the number of samples must be a whole number above zero (got {n_samples})"
        )
    n_samples = int(n_samples)
    uncertain = value_kind != "fixed" and bool(np.any(hi > lo))

    counts = np.zeros((m, m), dtype=np.int64)  # [option, rank]
    cw_sum = np.zeros((m, n))
    cw_sq = np.zeros((m, n))

    for b0, k in _chunks(n_samples, chunk_size):
        sizes = _block_sizes(n_samples, b0, k)
        start = b0 * BLOCK
        total = sum(sizes)
        w = np.empty((total, n)) if explicit is None else explicit[start : start + total]
        s = np.empty((total, m))
        # Block by block: draw weights (and values), score. A block's sampled values are
        # dropped once scored, so memory is bounded by chunk_size x m, plus one block of
        # BLOCK x m x n values.
        for b, sz in enumerate(sizes):
            rows = slice(b * BLOCK, b * BLOCK + sz)
            if sampler is not None:
                wb = sampler(_block_rng(seed, _PASS_MAIN, b0 + b, _STREAM_WEIGHTS), sz)
                _check_sampled(np.asarray(wb), sz, n)
                w[rows] = wb
            vb = (
                draw_values(
                    _block_rng(seed, _PASS_MAIN, b0 + b, _STREAM_VALUES), sz, v, lo, hi, value_kind
                )
                if uncertain
                else v
            )
            _scores(w[rows], vb, out=s[rows])
        if first_only:
            first = np.argmax(s, axis=1)  # ties: lower index first, as the sort below
            counts[:, 0] += np.bincount(first, minlength=m)
        else:
            order = np.argsort(-s, axis=1, kind="stable")  # ties: lower index first
            for r in range(m):
                counts[:, r] += np.bincount(order[:, r], minlength=m)
            first = order[:, 0]

        # Central weights: per-block sums of w (and w^2) over the samples each option wins,
        # then added block by block in order (independent of how blocks are grouped).
        block_of = np.repeat(np.arange(k), sizes)
        key = block_of * m + first
        for j in range(n):
            wj = w[:, j]
            part = np.bincount(key, weights=wj, minlength=k * m).reshape(k, m)
            part_sq = np.bincount(key, weights=wj * wj, minlength=k * m).reshape(k, m)
            for b in range(k):
                cw_sum[:, j] += part[b]
                cw_sq[:, j] += part_sq[b]

    rank_counts = counts
    b = rank_counts / n_samples
    if first_only:
        b[:, 1:] = np.nan  # not counted
    b_se = np.sqrt(b * (1.0 - b) / n_samples)
    holistic = b @ alpha
    holistic_var = np.maximum(b @ (alpha * alpha) - holistic**2, 0.0)
    holistic_se = np.sqrt(holistic_var / n_samples)

    wins = rank_counts[:, 0].astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        cw = cw_sum / wins[:, None]
        cw_var = np.maximum(cw_sq / wins[:, None] - cw**2, 0.0)
        cw_se = np.sqrt(cw_var / wins[:, None])
    cw[wins == 0] = np.nan
    cw_se[wins == 0] = np.nan

    if first_only:
        conf, conf_se, n_conf = np.full(m, np.nan), np.full(m, np.nan), 0
    else:
        conf, conf_se, n_conf = _confidence(v, lo, hi, value_kind, uncertain, cw, n_samples, seed)
    return SmaaResult(
        rank_acceptability=_frozen(b),
        rank_acceptability_se=_frozen(b_se),
        rank_counts=_frozen(rank_counts),
        holistic_acceptability=_frozen(holistic),
        holistic_se=_frozen(holistic_se),
        meta_weights=_frozen(alpha),
        central_weights=_frozen(cw),
        central_weights_se=_frozen(cw_se),
        confidence=_frozen(conf),
        confidence_se=_frozen(conf_se),
        n_samples=n_samples,
        n_confidence_samples=n_conf,
        seed=int(seed),
        value_kind=value_kind if uncertain else "fixed",
        meta_weight_kind=meta_weight_kind,
    )


def _confidence(
    v: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    value_kind: ValueKind,
    uncertain: bool,
    cw: FloatArray,
    n_samples: int,
    seed: int,
) -> tuple[FloatArray, FloatArray, int]:
    """Confidence factors p_i^c: share of value draws in which i wins under its central weights."""
    m = v.shape[0]
    conf = np.full(m, np.nan)
    conf_se = np.full(m, np.nan)
    candidates = [i for i in range(m) if not np.isnan(cw[i]).any()]
    if not candidates:
        return conf, conf_se, 0
    if not uncertain:
        for i in candidates:
            s = _scores(cw[i][None, :], v)[0]
            conf[i] = 1.0 if int(np.argmax(s)) == i else 0.0  # argmax: ties to lower index
            conf_se[i] = 0.0
        return conf, conf_se, 0
    cand = np.array(candidates, dtype=np.intp)
    wc = cw[cand]  # (c, n) central weights of the options that ever rank first
    wins = np.zeros(m, dtype=np.int64)
    for blk in range(-(-n_samples // BLOCK)):
        sz = min(BLOCK, n_samples - blk * BLOCK)
        rng = _block_rng(seed, _PASS_CONFIDENCE, blk, _STREAM_VALUES)
        vb = draw_values(rng, sz, v, lo, hi, value_kind)
        # Block by block (memory: BLOCK x candidates x m scores), every candidate's central
        # weights at once; argmax gives ties to the lower index like the ranking.
        s = np.einsum("smn,cn->smc", vb, wc)
        best = np.argmax(s, axis=1)  # (sz, c)
        wins[cand] += np.count_nonzero(best == cand[None, :], axis=0)
    p = wins / n_samples
    for i in candidates:
        conf[i] = p[i]
        conf_se[i] = np.sqrt(p[i] * (1.0 - p[i]) / n_samples)
    return conf, conf_se, n_samples


def weight_samples(sampler: WeightSampler, n: int, n_samples: int, seed: int) -> FloatArray:
    """The exact weight samples :func:`smaa2` draws for this sampler and seed, as one array.

    For tests and benchmarks that need to re-evaluate the very same weightings another
    way (e.g. one by one with scikit-criteria). Holds all samples in memory.
    """
    out = []
    for b0, k in _chunks(n_samples, n_samples + BLOCK):
        for b, sz in enumerate(_block_sizes(n_samples, b0, k)):
            out.append(sampler(_block_rng(seed, _PASS_MAIN, b0 + b, _STREAM_WEIGHTS), sz))
    w = np.concatenate(out)
    _check_sampled(w, n_samples, n)
    return w


def smaa_from_spec(
    values: ArrayLike,
    weights: ArrayLike,
    spec: RobustnessSpec,
    criteria: Sequence[str],
    *,
    values_low: ArrayLike | None = None,
    values_high: ArrayLike | None = None,
    meta_weight_kind: MetaWeights = "linear",
    first_only: bool = False,
) -> SmaaResult:
    """Run :func:`smaa2` as the scenario's ``robustness:`` section asks.

    ``weights`` are the current weights (any positive scale) in the column order of
    ``criteria`` (the criterion ids), which also resolves ``spec.order``.
    """
    v = np.asarray(values, dtype=np.float64)
    n = v.shape[1] if v.ndim == 2 else -1
    if len(criteria) != n:
        raise ValueError(f"{len(criteria)} criterion ids given for {n} value columns")
    c = check_weights(weights, n)
    sampler = make_weight_sampler(
        spec.weights,
        n=n,
        weights=c,
        margin=spec.margin,
        order_idx=spec.order_indices(criteria) if spec.weights == "ordered" else None,
    )
    return smaa2(
        v,
        sampler,
        values_low=values_low,
        values_high=values_high,
        value_kind=spec.values,
        n_samples=spec.samples,
        seed=spec.seed,
        chunk_size=spec.chunk_size,
        meta_weight_kind=meta_weight_kind,
        first_only=first_only,
    )
