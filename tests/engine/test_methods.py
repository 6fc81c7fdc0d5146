"""Ranking methods, checked against published worked examples and for every bad path."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from diversify.engine.methods import METHODS, MethodOutput, evaluate
from diversify.engine.promethee import promethee2
from diversify.model.methods import (
    METHOD_PARAMS,
    Electre1Params,
    PreferenceFunction,
    PrometheeParams,
    TopsisParams,
    VikorParams,
    WsmParams,
)


def names(prefix: str, count: int) -> list[str]:
    """A1..An style labels, as the papers print them."""
    return [f"{prefix}{i}" for i in range(1, count + 1)]


def run(method: str, raw: object, objectives: object, weights: object, **kwargs) -> MethodOutput:
    """``evaluate`` with generated option and criterion names."""
    raw = np.asarray(raw, dtype=float)
    return evaluate(
        method,
        raw=raw,
        objectives=np.asarray(objectives),
        weights=np.asarray(weights, dtype=float),
        alternatives=kwargs.pop("alternatives", names("A", raw.shape[0])),
        criteria=kwargs.pop("criteria", names("C", raw.shape[1])),
        **kwargs,
    )


# ---------------------------------------------------------------------------------------
# published worked examples
# ---------------------------------------------------------------------------------------


def test_topsis_tzeng_huang_2011() -> None:
    """TOPSIS with vector normalisation and Euclidean distance.

    Tzeng, G.H. & Huang, J.J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press: the TOPSIS numerical example, four alternatives on three
    benefit criteria, weights (0.3, 0.4, 0.3); relative closeness printed to 4 decimals.
    (The same example is reproduced in scikit-criteria's own test suite.)
    """
    out = run("topsis", [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [1, 1, 1], [0.3, 0.4, 0.3])
    expected = [0.5037, 0.6581, 0.7482, 0.3340]
    assert np.allclose(out.scores, expected, atol=1e-4)
    assert np.allclose(out.extras["closeness"], expected, atol=1e-4)
    assert out.ranks.tolist() == [3, 2, 1, 4]
    assert out.higher_is_better and not out.additive and out.contributions is None


def test_vikor_opricovic_tzeng_2004() -> None:
    """VIKOR on the two-criterion example with one cost criterion.

    Opricovic, S. & Tzeng, G.H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research 156(2), 445-455,
    numerical example: A1 (risk 1, altitude 3000), A2 (2, 3750), A3 (5, 4500), risk
    minimised, altitude maximised, equal weights, v = 0.5. A2 is the compromise solution
    (acceptable advantage and stability), A1 and A3 tie behind it.
    """
    out = run("vikor", [[1, 3000], [2, 3750], [5, 4500]], [-1, 1], [0.5, 0.5])
    assert np.allclose(out.extras["S"], [0.5, 0.375, 0.5])
    assert np.allclose(out.extras["R"], [0.5, 0.25, 0.5])
    assert np.allclose(out.extras["Q"], [1.0, 0.0, 1.0])
    assert np.array_equal(out.scores, out.extras["Q"])
    assert out.extras["compromise"].tolist() == [False, True, False]
    assert out.ranks.tolist() == [2, 1, 2]
    assert out.higher_is_better is False


OPRICOVIC_2007_RAW = [
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
]
# profit, cost, energy, peak energy, homes relocated, reservoir area, villages, environment
OPRICOVIC_2007_OBJECTIVES = [1, -1, 1, 1, -1, -1, -1, 1]


@pytest.mark.parametrize(
    ("weights", "s", "r", "q", "compromise", "ranks"),
    [
        pytest.param(
            [1] * 8,
            [0.692, 0.700, 0.290, 0.423, 0.280, 0.346],
            [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
            [0.991, 1.000, 0.473, 0.670, 0.000, 0.578],
            [False, False, False, False, True, False],
            [5, 6, 2, 4, 1, 3],
            id="W1-equal",
        ),
        pytest.param(
            [1, 1, 1, 1, 2, 2, 2, 2],
            [0.683, 0.800, 0.193, 0.480, 0.243, 0.232],
            [0.113, 0.167, 0.080, 0.122, 0.044, 0.083],
            [0.684, 1.000, 0.147, 0.554, 0.041, 0.191],
            [False, False, True, False, True, True],
            # Q order A5, A3, A6, A4, A1, A2; no acceptable advantage, so A5, A3 and A6 form
            # the compromise set and share rank 1.
            [3, 4, 1, 2, 1, 1],
            id="W3-environment-first",
        ),
    ],
)
def test_vikor_opricovic_tzeng_2007(
    weights: list[float],
    s: list[float],
    r: list[float],
    q: list[float],
    compromise: list[bool],
    ranks: list[int],
) -> None:
    """VIKOR with eight criteria and two weight sets.

    Opricovic, S. & Tzeng, G.H. (2007). Extended VIKOR method in comparison with outranking
    methods. European Journal of Operational Research 178(2), 514-529, numerical example:
    six alternatives, eight criteria, S, R and Q printed to 3 decimals for weight sets W1
    (all equal) and W3 (the four environmental/social criteria weighted double).
    """
    out = run("vikor", OPRICOVIC_2007_RAW, OPRICOVIC_2007_OBJECTIVES, weights)
    assert np.allclose(out.extras["S"], s, atol=1e-3)
    assert np.allclose(out.extras["R"], r, atol=1e-3)
    assert np.allclose(out.extras["Q"], q, atol=1e-3)
    assert out.extras["compromise"].tolist() == compromise
    assert out.ranks.tolist() == ranks


CEBRIAN_PORCAR_RAW = [
    [6, 5, 28, 5, 5],
    [4, 2, 25, 10, 9],
    [5, 7, 35, 9, 6],
    [6, 1, 27, 6, 7],
    [6, 8, 30, 7, 9],
    [5, 6, 26, 4, 8],
]
"""Cebrián & Porcar (2009): six locations, five criteria (the third minimised)."""


def test_electre1_cebrian_porcar_2009() -> None:
    """ELECTRE I kernel with concordance threshold 0.65 and discordance threshold 0.35.

    Cebrián, L.I.G. & Porcar, A.M. (2009). Localización empresarial en Aragón: una
    aplicación empírica de la ayuda a la decisión multicriterio tipo ELECTRE I y III.
    Robustez de los resultados obtenidos. Revista de Métodos Cuantitativos para la Economía
    y la Empresa 7, 31-56: six locations, five criteria (the third minimised), weights
    (0.25, 0.25, 0.1, 0.2, 0.2), figures normalised by column sums; the kernel is the
    fifth location alone.
    """
    raw = CEBRIAN_PORCAR_RAW
    out = run("electre1", raw, [1, 1, -1, 1, 1], [0.25, 0.25, 0.1, 0.2, 0.2])
    assert out.extras["kernel"].tolist() == [False, False, False, False, True, False]
    # Rank 1 is the kernel; the fifth location outranks every other one.
    assert out.ranks[4] == 1 and np.all(out.ranks[[0, 1, 2, 3, 5]] > 1)
    assert out.extras["outranks"][4] == 5 and out.extras["outranked_by"][4] == 0
    assert np.array_equal(out.scores, out.extras["outranks"] - out.extras["outranked_by"])


def test_wpm_triantaphyllou_2000() -> None:
    """WPM pairwise ratios R(A_K / A_L) = prod_j (a_Kj / a_Lj) ^ w_j.

    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    Kluwer, the WPM numerical example (also the example of Wikipedia's "Weighted product
    model" article): three alternatives, four benefit criteria, weights (0.20, 0.15, 0.40,
    0.25); printed ratios R(A1/A2) = 1.007, R(A1/A3) = 1.067, R(A2/A3) = 1.059, so A1 is
    best. The ratio of two WPM scores is exactly this ratio, whatever the normalisation.
    """
    out = run(
        "wpm",
        [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
        [1] * 4,
        [0.20, 0.15, 0.40, 0.25],
    )
    a1, a2, a3 = out.scores
    assert np.allclose([a1 / a2, a1 / a3, a2 / a3], [1.007, 1.067, 1.059], atol=5e-4)
    assert out.ranks.tolist() == [1, 2, 3]
    assert np.allclose(np.log10(out.scores), out.extras["log10_score"])


# Chakraborty, Zavadskas & Antucheviciene (2015), Example 2: ten alternatives; purchase
# cost (min), floor space (min), number of machines (min), productivity (max).
CHAKRABORTY_RAW = [
    [581818, 54.49, 3, 5500],
    [595454, 49.73, 3, 4500],
    [586060, 51.24, 3, 5000],
    [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200],
    [543030, 74.46, 4, 5600],
    [522727, 75.42, 4, 5800],
    [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400],
    [513333, 70.67, 4, 6000],
]
CHAKRABORTY_OBJECTIVES = [-1, -1, -1, 1]
CHAKRABORTY_WEIGHTS = [0.467, 0.160, 0.095, 0.278]
CHAKRABORTY_RANKS = [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_wsm_chakraborty_zavadskas_antucheviciene_2015() -> None:
    """SAW/WSM with linear ratio normalisation (x / max benefit, min / x cost).

    Chakraborty, S., Zavadskas, E.K. & Antucheviciene, J. (2015). Applications of WASPAS
    method as a multi-criteria decision-making tool. Economic Computation and Economic
    Cybernetics Studies and Research 49(1), 5-22, Example 2: WASPAS scores at lambda = 1,
    which is the pure weighted sum model, printed to 4 decimals. This is the normalisation
    ``wsm`` uses (scikit-criteria's ``BenefitCostInverter``).
    """
    out = run("wsm", CHAKRABORTY_RAW, CHAKRABORTY_OBJECTIVES, CHAKRABORTY_WEIGHTS)
    expected = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    assert np.allclose(out.scores, expected, atol=1e-4)
    assert out.ranks.tolist() == CHAKRABORTY_RANKS
    assert out.additive and out.contributions is not None
    assert np.allclose(out.contributions.sum(axis=1), out.scores)


def test_wpm_chakraborty_zavadskas_antucheviciene_2015() -> None:
    """WPM with the same ratio normalisation.

    Chakraborty, Zavadskas & Antucheviciene (2015), Example 2 (citation above): WASPAS
    scores at lambda = 0, which is the pure weighted product model, printed to 4 decimals.
    """
    out = run("wpm", CHAKRABORTY_RAW, CHAKRABORTY_OBJECTIVES, CHAKRABORTY_WEIGHTS)
    expected = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    assert np.allclose(out.scores, expected, atol=1e-4)
    assert out.ranks.tolist() == CHAKRABORTY_RANKS
    assert not out.additive and out.contributions is None


def test_promethee2_brans_vincke_mareschal_1986_by_criterion_name() -> None:
    """PROMETHEE II through ``evaluate``, functions given per criterion id.

    Brans, Vincke & Mareschal (1986), EJOR 24, 228-238, numerical example (six projects,
    one criterion of each generalised-criterion type); see tests/engine/test_promethee.py
    for the hand-checked preference table the flows come from. Complete ranking
    a5 > a2 > a4 > a6 > a3 > a1. The 'usual' criterion f5 is left out of ``functions`` on
    purpose: unlisted criteria are 'usual'.
    """
    raw = [
        [80, 90, 6, 5.4, 8, 5],
        [65, 58, 2, 9.7, 1, 1],
        [83, 60, 4, 7.2, 4, 7],
        [40, 80, 10, 7.5, 7, 10],
        [52, 72, 6, 2.0, 3, 8],
        [94, 96, 7, 3.6, 5, 6],
    ]
    params = PrometheeParams(
        functions={
            "f6": {"type": "gaussian", "s": 5},
            "f1": {"type": "u-shape", "q": 10},
            "f2": {"type": 3, "p": 30},
            "f3": {"type": "linear", "q": 0.5, "p": 5},
            "f4": {"type": "level", "q": 1, "p": 6},
        }
    )
    objectives = [-1, 1, -1, -1, -1, 1]
    out = run(
        "promethee2",
        raw,
        objectives,
        [1] * 6,
        params=params,
        alternatives=names("a", 6),
        criteria=names("f", 6),
    )
    functions = [params.functions.get(f, PreferenceFunction()) for f in names("f", 6)]
    plus, minus, net = promethee2(raw, objectives, np.ones(6), functions)
    assert np.allclose(out.extras["phi_plus"], plus)
    assert np.allclose(out.extras["phi_minus"], minus)
    assert np.allclose(out.scores, net)
    assert np.array_equal(out.scores, out.extras["phi_net"])
    assert np.allclose(out.scores, [-0.1457, 0.0172, -0.0895, -0.0200, 0.2929, -0.0549], atol=1e-4)
    assert out.ranks.tolist() == [6, 2, 5, 3, 1, 4]
    # The preference matrix pi(a, b) is output too (hand-checked entries as in
    # tests/engine/test_promethee.py); its row and column means are the flows.
    pi = out.details["preference"]
    assert pi[1, 5] == pytest.approx(0.5) and pi[0, 4] == pytest.approx(0.1)
    assert np.allclose(np.diag(pi), 0.0)
    assert np.allclose(out.extras["phi_plus"], pi.sum(axis=1) / 5)
    assert np.allclose(out.extras["phi_minus"], pi.sum(axis=0) / 5)


# ---------------------------------------------------------------------------------------
# method variants and intermediate results (issue 15)
# ---------------------------------------------------------------------------------------

OPRICOVIC_2004_RAW = [[1, 3000], [2, 3750], [5, 4500]]
"""Opricovic & Tzeng (2004), EJOR 156, 445-455, numerical example: risk (min), altitude."""


def test_topsis_minmax_normalisation_on_the_opricovic_tzeng_2004_example() -> None:
    """TOPSIS with min-max (linear) normalisation, the normalisation VIKOR uses.

    Data: Opricovic & Tzeng (2004), European Journal of Operational Research 156(2),
    445-455, numerical example (A1 (1, 3000), A2 (2, 3750), A3 (5, 4500), risk minimised,
    equal weights). The paper's printed TOPSIS figures could not be consulted, so the
    expected values are an independent hand computation: min-max scaled and weighted,
    A1 = (0.5, 0), A2 = (0.375, 0.25), A3 = (0, 0.5); ideal (0.5, 0.5) and anti-ideal
    (0, 0) in benefit terms; D+ = (0.5, sqrt(0.078125), 0.5), D- = (0.5, sqrt(0.203125),
    0.5); closeness D- / (D+ + D-) = (0.5, 0.61722, 0.5). A2 first, A1 and A3 tied, the
    same leader as VIKOR's compromise solution, whereas vector normalisation puts A1 first
    (the difference between the normalisations that the paper discusses).
    """
    out = run("topsis", OPRICOVIC_2004_RAW, [-1, 1], [0.5, 0.5],
              params=TopsisParams(normalisation="minmax"))  # fmt: skip
    d_plus, d_minus = np.sqrt(0.125**2 + 0.25**2), np.sqrt(0.375**2 + 0.25**2)
    assert np.allclose(out.scores, [0.5, d_minus / (d_plus + d_minus), 0.5], atol=1e-12)
    assert out.scores[1] == pytest.approx(0.61722, abs=1e-5)
    assert out.ranks.tolist() == [2, 1, 2]
    assert out.details["normalisation"] == "minmax"
    vector = run("topsis", OPRICOVIC_2004_RAW, [-1, 1], [0.5, 0.5])
    assert vector.ranks.tolist() != out.ranks.tolist()


@pytest.mark.parametrize(
    ("normalisation", "scaled"),
    [
        # x / sum x per column: (1, 2, 5) / 8 and (3000, 3750, 4500) / 11250.
        ("sum", [[1 / 8, 3000 / 11250], [2 / 8, 3750 / 11250], [5 / 8, 4500 / 11250]]),
        # x / max |x| per column: (1, 2, 5) / 5 and (3000, 3750, 4500) / 4500.
        ("max", [[1 / 5, 3000 / 4500], [2 / 5, 3750 / 4500], [5 / 5, 4500 / 4500]]),
        # Hwang & Yoon's x / sqrt(sum x^2).
        ("vector", [[1 / np.sqrt(30), 3000 / np.sqrt(3000**2 + 3750**2 + 4500**2)],
                    [2 / np.sqrt(30), 3750 / np.sqrt(3000**2 + 3750**2 + 4500**2)],
                    [5 / np.sqrt(30), 4500 / np.sqrt(3000**2 + 3750**2 + 4500**2)]]),
    ],
)  # fmt: skip
def test_topsis_normalisations_follow_their_formulas(
    normalisation: str, scaled: list[list[float]]
) -> None:
    """Sum and max normalisation (Hwang & Yoon 1981, ch. III: "linear" and vector scales).

    No published worked example with these normalisations was found, so the expected
    closeness is computed by hand from the definitions: weighted scaled figures, ideal =
    best per column (minimum for the minimised risk), Euclidean distances, D- / (D+ + D-).
    """
    v = np.asarray(scaled) * 0.5
    ideal = np.array([v[:, 0].min(), v[:, 1].max()])
    anti = np.array([v[:, 0].max(), v[:, 1].min()])
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    out = run("topsis", OPRICOVIC_2004_RAW, [-1, 1], [0.5, 0.5],
              params=TopsisParams(normalisation=normalisation))  # fmt: skip
    assert np.allclose(out.scores, d_minus / (d_plus + d_minus), atol=1e-12)
    assert np.allclose(out.details["ideal"], ideal) and np.allclose(out.details["anti_ideal"], anti)


def test_topsis_sum_normalisation_refuses_negative_figures() -> None:
    with pytest.raises(ValueError, match=r"sum normalisation.*'C1' has a negative figure"):
        run("topsis", [[-1, 2], [3, 4]], [1, 1], [1, 1], params=TopsisParams(normalisation="sum"))


def test_vikor_conditions_on_the_opricovic_tzeng_2004_example() -> None:
    """VIKOR's acceptable advantage (C1) and stability (C2), per option.

    Opricovic & Tzeng (2004), EJOR 156, 445-455, numerical example: A2 is the compromise
    solution, with acceptable advantage (Q(A1) - Q(A2) = 1 >= DQ = 1/(3 - 1) = 0.5) and
    acceptable stability (A2 is also best by S and by R). A1 and A3 are each at least DQ
    behind A2, and neither is best by S or R.
    """
    out = run("vikor", OPRICOVIC_2004_RAW, [-1, 1], [0.5, 0.5])
    assert out.extras["advantage"].tolist() == [True, True, True]
    assert out.extras["stability"].tolist() == [False, True, False]
    assert out.details["dq"] == 0.5
    assert out.details["acceptable_advantage"] and out.details["acceptable_stability"]
    assert out.details["compromise_reason"] is None


def test_vikor_shared_rank_reason_on_the_opricovic_tzeng_2007_example() -> None:
    """Why rank 1 is shared: Opricovic & Tzeng (2007), EJOR 178, 514-529, weights W3.

    The paper finds no acceptable advantage for A5 (Q(A3) - Q(A5) = 0.147 - 0.041 < DQ =
    1/(6 - 1) = 0.2), so the compromise set is A5, A3 and A6 (the options within DQ of A5).
    A3 has the smallest S (0.193) and A5 the smallest R (0.044), so A5 keeps acceptable
    stability: the shared rank is due to the advantage condition alone.
    """
    out = run("vikor", OPRICOVIC_2007_RAW, OPRICOVIC_2007_OBJECTIVES, [1, 1, 1, 1, 2, 2, 2, 2])
    assert out.details["compromise_reason"] == "no_acceptable_advantage"
    assert out.details["acceptable_advantage"] is False
    assert out.details["acceptable_stability"] is True
    assert out.details["dq"] == pytest.approx(0.2)
    # A5 (best Q) lacks an acceptable advantage; A3 and A6 lie within DQ of it.
    assert out.extras["advantage"].tolist() == [True, True, False, True, False, False]
    assert out.extras["stability"].tolist() == [False, False, True, False, True, False]


# Hwang & Yoon (1981), fighter aircraft: max speed (Mach), ferry range (NM), max payload
# (lb), acquisition cost ($10^6, minimised), reliability, manoeuvrability (3/5/7/9 scale).
FIGHTERS = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
FIGHTER_OBJECTIVES = [1, 1, 1, -1, 1, 1]
FIGHTER_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]


def test_electre1_hwang_yoon_fighter_aircraft() -> None:
    """ELECTRE I, Hwang & Yoon's variant, on their fighter-aircraft example.

    Hwang, C.L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Lecture Notes in Economics and Mathematical Systems 186, Springer,
    ELECTRE section, fighter-aircraft example, as reproduced step by step in the ORMS
    course of the Czech University of Life Sciences ("Example: The Fighter Aircraft Problem
    - ELECTRE", orms.pef.czu.cz/text/Multicriteria/SubLevel/25ExElectre.html): concordance
    matrix (step 4), concordance and discordance dominance matrices at the mean thresholds
    (steps 6-7), aggregate dominance matrix E (step 8): A1 and A3 are not outranked, A2
    and A4 are eliminated. The discordance values themselves are not legible there; they
    are checked here through the dominance matrix they produce at their mean, and one
    entry by hand (d_14, below).
    """
    out = run("electre1", FIGHTERS, FIGHTER_OBJECTIVES, FIGHTER_WEIGHTS,
              params=Electre1Params(variant="hwang_yoon"))  # fmt: skip
    concordance = [
        [np.nan, 0.7, 0.5, 0.6],
        [0.3, np.nan, 0.3, 0.6],
        [0.5, 0.7, np.nan, 0.8],
        [0.7, 0.7, 0.2, np.nan],
    ]
    assert np.allclose(out.details["concordance"], concordance, equal_nan=True)
    assert out.details["p"] == pytest.approx(0.55)  # the mean of the twelve entries
    c_dominance = [[0, 1, 0, 1], [0, 0, 0, 1], [0, 1, 0, 1], [1, 1, 0, 0]]
    d_dominance = [[0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 0]]
    off = ~np.eye(4, dtype=bool)
    with np.errstate(invalid="ignore"):
        assert ((out.details["concordance"] >= out.details["p"]) & off).astype(int).tolist() == (
            c_dominance
        )
        assert ((out.details["discordance"] <= out.details["q"]) & off).astype(int).tolist() == (
            d_dominance
        )
    aggregate = [[0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 0]]
    assert out.details["outranking"].astype(int).tolist() == aggregate
    assert out.extras["kernel"].tolist() == [True, False, True, False]
    assert out.ranks.tolist() == [1, 3, 1, 2]
    # d_14 by hand: A1 is worse than A4 only on speed (weighted gap 0.2 x (2.2 - 2.0) /
    # |speed|) and cost; the largest weighted gap over all criteria is manoeuvrability's.
    col = np.sqrt((np.asarray(FIGHTERS) ** 2).sum(axis=0))
    v = np.asarray(FIGHTERS) / col * FIGHTER_WEIGHTS
    gaps = np.abs(v[0] - v[3])
    assert out.details["discordance"][0, 3] == pytest.approx(max(gaps[0], gaps[3]) / gaps.max())


def test_electre1_cebrian_porcar_outputs_its_matrices_and_accepts_mean_thresholds() -> None:
    """The default variant reports scikit-criteria's concordance and discordance matrices
    (Cebrián & Porcar 2009 data, as in the test above), and ``mean`` thresholds are the
    averages over the 30 ordered pairs."""
    raw = CEBRIAN_PORCAR_RAW
    weights = [0.25, 0.25, 0.1, 0.2, 0.2]
    fixed = run("electre1", raw, [1, 1, -1, 1, 1], weights)
    assert fixed.details["variant"] == "cebrian_porcar"
    assert (fixed.details["p"], fixed.details["q"]) == (0.65, 0.35)
    concordance = fixed.details["concordance"]
    # c(5, 1): location 5 is at least as good as location 1 on criteria 1, 2, 4, 5.
    assert concordance[4, 0] == pytest.approx(0.25 + 0.25 + 0.2 + 0.2)
    assert np.isnan(concordance[0, 0])
    mean = run(
        "electre1", raw, [1, 1, -1, 1, 1], weights, params=Electre1Params(p="mean", q="mean")
    )
    assert mean.details["p"] == pytest.approx(np.nanmean(concordance))
    assert mean.details["q"] == pytest.approx(np.nanmean(fixed.details["discordance"]))


def test_electre1_parameters_take_each_variants_defaults() -> None:
    assert Electre1Params().model_dump() == {"variant": "cebrian_porcar", "p": 0.65, "q": 0.35}
    assert Electre1Params(variant="hwang_yoon").model_dump() == {
        "variant": "hwang_yoon", "p": "mean", "q": "mean"
    }  # fmt: skip
    assert Electre1Params(variant="hwang_yoon", p=0.6).p == 0.6
    with pytest.raises(ValueError, match="concordance threshold p must be a number from 0 to 1"):
        Electre1Params(p="average")


# ---------------------------------------------------------------------------------------
# MAVT and additivity
# ---------------------------------------------------------------------------------------


def test_mavt_scores_are_weighted_values_and_contributions_add_up() -> None:
    values = np.array([[1.0, 0.0, 0.5], [0.5, 0.5, 0.5], [0.0, 1.0, 1.0]])
    out = run("mavt", np.zeros((3, 3)) + 7, [1, -1, 1], [3, 1, 0], values=values)
    # weights normalised to (0.75, 0.25, 0): 0.75, 0.5, 0.25
    assert np.allclose(out.scores, [0.75, 0.5, 0.25])
    assert out.ranks.tolist() == [1, 2, 3]
    assert out.contributions is not None
    assert np.allclose(out.contributions, values * [0.75, 0.25, 0.0])
    assert np.allclose(out.contributions.sum(axis=1), out.scores)
    assert out.additive and METHODS["mavt"].uses_values


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 9).flatmap(
        lambda m: st.tuples(
            hnp.arrays(float, (m, 4), elements=st.floats(0.0, 1.0)),
            hnp.arrays(float, 4, elements=st.floats(0.0, 10.0)).filter(lambda w: w.sum() > 0),
        )
    )
)
def test_mavt_numpy_path_equals_weighted_sum_model(case: tuple[np.ndarray, np.ndarray]) -> None:
    """MAVT is computed in numpy so the default score never imports scikit-criteria; it must
    give what scikit-criteria's ``WeightedSumModel`` gives on the value table (every
    criterion maximised): the same scores (to rounding: BLAS may sum a pandas-backed matrix
    in another order) and the same ranking."""
    import skcriteria
    from skcriteria.agg.simple import WeightedSumModel

    values, weights = case
    m, n = values.shape
    out = run("mavt", np.zeros((m, n)), [1] * n, weights, values=values)
    dm = skcriteria.mkdm(
        matrix=values, objectives=[1] * n, weights=weights / weights.sum(),
        alternatives=names("A", m), criteria=names("C", n),
    )  # fmt: skip
    reference = WeightedSumModel().evaluate(dm)
    assert np.allclose(out.scores, reference.e_.score, rtol=1e-12, atol=1e-15)
    expected = np.asarray(reference.rank_)
    if len(np.unique(np.round(out.scores, 9))) == m:  # no ties: the very same ranks
        assert out.ranks.tolist() == expected.tolist()
    else:  # tied scores share a rank here; the order must still agree
        order = np.argsort(expected, kind="stable")
        assert np.all(np.diff(out.ranks[order]) >= 0)


def test_mavt_ignores_raw_figures_and_objectives() -> None:
    """Direction is already inside the value functions: raw figures play no part."""
    values = np.array([[0.2, 0.9], [0.8, 0.1]])
    first = run("mavt", [[1, 2], [3, 4]], [1, 1], [1, 1], values=values)
    second = run("mavt", [[9, 0], [0, 9]], [-1, -1], [1, 1], values=values)
    assert np.array_equal(first.scores, second.scores)


def test_wsm_minimised_criterion_scores_smallest_over_figure() -> None:
    out = run("wsm", [[10, 100], [20, 50]], [1, -1], [1, 1])
    assert out.contributions is not None
    assert np.allclose(out.contributions, [[0.25, 0.25], [0.5, 0.5]])
    assert np.allclose(out.scores, [0.5, 1.0])


# ---------------------------------------------------------------------------------------
# properties every method shares
# ---------------------------------------------------------------------------------------

ALL_METHODS = list(METHODS)


def run_any(method: str, raw: object, objectives: object, weights: object, **kw) -> MethodOutput:
    """Run any method; ``mavt`` gets min-max value scores oriented by the objectives."""
    table = np.asarray(raw, dtype=float)
    if method == "mavt" and "values" not in kw:
        span = np.ptp(table, axis=0)
        scaled = np.divide(
            table - table.min(axis=0), span, out=np.zeros_like(table), where=span > 0
        )
        kw["values"] = np.where(np.asarray(objectives) > 0, scaled, 1 - scaled)
    return run(method, table, objectives, weights, **kw)


@pytest.mark.parametrize("method", ALL_METHODS)
def test_dominant_option_ranks_first_with_a_minimised_criterion(method: str) -> None:
    """The third option is best on both criteria, one of which is minimised."""
    out = run_any(method, [[10, 100], [20, 90], [30, 80]], [1, -1], [1, 1])
    assert out.ranks.tolist() == [3, 2, 1]
    best = np.argmax(out.scores) if out.higher_is_better else np.argmin(out.scores)
    assert best == 2


@pytest.mark.parametrize("method", ALL_METHODS)
def test_flipping_the_direction_flips_the_ranking(method: str) -> None:
    raw = [[10, 5], [20, 5], [30, 5]]
    up = run_any(method, raw, [1, 1], [1, 0])
    down = run_any(method, raw, [-1, 1], [1, 0])
    assert up.ranks.tolist() == [3, 2, 1]
    assert down.ranks.tolist() == [1, 2, 3]


@pytest.mark.parametrize("method", ALL_METHODS)
def test_ranks_are_deterministic_and_identical_options_tie(method: str) -> None:
    raw = np.array([[3.0, 40.0, 2.0], [5.0, 60.0, 1.0], [3.0, 40.0, 2.0], [4.0, 70.0, 3.0]])
    objectives = [1, -1, 1]
    weights = [0.5, 0.3, 0.2]
    first = run_any(method, raw, objectives, weights)
    again = run_any(method, raw, objectives, weights)
    assert np.array_equal(first.ranks, again.ranks)
    assert np.array_equal(first.scores, again.scores)
    assert first.ranks[0] == first.ranks[2]
    assert set(first.ranks.tolist()) == set(range(1, first.ranks.max() + 1))  # dense
    # Listing the options in another order moves their ranks with them.
    order = [3, 1, 0, 2]
    shuffled = run_any(method, raw[order], objectives, weights)
    assert np.array_equal(shuffled.ranks, first.ranks[order])


@pytest.mark.parametrize("method", ALL_METHODS)
def test_weights_are_normalised(method: str) -> None:
    raw = [[3.0, 40.0], [5.0, 60.0], [4.0, 70.0]]
    small = run_any(method, raw, [1, -1], [0.2, 0.1])
    large = run_any(method, raw, [1, -1], [20, 10])
    assert np.allclose(small.scores, large.scores)
    assert np.array_equal(small.ranks, large.ranks)


@pytest.mark.parametrize("method", ALL_METHODS)
def test_options_alike_on_every_criterion_all_tie_without_warnings(method: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = run_any(method, [[2.0, 0.0], [2.0, 0.0], [2.0, 0.0]], [1, -1], [1, 1])
    assert out.ranks.tolist() == [1, 1, 1]
    assert np.all(np.isfinite(out.scores))


@pytest.mark.parametrize("method", ["topsis", "vikor", "electre1", "promethee2", "mavt"])
def test_a_criterion_where_every_option_scores_zero_is_harmless(method: str) -> None:
    raw = [[0.0, 10.0, 3.0], [0.0, 20.0, 2.0], [0.0, 30.0, 1.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = run_any(method, raw, [1, 1, -1], [1, 1, 1])
    assert out.ranks.tolist() == [3, 2, 1]


@pytest.mark.parametrize("method", ALL_METHODS)
def test_outputs_are_read_only_and_inputs_untouched(method: str) -> None:
    raw = np.array([[3.0, 40.0], [5.0, 60.0], [4.0, 70.0]])
    weights = np.array([2.0, 1.0])
    out = run_any(method, raw, [1, -1], weights)
    assert np.array_equal(raw, [[3.0, 40.0], [5.0, 60.0], [4.0, 70.0]])
    assert np.array_equal(weights, [2.0, 1.0])
    for array in (out.scores, out.ranks, *out.extras.values()):
        assert not array.flags.writeable
        assert array.shape[0] == 3
    assert out.ranks.dtype == np.int64
    assert out.additive == METHODS[method].additive


def test_method_table_matches_the_parameter_models() -> None:
    assert set(METHODS) == set(METHOD_PARAMS)
    for name, spec in METHODS.items():
        assert spec.name == name
        assert spec.params_model is METHOD_PARAMS[name]
        assert spec.title and spec.description
    assert [n for n, s in METHODS.items() if s.additive] == ["mavt", "wsm"]


# ---------------------------------------------------------------------------------------
# parameters reach the method
# ---------------------------------------------------------------------------------------


def test_vikor_v_weighs_group_utility_against_regret() -> None:
    only_s = run(
        "vikor", OPRICOVIC_2007_RAW, OPRICOVIC_2007_OBJECTIVES, [1] * 8, params=VikorParams(v=1.0)
    )
    only_r = run(
        "vikor", OPRICOVIC_2007_RAW, OPRICOVIC_2007_OBJECTIVES, [1] * 8, params=VikorParams(v=0.0)
    )
    s, r = only_s.extras["S"], only_r.extras["R"]
    assert np.allclose(only_s.scores, (s - s.min()) / np.ptp(s))
    assert np.allclose(only_r.scores, (r - r.min()) / np.ptp(r))


def test_topsis_metric_is_used() -> None:
    raw = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    euclid = run("topsis", raw, [1, 1, 1], [0.3, 0.4, 0.3])
    city = run("topsis", raw, [1, 1, 1], [0.3, 0.4, 0.3], params=TopsisParams(metric="cityblock"))
    assert not np.allclose(euclid.scores, city.scores)


def test_electre1_thresholds_are_used() -> None:
    """Demanding full concordance and no discordance leaves every option in the kernel."""
    raw = [[6, 5, 28, 5, 5], [4, 2, 25, 10, 9], [5, 7, 35, 9, 6]]
    strict = run("electre1", raw, [1, 1, -1, 1, 1], [1] * 5, params=Electre1Params(p=1, q=0))
    assert strict.extras["kernel"].all()
    assert strict.ranks.tolist() == [1, 1, 1]


def test_electre1_zero_weight_criterion_cannot_veto() -> None:
    """A criterion weighted 0 does not count, not even through discordance."""
    raw = [[10.0, 1.0], [9.0, 100.0]]
    with_veto = run("electre1", raw, [1, 1], [0.99, 0.01], params=Electre1Params(p=0.9, q=0.2))
    switched_off = run("electre1", raw, [1, 1], [1, 0], params=Electre1Params(p=0.9, q=0.2))
    assert with_veto.extras["kernel"].tolist() == [True, True]
    assert switched_off.extras["kernel"].tolist() == [True, False]


# ---------------------------------------------------------------------------------------
# bad paths
# ---------------------------------------------------------------------------------------

GOOD = {
    "raw": np.array([[1.0, 2.0], [3.0, 4.0]]),
    "objectives": np.array([1, -1]),
    "weights": np.array([1.0, 1.0]),
    "alternatives": ["a", "b"],
    "criteria": ["x", "y"],
}


def test_unknown_method_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown ranking method 'electre3'.*mavt, wsm, wpm"):
        evaluate("electre3", **GOOD)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"raw": np.ones((3, 2))}, r"one row per option .* \(2 x 2\); got 3 x 2"),
        ({"raw": np.ones(4)}, r"\(2 x 2\); got 4"),
        ({"raw": np.array([[1.0, np.nan], [3.0, 4.0]])}, "option 'a' has nan for criterion 'y'"),
        ({"raw": [["1", "x"], ["2", "3"]]}, "must be a table of numbers"),
        ({"objectives": np.array([1])}, "2 values .* each \\+1 \\(maximise\\) or -1"),
        ({"objectives": np.array([1, 0])}, "got \\[1, 0\\]"),
        ({"weights": np.array([1.0])}, "weights must hold 2 values"),
        ({"weights": np.array([1.0, -1.0])}, "zero or more"),
        ({"weights": np.array([np.inf, 1.0])}, "finite"),
        ({"weights": np.array([0.0, 0.0])}, "all weights are zero"),
        ({"alternatives": ["a", "a"]}, "option names must be unique: a"),
        ({"criteria": ["x", "x"]}, "criterion names must be unique: x"),
        (
            {"raw": np.ones((1, 2)), "alternatives": ["a"]},
            "at least two options; got 1",
        ),
        ({"criteria": [], "raw": np.ones((2, 0))}, "at least one criterion"),
    ],
)
def test_malformed_inputs_are_explained(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        evaluate("topsis", **{**GOOD, **change})


def test_mavt_needs_values_in_zero_to_one() -> None:
    with pytest.raises(ValueError, match="pass values="):
        evaluate("mavt", **GOOD)
    with pytest.raises(ValueError, match="between 0 and 1"):
        evaluate("mavt", **GOOD, values=np.array([[0.0, 1.5], [0.2, 0.3]]))
    with pytest.raises(ValueError, match=r"values must have one row per option"):
        evaluate("mavt", **GOOD, values=np.ones((2, 3)))


def test_parameters_of_another_method_are_refused() -> None:
    with pytest.raises(ValueError, match="takes parameters of type VikorParams, not WsmParams"):
        evaluate("vikor", **GOOD, params=WsmParams())


def test_promethee_functions_for_unknown_criteria_are_refused() -> None:
    params = PrometheeParams(functions={"z": {"type": "usual"}})
    with pytest.raises(
        ValueError, match="'z', which is not a criterion here; known criteria: x, y"
    ):
        evaluate("promethee2", **GOOD, params=params)


@pytest.mark.parametrize(
    ("method", "raw", "message"),
    [
        ("wsm", [[1.0, -2.0], [3.0, 4.0]], "criterion 'y' has a negative figure"),
        ("wsm", [[1.0, 0.0], [3.0, 4.0]], "undefined for a figure of 0; criterion 'y'"),
        ("wpm", [[0.0, 2.0], [3.0, 4.0]], "above zero; criterion 'x' has a figure of 0"),
        ("wpm", [[-1.0, 2.0], [3.0, 4.0]], "criterion 'x' has a negative figure"),
        ("electre1", [[-1.0, 2.0], [3.0, 4.0]], "criterion 'x' has a negative figure"),
    ],
)
def test_figures_a_method_cannot_handle_are_explained(method: str, raw: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        evaluate(method, **{**GOOD, "raw": np.array(raw)})


def test_wsm_accepts_a_zero_on_a_maximised_criterion() -> None:
    out = evaluate("wsm", **{**GOOD, "raw": np.array([[0.0, 2.0], [3.0, 4.0]])})
    assert np.allclose(out.scores, [0.5, 0.75])
