"""The report's SVG charts: the marks say what the numbers say, and nothing can run."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from diversify.engine.results import ScenarioResult
from diversify.report import charts
from diversify.report.bundle import ReportBundle
from diversify.report.html import environment, render_html
from diversify.report.portfolio_text import ShareBar

SVG = "{http://www.w3.org/2000/svg}"


def _svg(ch: charts.Chart) -> ET.Element:
    """The chart as the report writes it, parsed as XML (so it is well-formed)."""
    macro = environment().from_string(  # the loop of the page's `figure` macro
        "<svg xmlns='http://www.w3.org/2000/svg'>{% for m in ch.marks %}<{{ m.tag }}"
        '{% for k, v in m.attrs %} {{ k }}="{{ v }}"{% endfor %}>{% if m.tip %}<title>'
        "{{ m.tip }}</title>{% endif %}{{ m.text }}</{{ m.tag }}>{% endfor %}</svg>"
    )
    return ET.fromstring(macro.render(ch=ch))


def _label(t: ET.Element) -> str:
    """A text mark's visible words (its tooltip, a <title> child, left out)."""
    return ((t.text or "") + "".join(child.tail or "" for child in t)).strip()


def _texts(root: ET.Element) -> list[str]:
    return [_label(t) for t in root.iter(f"{SVG}text")]


def test_marks_refuse_anything_that_could_load_or_run() -> None:
    for bad in (("script", ()), ("rect", (("onload", "x"),)), ("image", (("href", "x"),)),
                ("rect", (("style", "x"),)), ("text", (('x" onclick="', "1"),))):  # fmt: skip
        with pytest.raises(ValueError, match="not a chart mark"):
            charts.Mark(bad[0], bad[1])  # type: ignore[arg-type]


def test_heat_map_prints_every_share_and_darkens_with_it() -> None:
    ch = charts.heatmap("t", "Tanks", ["K2", "Leopard"], [[0.75, 0.25], [0.25, 0.75]])
    root = _svg(ch)
    cells = [r for r in root.iter(f"{SVG}rect")]
    assert len(cells) == 4
    assert {"75%", "25%", "rank 1", "rank 2", "K2", "Leopard"} <= set(_texts(root))
    dark, light = cells[0].get("fill"), cells[1].get("fill")
    assert dark is not None and light is not None
    # one hue: a larger share is darker on every channel (prints darker grey)
    assert all(int(dark[i : i + 2], 16) < int(light[i : i + 2], 16) for i in (1, 3, 5))


def test_switch_points_chart_puts_the_tightest_weight_first() -> None:
    stability = {
        "cost": {"weight": 0.3, "lo": 0.05, "hi": 1.0, "leader_below": "abrams",
                 "leader_above": None},
        "delivery": {"weight": 0.2, "lo": 0.0, "hi": 0.3, "leader_below": None,
                     "leader_above": "leo"},
    }  # fmt: skip
    names = {"abrams": "Abrams", "leo": "Leopard", "k2": "K2"}
    ch = charts.tornado(
        "t", "Tanks", "k2", stability, names, {"cost": "Cost", "delivery": "Delivery"}
    )
    assert ch is not None
    root = _svg(ch)
    labels = [t for t in _texts(root) if t in ("Cost", "Delivery")]
    assert labels == ["Delivery", "Cost"]  # 10 points of room before 25
    bars = [r for r in root.iter(f"{SVG}rect")]
    x0 = charts.LABEL_W + 8
    scale = charts.WIDTH - 110.0 - x0
    assert float(bars[0].get("x", "0")) == pytest.approx(x0, abs=0.05)  # delivery from 0%
    assert float(bars[0].get("width", "0")) == pytest.approx(0.3 * scale, abs=0.1)
    assert "→ Leopard" in _texts(root)


def test_value_map_draws_the_envelope_and_keeps_labels_apart(result: ScenarioResult) -> None:
    tanks = result.capabilities[0]
    k2, leo, abrams = tanks.ranking
    # two options at the same score and nearly the same cost: their labels must not collide
    close = replace(abrams, score=leo.score, unit_cost=leo.unit_cost * 1.01)
    ch = charts.value_map(replace(tanks, ranking=(k2, leo, close)), "USD")
    assert ch is not None
    root = _svg(ch)
    dashed = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
    assert len(dashed) == 1  # the 4,000 envelope
    labels = {
        _label(t): t for t in root.iter(f"{SVG}text") if _label(t) in (leo.system, close.system)
    }
    ys = [float(t.get("y", "0")) for t in labels.values()]
    assert len(ys) == 2 and abs(ys[0] - ys[1]) >= 12
    assert "budget envelope" in _texts(root)


def test_bars_keep_their_values_inside_the_chart() -> None:
    """A bar reaching the end of the axis writes its value inside, on a white patch."""
    ch = charts.bloc_chart([ShareBar("ROK", 900.0, 1.0, None), ShareBar("US", 100.0, 0.1, 0.5)],
                           "CAD")  # fmt: skip
    for m in ch.marks:
        if m.tag == "text" and m.text and ("text-anchor", "start") in m.attrs:
            x = float(dict(m.attrs)["x"])
            assert x + len(m.text) * charts.CHAR <= charts.WIDTH + 1, m.text
    caps = [m for m in ch.marks if m.tag == "line" and ("stroke-dasharray", "3 2") in m.attrs]
    assert len(caps) == 1


def test_frontier_follows_the_points() -> None:
    doc = {"frontier": {"key": "US", "points": [
        {"cap": 0.3, "value": 4.0, "value_lost": 0.0, "spend": 10.0},
        {"cap": 0.2, "value": 3.9, "value_lost": 0.1, "spend": 11.0},
        {"cap": 0.1, "value": 3.5, "value_lost": 0.5, "spend": 12.0},
    ]}}  # fmt: skip
    ch = charts.frontier_chart(doc)
    assert ch is not None
    (path,) = [m for m in ch.marks if m.tag == "path"]
    points = re.findall(r"[ML]([0-9.]+),([0-9.]+)", dict(path.attrs)["d"])
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    assert len(points) == 3 and xs == sorted(xs)  # tighter caps to the right
    assert ys == sorted(ys)  # value falls: y grows downwards
    assert charts.frontier_chart({"frontier": None}) is None


def test_every_chart_in_the_page_is_well_formed_and_self_contained(result: ScenarioResult) -> None:
    page = render_html(ReportBundle(result))
    blocks = re.findall(r'<svg class="chart[^"]*".*?</svg>', page, flags=re.S)
    assert len(blocks) >= 3  # weights, value for money, contributions
    for b in blocks:
        ET.fromstring(b.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert "http" not in "".join(blocks)


def _bars(root: ET.Element) -> list[ET.Element]:
    """The data bars of a chart (not the white patches behind labels or headings)."""
    return [r for r in root.iter(f"{SVG}rect") if r.get("fill") != "#ffffff"]


def test_core_chart_groups_options_by_capability_with_bars_to_scale() -> None:
    """Each bar's width is its core index times the plot width (178 to 536: 358 units);
    capability headings come before their options; the text states share and status."""
    from diversify.report.uncertainty_text import CoreBar

    rows = [
        CoreBar("Tanks", "Leopard 2A8", "Europe", 0.6, 0.01, "borderline", False),
        CoreBar("Tanks", "K2 Black Panther", "ROK", 0.4, 0.01, "borderline", True),
        CoreBar("Submarines", "KSS-III", "ROK", 1.0, 0.0, "core", True),
        CoreBar("Submarines", "A26", "Europe", 0.0, 0.0, "exterior", False),
    ]
    root = _svg(charts.core_chart(rows))
    widths = [float(r.get("width", "0")) for r in _bars(root)]
    assert widths == pytest.approx([0.6 * 358, 0.4 * 358, 358.0, 0.0], abs=0.06)
    fills = [r.get("fill") for r in _bars(root)]
    assert fills == [charts.BLOC_COLOURS[b] for b in ("Europe", "ROK", "ROK", "Europe")]
    texts = _texts(root)
    assert texts.index("Tanks") < texts.index("Leopard 2A8") < texts.index("Submarines")
    assert "40.0%, recommended" in texts and "100.0% core, recommended" in texts
    assert "0.0% exterior" in texts and "60.0%" in texts
    bold = [_label(t) for t in root.iter(f"{SVG}text") if t.get("font-weight") == "600"]
    assert bold == ["Tanks", "K2 Black Panther", "Submarines", "KSS-III"]


def test_lost_chart_puts_the_worst_loss_first_on_an_axis_that_shows_it() -> None:
    """Losses of 50% and 25%: the axis ends at a round step above 50% x 1.4 (0.7), so the
    longest bar leaves room for its text; widths are loss / 0.7 x 358."""
    from diversify.report.uncertainty_text import LostBar

    root = _svg(charts.lost_chart([LostBar("Germany (DE)", "Europe", 0.5, ("Submarines",)),
                                   LostBar("the US", "US", 0.75, ())]))  # fmt: skip
    widths = [float(r.get("width", "0")) for r in _bars(root)]
    assert widths == pytest.approx([0.5 / 0.7 * 358, 0.25 / 0.7 * 358], abs=0.06)
    texts = _texts(root)
    assert "50.0%, 1 uncovered" in texts and "25.0%" in texts
    assert "70%" in texts and "80%" not in texts  # the last tick


def test_chosen_core_chart_marks_one_half() -> None:
    from diversify.report.uncertainty_text import CoreBar

    root = _svg(charts.chosen_core_chart(
        [CoreBar("Tanks", "K2", "ROK", 0.4, 0.0, "borderline", True)]))  # fmt: skip
    (bar,) = _bars(root)
    assert bar.get("fill") == charts.OKABE_ITO[3]  # under one half: the close-call colour
    assert "40% K2" in _texts(root)
    (half,) = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
    assert float(half.get("x1", "0")) == pytest.approx(178 + 0.5 * 358, abs=0.06)
