"""PROMETHEE II, hand-written because scikit-criteria has none: preference functions, flows.

The numerical example used for the preference table is the one of Brans, Vincke & Mareschal
(1986), "How to select and how to rank projects: the PROMETHEE method", European Journal of
Operational Research 24, 228-238: six projects, ranked on six criteria that use one of each
of the six types of generalised criterion, with equal weights.

The net flows are checked against four published examples whose printed net flows are
reproduced to their printed precision (usual, linear and v-shape criteria; flows divided by
n - 1 in every one of them): Papathanasiou & Ploskas (2018), Ziemba (2019), Ziemba et al.
(2017) and Zhao, Peng & Li (2013). See each test's docstring for the source and for where the
printed numbers were confirmed.
"""

from __future__ import annotations

import numpy as np
import pytest

from diversify.engine.promethee import (
    PrometheeII,
    dense_rank,
    preference,
    preference_matrix,
    promethee2,
)
from diversify.model.methods import PreferenceFunction

# Brans, Vincke & Mareschal (1986), numerical example: six projects a1..a6, six criteria.
# f1 manpower (min), f2 power in MW (max), f3 construction cost in 10^9 $ (min),
# f4 maintenance cost in 10^6 $ (min), f5 number of villages to evacuate (min),
# f6 security level (max).
BVM_RAW = np.array(
    [
        [80, 90, 6, 5.4, 8, 5],
        [65, 58, 2, 9.7, 1, 1],
        [83, 60, 4, 7.2, 4, 7],
        [40, 80, 10, 7.5, 7, 10],
        [52, 72, 6, 2.0, 3, 8],
        [94, 96, 7, 3.6, 5, 6],
    ]
)
BVM_OBJECTIVES = np.array([-1, 1, -1, -1, -1, 1])
BVM_WEIGHTS = np.ones(6)
# One criterion of each type, with the paper's thresholds.
BVM_FUNCTIONS = (
    PreferenceFunction(type="u-shape", q=10),
    PreferenceFunction(type="v-shape", p=30),
    PreferenceFunction(type="v-shape-indifference", q=0.5, p=5),
    PreferenceFunction(type="level", q=1, p=6),
    PreferenceFunction(type="usual"),
    PreferenceFunction(type="gaussian", s=5),
)


# --- the six generalised criteria ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "thresholds", "d", "expected"),
    [
        # Type I, usual: any advantage is full preference.
        (0, {}, [-1.0, 0.0, 1e-9, 5.0], [0, 0, 1, 1]),
        # Type II, u-shape (quasi-criterion), q = 2: indifferent up to q, then full.
        (1, {"q": 2}, [-3.0, 1.0, 2.0, 2.01], [0, 0, 0, 1]),
        # Type III, v-shape, p = 4: linear up to p.
        (2, {"p": 4}, [-4.0, 1.0, 2.0, 4.0, 9.0], [0, 0.25, 0.5, 1, 1]),
        # Type IV, level, q = 1, p = 3: 0 up to q, 1/2 up to p, then 1.
        (3, {"q": 1, "p": 3}, [-5.0, 1.0, 1.5, 3.0, 3.5], [0, 0, 0.5, 0.5, 1]),
        # Type V, linear with indifference, q = 1, p = 3: 0 up to q, linear up to p.
        (4, {"q": 1, "p": 3}, [-5.0, 1.0, 2.0, 2.5, 3.0, 7.0], [0, 0, 0.5, 0.75, 1, 1]),
        # Type VI, gaussian, s = 2: 1 - exp(-d^2 / 2s^2).
        (5, {"s": 2}, [-2.0, 2.0, 4.0], [0, 1 - np.exp(-0.5), 1 - np.exp(-2.0)]),
    ],
)
def test_preference_functions_follow_brans_and_vincke(
    kind: int, thresholds: dict, d: list[float], expected: list[float]
) -> None:
    """Definitions of the six generalised criteria.

    Brans, J.P. & Vincke, Ph. (1985). A preference ranking organisation method.
    Management Science 31(6), 647-656: the six types of generalised criterion (I to VI).
    """
    assert np.allclose(preference(np.array(d), kind, **thresholds), expected)


def test_linear_with_equal_thresholds_is_a_step_not_a_division_by_zero() -> None:
    assert np.array_equal(preference(np.array([1.0, 2.0, 2.5]), 4, q=2, p=2), [0, 0, 1])


def test_preference_broadcasts_one_function_per_criterion() -> None:
    d = np.array([[2.0, 2.0, 2.0], [-1.0, 0.5, 6.0]])
    kinds = np.array([0, 2, 1])
    out = preference(d, kinds, q=np.array([0.0, 0.0, 3.0]), p=np.array([0.0, 4.0, 0.0]))
    assert np.allclose(out, [[1, 0.5, 0], [0, 0.125, 1]])


# --- the worked example --------------------------------------------------------------------


def test_preference_indices_of_the_brans_vincke_mareschal_example() -> None:
    """Valued outranking graph pi(a, b) of the six-project example.

    Data, directions, preference functions and thresholds: Brans, Vincke & Mareschal
    (1986), EJOR 24, 228-238, numerical example (equal weights). Three entries worked by hand
    from the definitions:

    * pi(a2, a6) = (1 + 0 + 1 + 0 + 1 + 0) / 6 = 0.5: a2 needs 29 fewer staff (> q = 10),
      costs 5 less to build ((5 - 0.5) / 4.5 = 1) and evacuates 4 fewer villages.
    * pi(a1, a5) = 0.6 / 6 = 0.1: a1's only advantage is 18 MW more power (18 / 30).
    * pi(a5, a1) = (1 + 0 + 0 + 0.5 + 1 + (1 - exp(-9 / 50))) / 6 = 0.44412.

    The full table is checked to three decimals against the table that an independent
    implementation asserts for the same example (GitHub WAndraszyk/Construct-your-own-
    PROMETHEE-with-Python-for-MCDA, unit_tests/preference/test_PrometheePreference.py; its
    rounding differs from ours by at most 0.001). That is a cross-check, not a publication:
    the paper's own printed table could not be consulted when this test was written.
    """
    expected = [
        [0.000, 0.296, 0.250, 0.268, 0.100, 0.185],
        [0.462, 0.000, 0.389, 0.333, 0.296, 0.500],
        [0.236, 0.180, 0.000, 0.333, 0.056, 0.429],
        [0.399, 0.505, 0.305, 0.000, 0.223, 0.212],
        [0.444, 0.515, 0.487, 0.380, 0.000, 0.448],
        [0.286, 0.399, 0.250, 0.432, 0.133, 0.000],
    ]
    pi = preference_matrix(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS, BVM_FUNCTIONS)
    assert np.allclose(pi, expected, atol=1.5e-3)
    assert pi[1, 5] == pytest.approx(0.5)
    assert pi[0, 4] == pytest.approx(0.1)
    assert pi[4, 0] == pytest.approx((2.5 + 1 - np.exp(-9 / 50)) / 6)


def test_flows_and_complete_ranking_of_the_example() -> None:
    """PROMETHEE I flows and the PROMETHEE II complete ranking of the six projects.

    Flows follow from the preference table above with the (n - 1) normalisation of
    Brans & Mareschal (2005), "PROMETHEE methods", in Figueira, Greco & Ehrgott (eds.),
    Multiple Criteria Decision Analysis: State of the Art Surveys, ch. 5 (flow definitions).
    The expected net flows are those that follow from the hand-checked table, rounded to
    4 decimals (again not copied from the paper). a5 (few staff, cheapest to maintain, few
    villages, high security) comes first and a1 last.
    """
    phi_plus, phi_minus, phi_net = promethee2(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS, BVM_FUNCTIONS)
    pi = preference_matrix(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS, BVM_FUNCTIONS)
    assert np.allclose(phi_plus, pi.sum(axis=1) / 5)
    assert np.allclose(phi_minus, pi.sum(axis=0) / 5)
    expected_net = [-0.1457, 0.0172, -0.0895, -0.0200, 0.2929, -0.0549]
    assert np.allclose(phi_net, expected_net, atol=1e-4)
    result = PrometheeII(BVM_FUNCTIONS).evaluate(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS)
    # a5 > a2 > a4 > a6 > a3 > a1
    assert result.ranks.tolist() == [6, 2, 5, 3, 1, 4]


# --- published examples with printed net flows ---------------------------------------------


def test_net_flows_match_papathanasiou_and_ploskas_facility_location() -> None:
    """PROMETHEE II on the six-site facility location problem, linear criteria.

    Papathanasiou, J. & Ploskas, N. (2018). Multiple Criteria Decision Aid: Methods, Examples
    and Python Implementations. Springer Optimization and Its Applications, Springer,
    Cham. Chapter 3, "PROMETHEE", pp. 57-89 (doi:10.1007/978-3-319-91648-4_3): the facility
    location example of chapter 1 (six sites, four criteria, all maximised, weights 0.4, 0.3,
    0.1, 0.2), every criterion a linear (v-shape with indifference) function with q = 1 and
    p = 2. Printed net flows, two decimals: -0.26, -0.52, -0.22, 0.36, 0.70, -0.06.

    Where confirmed: the data, weights and thresholds are those of the authors' own listing
    PROMETHEE_II.py (Papathanasiou & Ploskas, flows divided by n - 1 in
    PROMETHEE_Preference_Functions.py); the printed net flows are the expected values of
    pyrepo-mcda (GitHub energyinpython/pyrepo-mcda, tests/test_mcda_methods_2.py,
    Test_PROMETHEE_II, which cites this chapter). The book page itself was not consulted.
    """
    raw = np.array(
        [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    )
    functions = tuple(PreferenceFunction(type="linear", q=1, p=2) for _ in range(4))
    expected = [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06]
    _, _, phi_net = promethee2(raw, np.ones(4), [0.4, 0.3, 0.1, 0.2], functions)
    assert np.allclose(phi_net, expected, rtol=0, atol=0.005)
    result = PrometheeII(functions).evaluate(raw, np.ones(4), [0.4, 0.3, 0.1, 0.2])
    # site 5 > site 4 > site 6 > site 3 > site 1 > site 2
    assert result.ranks.tolist() == [5, 6, 4, 2, 1, 3]


# Ziemba (2019): twelve criteria (rows) by nine alternatives (columns), as transcribed by
# pyrepo-mcda; transposed below to the options-by-criteria layout.
ZIEMBA_2019_TABLE = np.array(
    [
        [38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486],
        [33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958],
        [0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99],
        [3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653],
        [11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86],
        [-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9],
        [203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264],
        [0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9],
        [0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2],
        [1, 1, 1, 3.5, 4, 4, 4, 4, 4],
        [21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1],
        [0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4],
    ]
)


def test_net_flows_match_ziemba_2019_linear_criteria() -> None:
    """PROMETHEE II net flows of nine alternatives on twelve linear criteria.

    Ziemba, P. (2019). Towards strong sustainability management - a generalized PROSA
    method. Sustainability 11(6), 1555 (doi:10.3390/su11061555): the PROMETHEE II net flows
    the paper reports alongside PROSA for its nine alternatives; criteria weights as printed
    (0.3333, 0.1667, ...; normalised to sum 1), every criterion linear with the paper's q and
    p. Net flows as printed (four decimals): -0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619,
    0.4296, 0.1626, 0.4554.

    Where confirmed: pyrepo-mcda (GitHub energyinpython/pyrepo-mcda,
    tests/test_mcda_methods_2.py, Test_PROMETHEE_II_2), which takes data, thresholds and
    expected flows from this paper; the paper's table number was not checked here.
    """
    objectives = np.array([-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1])
    weights = np.array([0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75, 1, 1, 0.4, 0.2, 0.4, 1])
    q = [420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1]
    p = [2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3]
    functions = tuple(
        PreferenceFunction(type="linear", q=qj, p=pj) for qj, pj in zip(q, p, strict=True)
    )
    expected = [-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554]
    _, _, phi_net = promethee2(ZIEMBA_2019_TABLE.T, objectives, weights, functions)
    assert np.allclose(phi_net, expected, rtol=0, atol=5e-5)


def test_net_flows_match_ziemba_et_al_2017_v_shape_criteria() -> None:
    """PROMETHEE II net flows of four offshore wind farm locations, v-shape criteria.

    Ziemba, P., Wątróbski, J., Zioło, M. & Karczmarczyk, A. (2017). Using the PROSA method
    in offshore wind farm location problems. Energies 10(11), 1755
    (doi:10.3390/en10111755): the PROMETHEE II net flows of the four locations, twelve
    criteria with the paper's weights (20, 5, 5, 1.67, ...; normalised to sum 1), every
    criterion v-shape with the paper's preference threshold p. Net flows as printed (four
    decimals): -0.0445, 0.1884, -0.0954, -0.0485.

    Where confirmed: pyrepo-mcda (GitHub energyinpython/pyrepo-mcda,
    tests/test_mcda_methods_2.py, Test_PROMETHEE_II_3), which takes data, thresholds and
    expected flows from this paper; the paper's table number was not checked here.
    """
    table = np.array(  # criteria (rows) by locations (columns), as transcribed by pyrepo-mcda
        [
            [16347, 14219, 8160, 8160],
            [9, 8.5, 9, 8.5],
            [73.8, 55, 64.8, 62.5],
            [36.7, 36, 28.5, 29.5],
            [1.5, 2, 2, 1.5],
            [3730, 3240, 1860, 1860],
            [2, 1, 2, 1],
            [1, 1, 2, 3],
            [38.8, 33.1, 45.8, 27.3],
            [4, 2, 4, 3],
            [1720524, 1496512, 858830, 858830],
            [40012, 34803, 19973, 19973],
        ]
    )
    objectives = np.array([-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1])
    weights = np.array([20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33])
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    functions = tuple(PreferenceFunction(type="v-shape", p=pj) for pj in p)
    expected = [-0.0445, 0.1884, -0.0954, -0.0485]
    _, _, phi_net = promethee2(table.T, objectives, weights, functions)
    assert np.allclose(phi_net, expected, rtol=0, atol=5e-5)
    result = PrometheeII(functions).evaluate(table.T, objectives, weights)
    assert result.ranks.tolist() == [2, 1, 4, 3]


def test_usual_criteria_flows_match_zhao_peng_li_2013() -> None:
    """PROMETHEE II with usual criteria: three plans, three maximised criteria.

    Zhao, H., Peng, Y. & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    emergency response. Procedia Computer Science 17, 181-188: numerical example with
    evaluations (4, 3, 2), (3, 2, 4), (5, 1, 3), weights 0.5, 0.3, 0.2, usual criteria.
    Printed net flows, two decimals: 0.1, -0.3, 0.2.

    Where confirmed: pymcdm (GitHub kotbaton/pymcdm, unit tests, TestPROMETHEE_II, which
    cites this paper). Also checked by hand: pi(a1, a2) = 0.8, pi(a1, a3) = 0.3,
    pi(a2, a1) = 0.2, pi(a2, a3) = 0.5, pi(a3, a1) = 0.7, pi(a3, a2) = 0.5, so with n - 1 = 2
    phi+ = (0.55, 0.35, 0.6) and phi- = (0.45, 0.65, 0.4).
    """
    raw = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3]])
    usual = (PreferenceFunction(),) * 3
    phi_plus, phi_minus, phi_net = promethee2(raw, np.ones(3), [0.5, 0.3, 0.2], usual)
    assert np.allclose(phi_net, [0.1, -0.3, 0.2], rtol=0, atol=0.005)
    assert np.allclose(phi_plus, [0.55, 0.35, 0.6])
    assert np.allclose(phi_minus, [0.45, 0.65, 0.4])


# --- properties that hold for any table ----------------------------------------------------


def test_net_flows_sum_to_zero_and_stay_in_range() -> None:
    rng = np.random.default_rng(7)
    raw = rng.uniform(0, 100, size=(9, 4))
    phi_plus, phi_minus, phi_net = promethee2(
        raw, np.array([1, -1, 1, -1]), rng.uniform(0.1, 1, 4), [PreferenceFunction()] * 4
    )
    assert phi_net.sum() == pytest.approx(0.0, abs=1e-12)
    assert np.all((phi_plus >= 0) & (phi_plus <= 1) & (phi_minus >= 0) & (phi_minus <= 1))


def test_minimising_a_criterion_equals_maximising_its_negative() -> None:
    flipped = BVM_RAW * BVM_OBJECTIVES
    as_min = promethee2(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS, BVM_FUNCTIONS)
    as_max = promethee2(flipped, np.ones(6), BVM_WEIGHTS, BVM_FUNCTIONS)
    assert np.allclose(as_min, as_max)


def test_weights_are_normalised_and_inputs_left_untouched() -> None:
    raw = BVM_RAW.copy()
    once = promethee2(raw, BVM_OBJECTIVES, np.ones(6), BVM_FUNCTIONS)
    scaled = promethee2(raw, BVM_OBJECTIVES, np.full(6, 7.0), BVM_FUNCTIONS)
    assert np.allclose(once, scaled)
    assert np.array_equal(raw, BVM_RAW)


def test_usual_criteria_count_wins_by_hand() -> None:
    """Three options, two equally weighted usual criteria, both maximised.

    a = (3, 1), b = (2, 2), c = (1, 3): a beats b and c on the first criterion and loses on
    the second, so pi(a, b) = pi(a, c) = 0.5 and every option has phi+ = phi- = 0.5.
    Raising a's second figure to 3 makes a = (3, 3) beat b on both (pi(a, b) = 1) and c on
    the first only (pi(a, c) = 0.5), while b and c each win one criterion against each other:
    phi+ = (0.75, 0.25, 0.25), phi- = (0, 0.75, 0.5).
    """
    usual = [PreferenceFunction(), PreferenceFunction()]
    plus, minus, net = promethee2([[3, 1], [2, 2], [1, 3]], [1, 1], [1, 1], usual)
    assert np.allclose(plus, 0.5) and np.allclose(minus, 0.5) and np.allclose(net, 0)
    plus, minus, net = promethee2([[3, 3], [2, 2], [1, 3]], [1, 1], [1, 1], usual)
    assert np.allclose(plus, [0.75, 0.25, 0.25])
    assert np.allclose(minus, [0.0, 0.75, 0.5])
    assert np.allclose(net, [0.75, -0.5, -0.25])


def test_result_arrays_are_read_only_and_ties_share_a_rank() -> None:
    raw = np.array([[1.0, 5.0], [1.0, 5.0], [0.0, 1.0]])
    result = PrometheeII().evaluate(raw, [1, 1], [1, 1])
    assert result.ranks.tolist() == [1, 1, 2]
    with pytest.raises(ValueError, match="read-only"):
        result.phi_net[0] = 1.0


@pytest.mark.parametrize(
    ("raw", "objectives", "weights", "message"),
    [
        ([[1.0, 2.0]], [1, 1], [1, 1], "at least two"),
        ([1.0, 2.0], [1], [1], "table of options by criteria"),
        ([[1.0, np.nan], [2.0, 3.0]], [1, 1], [1, 1], "finite"),
        ([[1.0, 2.0], [2.0, 3.0]], [1, 0], [1, 1], r"\+1 \(maximise\) or -1"),
        ([[1.0, 2.0], [2.0, 3.0]], [1, 1], [1, -1], "zero or more"),
        ([[1.0, 2.0], [2.0, 3.0]], [1, 1], [0, 0], "weight above zero"),
    ],
)
def test_bad_inputs_are_explained(raw: list, objectives: list, weights: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PrometheeII().evaluate(raw, objectives, weights)


def test_one_function_per_criterion_is_required() -> None:
    with pytest.raises(ValueError, match="one preference function per criterion"):
        PrometheeII(BVM_FUNCTIONS[:2]).evaluate(BVM_RAW, BVM_OBJECTIVES, BVM_WEIGHTS)


def test_dense_rank_ignores_floating_point_noise() -> None:
    assert dense_rank([0.3, 0.1 + 0.2, 0.5]).tolist() == [2, 2, 1]
    assert dense_rank([0.3, 0.1 + 0.2, 0.5], higher_is_better=False).tolist() == [1, 1, 2]
