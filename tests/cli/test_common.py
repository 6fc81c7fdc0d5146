"""Shared CLI helpers."""

from __future__ import annotations

import re

import pytest

from tests.cli.helpers import MINI, python_c


def test_native_output_goes_to_stderr_while_guarded() -> None:
    """A write to file descriptor 1 inside the guard (as HiGHS may do) lands on stderr,
    so JSON piped from stdout stays clean; writes after the guard reach stdout again."""
    code = (
        "import os, sys\n"
        "from diversify.cli.common import native_output_to_stderr\n"
        "print('before', flush=True)\n"
        "with native_output_to_stderr():\n"
        "    os.write(1, b'solver noise\\n')\n"
        "print('after', flush=True)\n"
    )
    out = python_c(code)
    assert out.stdout.split() == ["before", "after"]
    assert "solver noise" in out.stderr


# --- --method-option ---------------------------------------------------------------------


def test_method_options_are_read_as_yaml_and_dotted_keys_nest() -> None:
    from diversify.cli.common import parse_method_options

    got = parse_method_options(
        ["v=0.3", "normalisation=minmax", "p=mean", "functions.delivery={type: linear, p: 12}",
         "functions.cost.type=usual"]
    )  # fmt: skip
    assert got == {
        "v": 0.3,
        "normalisation": "minmax",
        "p": "mean",
        "functions": {"delivery": {"type": "linear", "p": 12}, "cost": {"type": "usual"}},
    }
    assert parse_method_options(None) == {}


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (["v"], "`v` should look like KEY=VALUE"),
        (["=1"], "should look like KEY=VALUE"),
        (["functions..p=1"], "should look like KEY=VALUE"),
        (["v=0.3", "v=0.4"], "`v` is given twice"),
        (["v=[1"], "cannot read the value of `v`"),
    ],
)
def test_malformed_method_options_are_refused(values: list[str], fragment: str) -> None:
    from diversify.cli.common import parse_method_options
    from diversify.cli.errors import UsageError

    with pytest.raises(UsageError, match=re.escape(fragment)):
        parse_method_options(values)


def test_method_options_override_the_scenarios_key_by_key() -> None:
    """For the scenario's own method the options start from its `method_options:`;
    for another method, from that method's defaults."""
    from dataclasses import replace

    from diversify.cli.common import apply_method
    from diversify.io.loader import load_scenario
    from diversify.model.methods import PrometheeParams, TopsisParams

    data = load_scenario(MINI)
    assert apply_method(data, None, None) is data
    scenario = replace(
        data,
        method="promethee2",
        method_params=PrometheeParams(functions={"delivery": {"type": "linear", "q": 2, "p": 12}}),
    )
    merged = apply_method(scenario, None, ["functions.cost.type=usual", "functions.delivery.p=24"])
    assert merged.method == "promethee2"
    assert merged.method_params.functions["delivery"].q == 2  # kept from the scenario
    assert merged.method_params.functions["delivery"].p == 24  # overridden
    assert merged.method_params.functions["cost"].type == "usual"  # added
    other = apply_method(scenario, "topsis", ["normalisation=sum"])
    assert other.method == "topsis"
    assert other.method_params == TopsisParams(normalisation="sum")


@pytest.mark.parametrize(
    ("method", "option", "fragment"),
    [
        ("topsis", "normalisation=foo", "`normalisation`: Input should be 'vector', 'minmax'"),
        ("vikor", "v=2", "`v`: Input should be less than or equal to 1"),
        ("vikor", "v='0.3'", "`v`: must be a number written without quotes"),
        ("electre1", "p=average", "concordance threshold p must be a number from 0 to 1 or 'mean'"),
        ("topsis", "x=1", "`x` is not an option of method topsis; its options: normalisation"),
        ("mavt", "x=1", "mavt takes no options"),
    ],
)
def test_bad_method_options_name_the_option(method: str, option: str, fragment: str) -> None:
    from diversify.cli.common import apply_method
    from diversify.cli.errors import UsageError
    from diversify.io.loader import load_scenario

    with pytest.raises(UsageError, match=re.escape(fragment)):
        apply_method(load_scenario(MINI), method, [option])


def test_the_limits_the_options_state_are_the_model_s() -> None:
    """Written out (the CLI imports no model at start-up), so kept equal here."""
    from diversify.cli.portfolio import BUDGET_WANTED, SAMPLES_WANTED
    from diversify.model.base import MAX_MONEY
    from diversify.model.robustness import MAX_SAMPLES

    assert f"a whole number from 1 to {MAX_SAMPLES:,}" == SAMPLES_WANTED
    assert f"from 0 to {MAX_MONEY:,.0f}," in BUDGET_WANTED


def test_warnings_wrap_to_the_terminal_but_never_past_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each warning once, wrapped at the terminal's width (at most 80, as the tables),
    continuation lines indented; a batch's scenario is named first."""
    from diversify.cli.common import warning_lines

    long = "the `cost` envelope " + "is exceeded by several options " * 8
    monkeypatch.setenv("COLUMNS", "200")
    lines = warning_lines([long, long, "short"])
    assert max(len(ln) for ln in lines) <= 80 and len(lines) > 3
    assert lines[0].startswith("warning: the `cost` envelope")
    assert all(ln.startswith("  ") for ln in lines[1:-1])
    assert lines[-1] == "warning: short"  # the repeat is said once
    monkeypatch.setenv("COLUMNS", "50")
    assert max(len(ln) for ln in warning_lines([long])) <= 50
    assert warning_lines(["x"], "a.yaml") == ["warning: a.yaml: x"]
