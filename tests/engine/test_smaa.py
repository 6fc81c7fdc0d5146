"""SMAA-2 (Lahdelma & Salminen 2001, Operations Research 49(3):444-454) on cases whose
answers are known exactly, plus reproducibility and chunking.

Monte Carlo estimates are compared with the exact answers to within 4 standard errors
(sqrt(p (1 - p) / N)); seeds are fixed, so the tests are deterministic.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from diversify.engine.sampling import make_weight_sampler
from diversify.engine.smaa import BLOCK, meta_weights, smaa2, smaa_from_spec, weight_samples
from diversify.model.robustness import RobustnessSpec

# Three options on two criteria, weights uniform on the simplex, so t = w_1 ~ U(0, 1):
# A = t, B = 1 - t, C = 0.6.
#   t < 0.4: B, C, A     0.4 < t < 0.5: C, B, A     0.5 < t < 0.6: C, A, B     t > 0.6: A, C, B
ABC = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
SIMPLEX2 = make_weight_sampler("simplex", n=2)


def within(est: np.ndarray, exact: np.ndarray, se: np.ndarray, k: float = 4.0) -> bool:
    return bool(np.all(np.abs(np.asarray(est) - np.asarray(exact)) <= k * np.asarray(se) + 1e-12))


def test_exact_acceptabilities_two_criteria() -> None:
    """Exact answers from the interval lengths above:
    rank acceptability  A: (0.4, 0.1, 0.5)  B: (0.4, 0.1, 0.5)  C: (0.2, 0.8, 0.0);
    central weights     A: mean of t on (0.6, 1) = 0.8 -> (0.8, 0.2); B: (0.2, 0.8);
                        C: t on (0.4, 0.6) -> (0.5, 0.5);
    holistic (linear meta-weights 1, 1/2, 0): A = B = 0.4 + 0.05 = 0.45, C = 0.2 + 0.4 = 0.6;
    confidence (fixed values): each wins under its own central weights -> 1."""
    n = 200_000
    r = smaa2(ABC, SIMPLEX2, n_samples=n, seed=11)
    b_exact = np.array([[0.4, 0.1, 0.5], [0.4, 0.1, 0.5], [0.2, 0.8, 0.0]])
    se_exact = np.sqrt(b_exact * (1 - b_exact) / n)
    assert within(r.rank_acceptability, b_exact, se_exact)
    assert np.allclose(r.rank_acceptability.sum(axis=0), 1.0)
    assert np.allclose(r.rank_acceptability.sum(axis=1), 1.0)
    assert within(r.central_weights, [[0.8, 0.2], [0.2, 0.8], [0.5, 0.5]], r.central_weights_se)
    # central weights of a uniform on (0.6, 1): sd 0.4/sqrt(12); its SE is what we report
    assert np.isclose(r.central_weights_se[0, 0], 0.4 / np.sqrt(12) / np.sqrt(0.4 * n), rtol=0.05)
    assert within(r.holistic_acceptability, [0.45, 0.45, 0.6], r.holistic_se)
    assert np.array_equal(r.confidence, [1.0, 1.0, 1.0])
    assert np.allclose(r.meta_weights, [1.0, 0.5, 0.0])
    assert r.n_samples == n and r.rank_counts.sum() == n * 3


def test_dominating_option_has_first_rank_acceptability_one() -> None:
    v = np.array([[0.9, 0.8, 0.7], [0.5, 0.8, 0.1], [0.2, 0.3, 0.7]])
    r = smaa2(v, make_weight_sampler("simplex", n=3), n_samples=20_000, seed=1)
    assert r.rank_acceptability[0, 0] == 1.0
    assert r.rank_acceptability_se[0, 0] == 0.0
    assert np.all(r.rank_acceptability[1:, 0] == 0.0)
    assert np.all(np.isnan(r.central_weights[1:])) and np.all(np.isnan(r.confidence[1:]))
    # the winner's central weights are the mean of all weights: 1/3 each
    assert within(r.central_weights[0], np.full(3, 1 / 3), r.central_weights_se[0])


def test_symmetric_options_share_first_place() -> None:
    """(1, 0) and (0, 1) under a distribution symmetric in the two weights: 0.5 each."""
    v = np.array([[1.0, 0.0], [0.0, 1.0]])
    n = 50_000
    se = np.sqrt(0.25 / n)
    for sampler in (SIMPLEX2, make_weight_sampler("margin", n=2, weights=[1, 1], margin=0.3)):
        r = smaa2(v, sampler, n_samples=n, seed=3)
        assert within(r.rank_acceptability[:, 0], [0.5, 0.5], [se, se])
        assert np.allclose(r.rank_acceptability_se[:, 0], se, rtol=0.01)


def test_central_weights_point_to_where_an_option_wins() -> None:
    """An option that wins only when w_1 is large gets a large first central weight."""
    v = np.array([[1.0, 0.0, 0.0], [0.3, 0.7, 0.6], [0.2, 0.6, 0.7]])
    r = smaa2(v, make_weight_sampler("simplex", n=3), n_samples=30_000, seed=5)
    assert r.rank_acceptability[0, 0] > 0.05
    assert r.central_weights[0, 0] > 0.6
    assert r.central_weights[0, 0] > 2 * max(r.central_weights[0, 1:])
    assert np.allclose(np.nansum(r.central_weights, axis=1), 1.0)


def test_same_seed_identical_and_different_seed_differs() -> None:
    s = make_weight_sampler("margin", n=2, weights=[0.55, 0.45], margin=0.5)
    kw = dict(values_low=ABC - 0.1, values_high=ABC + 0.1, value_kind="uniform", n_samples=9_000)
    r1 = smaa2(ABC, s, seed=42, **kw)
    r2 = smaa2(ABC, s, seed=42, **kw)
    r3 = smaa2(ABC, s, seed=43, **kw)
    for name in ("rank_acceptability", "central_weights", "confidence", "holistic_acceptability"):
        assert np.array_equal(getattr(r1, name), getattr(r2, name), equal_nan=True)
    assert not np.array_equal(r1.rank_acceptability, r3.rank_acceptability)
    assert json.dumps(r1.to_dict()) == json.dumps(r2.to_dict())


@pytest.mark.parametrize("value_kind", ["fixed", "triangular"])
def test_chunk_size_does_not_change_results(value_kind: str) -> None:
    """Blocks of BLOCK samples are seeded on their own and reduced in order, so any chunk
    size gives bit-identical results (chunk_size only bounds memory)."""
    rng = np.random.default_rng(0)
    v = rng.random((6, 4))
    lo, hi = np.clip(v - 0.15, 0, 1), np.clip(v + 0.15, 0, 1)
    s = make_weight_sampler("margin", n=4, weights=[0.4, 0.3, 0.2, 0.1], margin=0.6)
    n = 5 * BLOCK + 123  # a partial last block
    kw = dict(values_low=lo, values_high=hi, value_kind=value_kind, n_samples=n, seed=9)
    results = [smaa2(v, s, chunk_size=c, **kw) for c in (1, 2 * BLOCK, 10**9)]
    for r in results[1:]:
        for name in (
            "rank_counts",
            "central_weights",
            "central_weights_se",
            "confidence",
            "holistic_acceptability",
        ):
            assert np.array_equal(getattr(results[0], name), getattr(r, name), equal_nan=True)


@pytest.mark.parametrize("value_kind", ["fixed", "uniform"])
def test_first_only_gives_the_full_runs_first_places(value_kind: str) -> None:
    """``first_only`` (what ``diversify score`` runs) takes an argmax instead of sorting:
    first-rank acceptabilities, their errors and central weights are bit-identical to the
    full run's (ties included: values on a coarse grid), the rest is NaN, not made up."""
    rng = np.random.default_rng(3)
    v = rng.integers(0, 4, (9, 3)) / 4
    lo, hi = np.clip(v - 0.25, 0, 1), np.clip(v + 0.25, 0, 1)
    s = make_weight_sampler("margin", n=3, weights=[0.5, 0.3, 0.2], margin=0.5)
    kw = dict(values_low=lo, values_high=hi, value_kind=value_kind, n_samples=3 * BLOCK + 7, seed=4)
    full, fast = smaa2(v, s, **kw), smaa2(v, s, first_only=True, **kw)
    assert np.array_equal(full.rank_counts[:, 0], fast.rank_counts[:, 0])
    assert np.array_equal(full.rank_acceptability[:, 0], fast.rank_acceptability[:, 0])
    assert np.array_equal(full.rank_acceptability_se[:, 0], fast.rank_acceptability_se[:, 0])
    for name in ("central_weights", "central_weights_se"):
        assert np.array_equal(getattr(full, name), getattr(fast, name), equal_nan=True)
    assert np.isnan(fast.rank_acceptability[:, 1:]).all() and np.isnan(fast.confidence).all()
    assert 0 < full.rank_acceptability[:, 0].max() < 1  # not a trivial case


def test_value_uncertainty_uniform_and_triangular() -> None:
    """One criterion, so the weight is 1. A = 0.5 fixed; B drawn from low 0.3 / high 0.9.
    Uniform: P(B > 0.5) = 0.4 / 0.6 = 2/3.
    Triangular with mode 0.6: F(0.5) = (0.5 - 0.3)^2 / ((0.9 - 0.3)(0.6 - 0.3)) = 2/9,
    so P(B > 0.5) = 7/9. With the weight fixed, the confidence factor equals the
    first-rank acceptability (fresh value draws, same law)."""
    n = 60_000
    w = np.ones((n, 1))
    v = np.array([[0.5], [0.6]])
    lo = np.array([[0.5], [0.3]])
    hi = np.array([[0.5], [0.9]])
    u = smaa2(v, w, values_low=lo, values_high=hi, value_kind="uniform", seed=2)
    t = smaa2(v, w, values_low=lo, values_high=hi, value_kind="triangular", seed=2)
    for r, p in ((u, 2 / 3), (t, 7 / 9)):
        se = np.sqrt(p * (1 - p) / n)
        assert within(r.rank_acceptability[:, 0], [1 - p, p], [se, se])
        assert within(r.confidence, [1 - p, p], [se, se])
        assert r.n_confidence_samples == n and r.value_kind != "fixed"
    f = smaa2(v, w, values_low=lo, values_high=hi, value_kind="fixed", seed=2)
    assert np.array_equal(f.rank_acceptability[:, 0], [0.0, 1.0])


def test_explicit_weight_samples_equal_the_sampler_path() -> None:
    s = make_weight_sampler("simplex", n=2)
    n = BLOCK + 10
    direct = smaa2(ABC, s, n_samples=n, seed=4)
    explicit = smaa2(ABC, weight_samples(s, 2, n, 4), seed=4)
    assert np.array_equal(direct.rank_counts, explicit.rank_counts)
    assert np.array_equal(direct.central_weights, explicit.central_weights)


def test_ranks_agree_with_scikit_criteria_weighted_sum() -> None:
    """Per sample, our rank of each option equals scikit-criteria's WeightedSumModel rank."""
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    rng = np.random.default_rng(12)
    v = rng.random((5, 3)) + 0.01
    ws = weight_samples(make_weight_sampler("simplex", n=3), 3, 40, 0)
    dm = skc.mkdm(v, [max, max, max], weights=[1, 1, 1])
    model = WeightedSumModel()
    counts = np.zeros((5, 5), dtype=np.int64)
    for w in ws:
        rank = model.evaluate(dm.replace(weights=w)).rank_
        counts[np.arange(5), rank - 1] += 1
    ours = smaa2(v, ws, seed=0)
    assert np.array_equal(ours.rank_counts, counts)


def test_meta_weights_published_forms() -> None:
    """Linear (m - r)/(m - 1), inverse 1/r, centroid sum_{k>=r} 1/k / sum_k 1/k, m = 3."""
    assert np.allclose(meta_weights(3, "linear"), [1.0, 0.5, 0.0])
    assert np.allclose(meta_weights(3, "inverse"), [1.0, 0.5, 1 / 3])
    h = 1 + 1 / 2 + 1 / 3
    assert np.allclose(meta_weights(3, "centroid"), [1.0, (1 / 2 + 1 / 3) / h, (1 / 3) / h])
    assert np.allclose(meta_weights(1, "linear"), [1.0])
    r = smaa2(ABC, SIMPLEX2, n_samples=2_000, seed=0, meta_weight_kind="inverse")
    assert np.allclose(r.holistic_acceptability, r.rank_acceptability @ [1, 0.5, 1 / 3])


def test_from_spec_ordered_weights() -> None:
    """With criterion 1 at least as important as criterion 0 (w_0 <= 0.5), A = t can only
    lead when t > 0.6: never. B leads for t < 0.4, C for 0.4 < t < 0.5: given t ~ U(0, 0.5),
    B 0.8 and C 0.2."""
    spec = RobustnessSpec(
        weights="ordered", order=["delivery", "cost"], samples=40_000, seed=1, values="fixed"
    )
    r = smaa_from_spec(ABC, [50, 50], spec, ["cost", "delivery"])
    se = np.sqrt(0.16 / 40_000)
    assert r.rank_acceptability[0, 0] == 0.0
    assert within(r.rank_acceptability[1:, 0], [0.8, 0.2], [se, se])


def test_from_spec_margin_default() -> None:
    spec = RobustnessSpec(samples=5_000, margin=0.1, values="fixed")
    r = smaa_from_spec(ABC, [70, 30], spec, ["cost", "delivery"])
    # t in 0.7 * (1 +/- 0.1) = [0.63, 0.77]: A always leads
    assert r.rank_acceptability[0, 0] == 1.0


def test_to_dict_is_json_ready() -> None:
    v = np.array([[0.9, 0.9], [0.1, 0.2]])
    d = smaa2(v, SIMPLEX2, n_samples=1_000, seed=0).to_dict(["k2", "m1"], ["cost", "delivery"])
    assert d["options"]["m1"]["central_weights"] is None
    assert d["options"]["m1"]["confidence"] is None
    assert d["options"]["k2"]["rank_acceptability"] == [1.0, 0.0]
    assert set(d["options"]["k2"]["central_weights"]) == {"cost", "delivery"}
    json.dumps(d, allow_nan=False)


def test_results_are_read_only() -> None:
    r = smaa2(ABC, SIMPLEX2, n_samples=100, seed=0)
    with pytest.raises(ValueError):
        r.rank_acceptability[0, 0] = 1.0


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="number of samples"):
        smaa2(ABC, SIMPLEX2, n_samples=0)
    with pytest.raises(ValueError, match="number of samples"):
        smaa2(ABC, SIMPLEX2, n_samples=-10)
    with pytest.raises(ValueError, match="seed"):
        smaa2(ABC, SIMPLEX2, n_samples=10, seed=-1)
    with pytest.raises(ValueError, match="chunk size"):
        smaa2(ABC, SIMPLEX2, n_samples=10, chunk_size=0)
    with pytest.raises(ValueError, match=r"shape \(N, 2\)"):
        smaa2(ABC, np.ones((5, 3)) / 3)
    with pytest.raises(ValueError, match="sum to 1"):
        smaa2(ABC, np.ones((5, 2)))
    with pytest.raises(ValueError, match="outside its range"):
        smaa2(ABC, SIMPLEX2, n_samples=10, values_low=ABC + 0.1, values_high=ABC + 0.2)
    with pytest.raises(ValueError, match="unknown value sampling"):
        smaa2(ABC, SIMPLEX2, n_samples=10, value_kind="normal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown meta-weights"):
        smaa2(ABC, SIMPLEX2, n_samples=10, meta_weight_kind="flat")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sampler returned shape"):
        smaa2(ABC, lambda rng, k: np.ones((k, 3)) / 3, n_samples=10)
    with pytest.raises(ValueError, match="criterion ids"):
        smaa_from_spec(ABC, [1, 1], RobustnessSpec(), ["cost"])


def test_large_sample_count_is_chunked_not_refused() -> None:
    """Memory is bounded by chunk_size, not n_samples: a tiny chunk still works."""
    r = smaa2(ABC, SIMPLEX2, n_samples=3 * BLOCK, seed=0, chunk_size=1)
    assert r.rank_counts.sum() == 3 * 3 * BLOCK
