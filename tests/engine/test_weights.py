"""Weight elicitation: direct, swing, rank-based, AHP, entropy and CRITIC weights.

Published examples used:

* AHP: Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", European
  Journal of Operational Research 48(1), 9-26: the house-buying example, whose level-1
  matrix compares eight criteria of a house and is printed with its priority vector,
  lambda_max = 9.669, C.I. = 0.238 and C.R. = 0.169 (random index 1.41 for n = 8).
* ROC: Barron & Barrett (1996), "Decision quality using ranked attribute weights",
  Management Science 42(11), 1515-1523: w_i = (1/n) sum_{k=i..n} 1/k, with the n = 4
  weights 0.5208, 0.2708, 0.1458, 0.0625.
* Rank sum and rank reciprocal: Stillwell, Seaver & Edwards (1981), "A comparison of
  weight approximation techniques in multiattribute utility decision making",
  Organizational Behavior and Human Performance 28(1), 62-77.
* Entropy: the fighter-aircraft decision matrix of Hwang & Yoon (1981), Multiple
  Attribute Decision Making, Springer (four aircraft, six attributes).
* CRITIC: the decision matrix of Diakoulaki, Mavrotas & Papayannakis (1995),
  "Determining objective weights in multiple criteria problems: the CRITIC method",
  Computers & Operations Research 22(7), 763-770, as reproduced in scikit-criteria's
  own test suite.

For entropy and CRITIC we could not check the papers' printed weights, so the expected
values are the papers' equations evaluated independently in the test (plain numpy, no
scikit-criteria), not numbers copied from the papers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from diversify.engine import weights
from diversify.model.elicitation import (
    AhpElicitation,
    CriticElicitation,
    DirectElicitation,
    EntropyElicitation,
    RankReciprocalElicitation,
    RankSumElicitation,
    RocElicitation,
    SwingElicitation,
)

# --------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------

# Saaty (1990), EJOR 48, 9-26, house example, level 1: the eight criteria of a house.
HOUSE_CRITERIA = [
    "size",
    "transportation",
    "neighborhood",
    "age",
    "yard",
    "modern_facilities",
    "general_condition",
    "financing",
]
HOUSE_ROWS = """
1    5    3    7    6    6    1/3  1/4
1/5  1    1/3  5    3    3    1/5  1/7
1/3  3    1    6    3    4    6    1/5
1/7  1/5  1/6  1    1/3  1/4  1/7  1/8
1/6  1/3  1/3  3    1    1/2  1/5  1/6
1/6  1/3  1/4  4    2    1    1/5  1/6
3    5    1/6  7    5    5    1    1/2
4    7    5    8    6    6    2    1
"""
HOUSE_MATRIX = [[float(Fraction(x)) for x in row.split()] for row in HOUSE_ROWS.split("\n") if row]


def test_ahp_saaty1990_house_example() -> None:
    """Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", EJOR 48(1),
    9-26, house example: priority vector .173 .054 .188 .018 .031 .036 .167 .333,
    lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169 (printed to three decimals).
    """
    expected = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    res = weights.ahp(np.array(HOUSE_MATRIX), HOUSE_CRITERIA)
    assert res.method == "ahp"
    assert res.criteria == tuple(HOUSE_CRITERIA)
    assert np.allclose(res.weights, expected, atol=5e-4)
    assert np.isclose(res.weights.sum(), 1.0)
    assert np.isclose(res.details["lambda_max"], 9.669, atol=5e-4)
    assert np.isclose(res.details["ci"], 0.238, atol=5e-4)
    assert np.isclose(res.details["cr"], 0.169, atol=5e-4)
    assert res.details["ri"] == 1.41


def test_ahp_inconsistent_published_matrix_warns() -> None:
    """The same published matrix has C.R. 0.169 > 0.10: the warning fires, says by how
    much, and names a judgement to revisit by its cell and criteria."""
    res = weights.ahp(HOUSE_MATRIX, HOUSE_CRITERIA)
    assert res.details["consistent"] is False
    assert len(res.warnings) == 1
    warning = res.warnings[0]
    assert warning.startswith("consistency ratio 0.169 exceeds 0.10")
    assert "revisit the judgements" in warning
    # The judgement furthest from the ratio of the derived weights: neighbourhood is
    # judged 6 times as important as general condition, but the weights say about 1.1.
    assert "matrix[2][6] = 6 (neighborhood over general_condition)" in warning


def test_ahp_accepts_decimals_typed_for_fractions() -> None:
    """0.333 typed for 1/3 (within 1 %) gives the published result: each pair's judgement
    is the entry >= 1 and its mirror is rebuilt as the exact reciprocal."""
    rounded = [[round(a, 3) for a in row] for row in HOUSE_MATRIX]
    exact = weights.ahp(HOUSE_MATRIX, HOUSE_CRITERIA)
    typed = weights.ahp(rounded, HOUSE_CRITERIA)
    assert np.allclose(typed.weights, exact.weights, atol=1e-12)
    assert np.isclose(typed.details["lambda_max"], exact.details["lambda_max"], atol=1e-12)


def test_ahp_consistent_matrix_recovers_weights_with_cr_zero() -> None:
    """A perfectly consistent matrix a_ij = w_i / w_j has lambda_max = n and CR = 0, and
    its eigenvector is w itself (Saaty 1980)."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    matrix = w[:, None] / w[None, :]
    res = weights.ahp(matrix, ["a", "b", "c", "d"])
    assert np.allclose(res.weights, w, atol=1e-12)
    assert np.isclose(res.details["lambda_max"], 4.0, atol=1e-9)
    assert res.details["ci"] == pytest.approx(0.0, abs=1e-12)
    assert res.details["cr"] == pytest.approx(0.0, abs=1e-12)
    assert res.details["consistent"] is True
    assert res.warnings == ()


def test_ahp_two_criteria_are_always_consistent() -> None:
    res = weights.ahp([[1, 3], [1 / 3, 1]], ["cost", "delivery"])
    assert np.allclose(res.weights, [0.75, 0.25])
    assert res.details["cr"] == 0.0 and res.details["ri"] == 0.0
    assert res.details["consistent"] is True


def test_ahp_single_criterion() -> None:
    res = weights.ahp([[1]], ["cost"])
    assert res.weights.tolist() == [1.0]
    assert res.details["cr"] == 0.0


def test_ahp_random_index_tables() -> None:
    """Saaty's table by default; Alonso & Lamata (2006) on request (RI 1.4056 for n = 8)."""
    assert weights.SAATY_RANDOM_INDEX[2:10] == (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    assert len(weights.SAATY_RANDOM_INDEX) == len(weights.ALONSO_LAMATA_RANDOM_INDEX) == 15
    res = weights.ahp(HOUSE_MATRIX, HOUSE_CRITERIA, random_index="alonso-lamata")
    assert res.details["ri"] == 1.4056
    assert res.details["random_index"] == "alonso-lamata"
    assert np.isclose(res.details["cr"], res.details["ci"] / 1.4056)


def test_ahp_threshold_can_be_changed() -> None:
    res = weights.ahp(HOUSE_MATRIX, HOUSE_CRITERIA, cr_threshold=0.2)
    assert res.details["consistent"] is True and res.warnings == ()


def test_ahp_warns_outside_saaty_scale() -> None:
    res = weights.ahp([[1, 12], [1 / 12, 1]], ["a", "b"])
    assert any("matrix[0][1] = 12" in w and "1-9 scale" in w for w in res.warnings)


def test_ahp_non_square_rejected() -> None:
    with pytest.raises(ValueError, match=r"matrix\[1\] has 3 entries but the matrix has 2 rows"):
        weights.ahp([[1, 2], [0.5, 1, 3]], ["a", "b"])


def test_ahp_non_positive_rejected_with_cell() -> None:
    with pytest.raises(ValueError, match=r"matrix\[0\]\[1\] is 0 .*positive"):
        weights.ahp([[1, 0], [1, 1]], ["a", "b"])


def test_ahp_diagonal_must_be_one() -> None:
    with pytest.raises(ValueError, match=r"matrix\[1\]\[1\] is 2 .*set matrix\[1\]\[1\] to 1"):
        weights.ahp([[1, 2], [0.5, 2]], ["a", "b"])


def test_ahp_non_reciprocal_names_the_cell() -> None:
    matrix = [[1, 2, 3], [0.5, 1, 1], [3, 1, 1]]
    with pytest.raises(ValueError) as info:
        weights.ahp(matrix, ["cost", "delivery", "itb"])
    msg = str(info.value)
    assert (
        "matrix[2][0] is 3 (itb compared with cost) but matrix[0][2] is 3: a pairwise matrix "
        "must be reciprocal, so matrix[2][0] should be 1/3 ≈ 0.333"
    ) in msg


def test_ahp_size_must_match_criteria() -> None:
    with pytest.raises(ValueError, match="2 rows but there are 3 criteria"):
        weights.ahp([[1, 2], [0.5, 1]], ["a", "b", "c"])


def test_ahp_more_than_fifteen_criteria_rejected() -> None:
    n = 16
    with pytest.raises(ValueError, match="at most 15"):
        weights.ahp(np.ones((n, n)), [f"c{i}" for i in range(n)])


# --------------------------------------------------------------------------------------
# rank-based weights
# --------------------------------------------------------------------------------------


def test_roc_barron_barrett1996_n4() -> None:
    """Barron & Barrett (1996), Management Science 42(11): ROC weights for four ranked
    attributes, 0.5208, 0.2708, 0.1458, 0.0625 (four decimals)."""
    expected = [0.5208, 0.2708, 0.1458, 0.0625]
    order = ["delivery", "cost", "interoperability", "itb"]
    res = weights.rank_order_centroid(order, order)
    assert np.allclose(res.weights, expected, atol=5e-5)
    assert res.method == "roc"


def test_roc_barron_barrett1996_n5() -> None:
    """Barron & Barrett (1996) formula w_i = (1/n) sum_{k=i..n} 1/k for n = 5: exactly
    137/300, 77/300, 47/300, 27/300, 12/300 (0.4567, 0.2567, 0.1567, 0.0900, 0.0400)."""
    expected = np.array([137, 77, 47, 27, 12]) / 300
    res = weights.rank_order_centroid(list("abcde"), list("abcde"))
    assert np.allclose(res.weights, expected, atol=1e-12)
    assert np.allclose(res.weights, [0.4567, 0.2567, 0.1567, 0.0900, 0.0400], atol=5e-5)


def test_rank_weights_follow_criteria_order() -> None:
    """Weights come back in the order of ``criteria``, whatever the ranking."""
    res = weights.rank_order_centroid(
        ["itb", "cost", "delivery", "tech"], ["cost", "delivery", "itb", "tech"]
    )
    assert res.criteria == ("cost", "delivery", "itb", "tech")
    assert np.allclose(res.weights, [0.2708, 0.1458, 0.5208, 0.0625], atol=5e-5)
    assert res.details["ranks"] == [2.0, 3.0, 1.0, 4.0]
    assert res.as_dict()["itb"] == pytest.approx(25 / 48)


def test_rank_sum_stillwell1981() -> None:
    """Stillwell, Seaver & Edwards (1981): rank sum w_i = 2(n + 1 - i) / (n(n + 1));
    for n = 4 exactly 0.4, 0.3, 0.2, 0.1."""
    res = weights.rank_sum(list("abcd"), list("abcd"))
    assert np.allclose(res.weights, [0.4, 0.3, 0.2, 0.1], atol=1e-12)
    assert res.method == "rank_sum"


def test_rank_reciprocal_stillwell1981() -> None:
    """Stillwell, Seaver & Edwards (1981): rank reciprocal w_i = (1/i) / sum_k 1/k; for
    n = 4 exactly 12/25, 6/25, 4/25, 3/25 (0.48, 0.24, 0.16, 0.12)."""
    res = weights.rank_reciprocal(list("abcd"), list("abcd"))
    assert np.allclose(res.weights, [0.48, 0.24, 0.16, 0.12], atol=1e-12)
    assert res.method == "rank_reciprocal"


def test_rank_one_criterion_gets_everything() -> None:
    for fn in (weights.rank_order_centroid, weights.rank_sum, weights.rank_reciprocal):
        assert fn(["cost"], ["cost"]).weights.tolist() == [1.0]


@pytest.mark.parametrize(
    "fn", [weights.rank_order_centroid, weights.rank_sum, weights.rank_reciprocal]
)
def test_rank_missing_criterion_rejected(fn: object) -> None:
    with pytest.raises(ValueError, match="criterion itb not in the order: a ranking must place"):
        fn(["cost", "delivery"], ["cost", "delivery", "itb"])  # type: ignore[operator]


def test_rank_unknown_criterion_rejected() -> None:
    with pytest.raises(ValueError, match="speed in the order is not a criterion"):
        weights.rank_order_centroid(["cost", "speed"], ["cost"])


def test_rank_duplicate_rejected() -> None:
    with pytest.raises(ValueError, match=r"cost is listed twice \(order\[0\] and order\[2\]\)"):
        weights.rank_order_centroid(["cost", "itb", "cost"], ["cost", "itb"])


# --------------------------------------------------------------------------------------
# direct and swing
# --------------------------------------------------------------------------------------

BALANCED = {"cost": 25, "delivery": 20, "interoperability": 20, "itb": 15, "tech_transfer": 20}
CRITERIA = ["cost", "delivery", "interoperability", "itb", "tech_transfer"]


def test_normalise_design_balanced_profile() -> None:
    """DESIGN.md's `balanced` profile, 100 points, becomes weights summing to 1."""
    assert np.allclose(weights.normalise(BALANCED, CRITERIA), [0.25, 0.2, 0.2, 0.15, 0.2])


def test_normalise_any_scale_and_missing_is_zero() -> None:
    w = weights.normalise({"cost": 3, "itb": 1}, ["cost", "delivery", "itb"])
    assert np.allclose(w, [0.75, 0.0, 0.25])


def test_normalise_all_zero_rejected() -> None:
    with pytest.raises(ValueError, match="every criterion has 0 points"):
        weights.normalise({"cost": 0, "itb": 0}, ["cost", "itb"])


def test_normalise_negative_rejected() -> None:
    with pytest.raises(ValueError, match="cost has -5 points"):
        weights.normalise({"cost": -5, "itb": 10}, ["cost", "itb"])


def test_normalise_unknown_name_rejected() -> None:
    with pytest.raises(ValueError, match="cots in the points is not a criterion"):
        weights.normalise({"cots": 5}, ["cost"])


def test_direct_warns_about_criteria_without_points() -> None:
    res = weights.direct({"cost": 60, "delivery": 40}, ["cost", "delivery", "itb"])
    assert np.allclose(res.weights, [0.6, 0.4, 0.0])
    assert res.details["points"] == [60.0, 40.0, 0.0]
    assert res.warnings == (
        "criterion itb got no points, so no weight; give it points if it should count",
    )


def test_swing_warns_about_criteria_without_swing_points() -> None:
    res = weights.swing({"cost": 100}, ["cost", "delivery", "itb"])
    assert np.allclose(res.weights, [1.0, 0.0, 0.0])
    assert res.warnings == (
        "criteria delivery, itb got no swing points, so no weight; give them swing points "
        "if they should count",
    )


def test_swing_weights() -> None:
    """Swing points 100 / 60 / 40 give 0.5 / 0.3 / 0.2: each swing over the total."""
    res = weights.swing({"cost": 100, "delivery": 60, "itb": 40}, ["cost", "delivery", "itb"])
    assert np.allclose(res.weights, [0.5, 0.3, 0.2])
    assert res.method == "swing" and res.warnings == ()


def test_swing_without_100_rejected() -> None:
    with pytest.raises(ValueError, match=r"no swing is rated 100 .*largest is cost at 80"):
        weights.swing({"cost": 80, "itb": 40}, ["cost", "itb"])


def test_swing_above_100_rejected() -> None:
    with pytest.raises(ValueError, match="the swing of cost is 150"):
        weights.swing({"cost": 150, "itb": 100}, ["cost", "itb"])


def test_swing_all_zero_rejected() -> None:
    with pytest.raises(ValueError, match="every swing is 0"):
        weights.swing({"cost": 0, "itb": 0}, ["cost", "itb"])


def test_result_is_immutable() -> None:
    res = weights.swing({"cost": 100, "itb": 50}, ["cost", "itb"])
    with pytest.raises(ValueError):
        res.weights[0] = 1.0
    with pytest.raises(AttributeError):
        res.method = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# entropy
# --------------------------------------------------------------------------------------

# Hwang & Yoon (1981), fighter aircraft: max speed (Mach), ferry range (NM), max payload
# (lb), acquisition cost ($10^6, minimise), reliability and manoeuvrability (ratings on an
# interval scale: low 3, average 5, high 7, very high 9).
FIGHTERS = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
FIGHTER_OBJECTIVES = np.array([1, 1, 1, -1, 1, 1])
FIGHTER_CRITERIA = ["speed", "range", "payload", "cost", "reliability", "manoeuvrability"]


def _entropy_by_hand(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hwang & Yoon's equations: p_ij = x_ij / sum_i x_ij, E_j = -sum_i p_ij ln p_ij / ln m,
    w_j = (1 - E_j) / sum_j (1 - E_j)."""
    p = x / x.sum(axis=0)
    e = -(p * np.log(p)).sum(axis=0) / np.log(x.shape[0])
    return e, (1 - e) / (1 - e).sum()


def test_entropy_hwang_yoon1981_fighter_matrix() -> None:
    """Hwang & Yoon (1981), Multiple Attribute Decision Making, fighter-aircraft matrix.

    Expected values: the entropy equations evaluated by hand (we could not verify the
    book's printed weights, so none are copied here). Reliability varies most relative to
    its mean and gets the largest weight; payload barely varies and gets the least.
    """
    expected_e, expected_w = _entropy_by_hand(FIGHTERS)
    res = weights.entropy(FIGHTERS, FIGHTER_OBJECTIVES, FIGHTER_CRITERIA)
    assert np.allclose(res.weights, expected_w, atol=1e-12)
    assert np.allclose(res.details["entropy"], expected_e, atol=1e-12)
    assert np.allclose(res.details["diversification"], 1 - expected_e, atol=1e-12)
    assert res.criteria[int(np.argmax(res.weights))] == "reliability"
    assert res.criteria[int(np.argmin(res.weights))] == "payload"


def test_entropy_ignores_direction_like_the_published_method() -> None:
    flipped = weights.entropy(FIGHTERS, -FIGHTER_OBJECTIVES, FIGHTER_CRITERIA)
    plain = weights.entropy(FIGHTERS, FIGHTER_OBJECTIVES, FIGHTER_CRITERIA)
    assert np.array_equal(flipped.weights, plain.weights)


def test_entropy_is_unit_free() -> None:
    """p_ij is a share of the column total, so changing units (Mach -> km/h) changes nothing."""
    x = FIGHTERS.copy()
    x[:, 0] *= 1234.8
    assert np.allclose(
        weights.entropy(x, None, FIGHTER_CRITERIA).weights,
        weights.entropy(FIGHTERS, None, FIGHTER_CRITERIA).weights,
    )


def test_entropy_constant_criterion_gets_no_weight() -> None:
    x = np.column_stack([FIGHTERS[:, :3], np.full(4, 7.0)])
    res = weights.entropy(x, None, ["speed", "range", "payload", "itb"])
    assert res.weights[3] == 0.0
    assert res.warnings == (
        "criterion itb has the same figure for every option, so entropy gives it no weight",
    )


def test_entropy_rejects_negative_figures() -> None:
    x = np.array([[1.0, -2.0], [2.0, 3.0]])
    with pytest.raises(ValueError, match=r"b \(lowest -2\) go below zero"):
        weights.entropy(x, None, ["a", "b"])


def test_entropy_rejects_all_zero_column() -> None:
    with pytest.raises(ValueError, match="criterion b: zero for every option"):
        weights.entropy(np.array([[1.0, 0.0], [2.0, 0.0]]), None, ["a", "b"])


def test_entropy_rejects_no_contrast_at_all() -> None:
    with pytest.raises(ValueError, match="same figure for every option"):
        weights.entropy(np.array([[1.0, 5.0], [1.0, 5.0]]), None, ["a", "b"])


def test_entropy_needs_two_options_and_matching_columns() -> None:
    with pytest.raises(ValueError, match="at least two options"):
        weights.entropy(np.array([[1.0, 2.0]]), None, ["a", "b"])
    with pytest.raises(ValueError, match="one column per criterion"):
        weights.entropy(FIGHTERS, None, ["a", "b"])
    with pytest.raises(ValueError, match="missing or infinite"):
        weights.entropy(np.array([[1.0, np.nan], [2.0, 1.0]]), None, ["a", "b"])


# --------------------------------------------------------------------------------------
# CRITIC
# --------------------------------------------------------------------------------------

# Diakoulaki, Mavrotas & Papayannakis (1995): eight alternatives, three criteria (maximise).
DIAKOULAKI = np.array(
    [
        [61, 1.08, 4.33],
        [20.7, 0.26, 4.34],
        [16.3, 1.98, 2.53],
        [9.0, 3.29, 1.65],
        [5.4, 2.77, 2.33],
        [4.0, 4.12, 1.21],
        [-6.1, 3.52, 2.10],
        [-34.6, 3.31, 0.98],
    ]
)


def _critic_by_hand(x: np.ndarray, objectives: np.ndarray) -> tuple[np.ndarray, ...]:
    """Diakoulaki et al. (1995) eqs. (2)-(6): scale worst = 0 .. best = 1, Pearson r_jk,
    C_j = sigma_j sum_k (1 - r_jk), w_j = C_j / sum C."""
    best = np.where(objectives > 0, x.max(axis=0), x.min(axis=0))
    worst = np.where(objectives > 0, x.min(axis=0), x.max(axis=0))
    s = (x - worst) / (best - worst)
    sigma = s.std(axis=0)
    conflict = (1 - np.corrcoef(s, rowvar=False)).sum(axis=0)
    c = sigma * conflict
    return c / c.sum(), sigma, conflict


def test_critic_diakoulaki1995_matrix() -> None:
    """Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research 22(7),
    763-770, numerical example's matrix (three maximise criteria).

    Expected values: the paper's equations evaluated by hand here, and the same numbers
    scikit-criteria's own test asserts (0.20222554, 0.48090173, 0.31687273); we could not
    check the paper's printed weights.
    """
    objectives = np.array([1, 1, 1])
    expected_w, sigma, conflict = _critic_by_hand(DIAKOULAKI, objectives)
    res = weights.critic(DIAKOULAKI, objectives, ["c1", "c2", "c3"])
    assert np.allclose(res.weights, expected_w, atol=1e-12)
    assert np.allclose(res.weights, [0.20222554, 0.48090173, 0.31687273], atol=1e-8)
    assert np.allclose(res.details["std"], sigma)
    assert np.allclose(res.details["conflict"], conflict)
    assert np.allclose(res.details["information"], sigma * conflict)
    assert res.details["correlation"] == "pearson"
    assert res.warnings == ()


def test_critic_spearman() -> None:
    """Spearman variant: scikit-criteria's own test values for the same matrix."""
    res = weights.critic(DIAKOULAKI, [1, 1, 1], ["c1", "c2", "c3"], correlation="spearman")
    assert np.allclose(res.weights, [0.21454645, 0.4898563, 0.29559726], atol=1e-8)


def test_critic_minimise_matches_paper_scaling() -> None:
    """Eq. (2) scales each criterion from its worst to its best figure, so a minimise
    criterion with negated figures gives exactly the same weights, with no inversion step
    and no warning."""
    x = DIAKOULAKI.copy()
    x[:, 1] = -x[:, 1]
    res = weights.critic(x, ["max", "min", "max"], ["c1", "c2", "c3"])
    expected_w, _, _ = _critic_by_hand(x, np.array([1, -1, 1]))
    assert np.allclose(res.weights, expected_w, atol=1e-12)
    assert np.allclose(res.weights, [0.20222554, 0.48090173, 0.31687273], atol=1e-8)
    assert res.warnings == ()


def test_critic_constant_criterion_gets_zero_and_others_unchanged() -> None:
    x = np.column_stack([DIAKOULAKI, np.full(8, 3.0)])
    res = weights.critic(x, [1, 1, 1, -1], ["c1", "c2", "c3", "flat"])
    assert res.weights[3] == 0.0
    assert np.allclose(res.weights[:3], [0.20222554, 0.48090173, 0.31687273], atol=1e-8)
    assert res.details["std"][3] == 0.0
    assert res.warnings == (
        "criterion flat has the same figure for every option, so CRITIC gives it no weight "
        "and computes the others without",
    )


def test_critic_needs_two_varying_criteria() -> None:
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    with pytest.raises(ValueError, match=r"at least two criteria .*\(here: a\)"):
        weights.critic(x, [1, 1], ["a", "b"])


def test_critic_perfectly_correlated_criteria_rejected() -> None:
    x = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    with pytest.raises(ValueError, match="no conflict"):
        weights.critic(x, [1, 1], ["a", "b"])


def test_critic_bad_objectives_rejected() -> None:
    with pytest.raises(ValueError, match="2 objectives for 3 criteria"):
        weights.critic(DIAKOULAKI, [1, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="neither"):
        weights.critic(DIAKOULAKI, [1, 0, 1], ["a", "b", "c"])


# --------------------------------------------------------------------------------------
# dispatcher
# --------------------------------------------------------------------------------------


def test_elicit_dispatches_every_method() -> None:
    crit = ["cost", "delivery"]
    cases = [
        (DirectElicitation(method="direct", points={"cost": 3, "delivery": 1}), [0.75, 0.25]),
        (SwingElicitation(method="swing", swings={"cost": 100, "delivery": 25}), [0.8, 0.2]),
        (RocElicitation(method="roc", order=["delivery", "cost"]), [0.25, 0.75]),
        (RankSumElicitation(method="rank_sum", order=["cost", "delivery"]), [2 / 3, 1 / 3]),
        (
            RankReciprocalElicitation(method="rank_reciprocal", order=["cost", "delivery"]),
            [2 / 3, 1 / 3],
        ),
    ]
    for spec, expected in cases:
        res = weights.elicit(spec, crit)
        assert res.criteria == tuple(crit)
        assert np.allclose(res.weights, expected), spec.method


def test_elicit_ahp_reorders_to_the_scenario_criteria() -> None:
    spec = AhpElicitation(method="ahp", criteria=["delivery", "cost"], matrix=[[1, 3], ["1/3", 1]])
    res = weights.elicit(spec, ["cost", "delivery"])
    assert res.criteria == ("cost", "delivery")
    assert np.allclose(res.weights, [0.25, 0.75])
    assert res.details["cr"] == 0.0


def test_elicit_ahp_house_example_through_the_model() -> None:
    spec = AhpElicitation(
        method="ahp",
        criteria=HOUSE_CRITERIA,
        matrix=[
            [int(c) if c.isdigit() else c for c in row.split()]
            for row in HOUSE_ROWS.split("\n")
            if row
        ],  # "1/3" strings; whole numbers as numbers
    )
    res = weights.elicit(spec, HOUSE_CRITERIA)
    assert np.isclose(res.details["cr"], 0.169, atol=5e-4)
    assert res.warnings


def test_elicit_data_driven_methods() -> None:
    res = weights.elicit(
        EntropyElicitation(method="entropy"), FIGHTER_CRITERIA, FIGHTERS, FIGHTER_OBJECTIVES
    )
    assert np.allclose(res.weights, _entropy_by_hand(FIGHTERS)[1])
    res = weights.elicit(
        CriticElicitation(method="critic"), ["a", "b", "c"], DIAKOULAKI, np.ones(3)
    )
    assert np.allclose(res.weights, [0.20222554, 0.48090173, 0.31687273], atol=1e-8)


def test_elicit_data_driven_without_data_rejected() -> None:
    with pytest.raises(ValueError, match="computed from the options' figures"):
        weights.elicit(EntropyElicitation(method="entropy"), ["a", "b"])


def test_elicit_reports_unknown_and_missing_criteria() -> None:
    with pytest.raises(ValueError, match="speed is not a criterion of this scenario"):
        weights.elicit(DirectElicitation(method="direct", points={"speed": 1}), ["cost"])
    with pytest.raises(ValueError, match="criterion itb not in `order`"):
        weights.elicit(RocElicitation(method="roc", order=["cost"]), ["cost", "itb"])
    spec = AhpElicitation(method="ahp", criteria=["cost", "delivery"], matrix=[[1, 2], [0.5, 1]])
    with pytest.raises(ValueError, match="criterion itb not in the AHP `criteria`"):
        weights.elicit(spec, ["cost", "delivery", "itb"])


def test_weights_module_does_not_import_skcriteria() -> None:
    """The CLI imports this module at start-up: scikit-criteria and pandas must load only
    when entropy or CRITIC is actually computed."""
    code = (
        "import sys, json\nimport diversify.engine.weights\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('skcriteria', 'pandas', 'matplotlib', 'scipy'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
