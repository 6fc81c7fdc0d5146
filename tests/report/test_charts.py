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
    """A bar reaching the end of the axis still has its value after it, inside the view
    box: the bars are drawn shorter instead, and no white patch is drawn over a bar."""
    ch = charts.bloc_chart([ShareBar("ROK", 900.0, 1.0, None), ShareBar("US", 100.0, 0.1, 0.5)],
                           "CAD")  # fmt: skip
    for m in ch.marks:
        if m.tag == "text" and m.text and ("text-anchor", "start") in m.attrs:
            x = float(dict(m.attrs)["x"])
            assert x + charts.text_width(m.text) <= charts.WIDTH, m.text
    assert not [m for m in ch.marks if m.tag == "rect" and ("fill", "#ffffff") in m.attrs]
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
    """The data bars of a chart (not the white patches behind headings)."""
    return [r for r in root.iter(f"{SVG}rect") if r.get("fill") != "#ffffff"]


def _axis_scale(root: ET.Element, last: str = "100%") -> tuple[float, float]:
    """(x of the "0%" tick, distance from it to the ``last`` tick): the chart's own axis."""
    ticks = {_label(t): float(t.get("x", "0")) for t in root.iter(f"{SVG}text")
             if t.get("class") == "tick"}  # fmt: skip
    return ticks["0%"], ticks[last] - ticks["0%"]


def test_core_chart_groups_options_by_capability_with_bars_to_scale() -> None:
    """Each bar's width is its core index times one scale (the 100% tick's distance from
    the bars' start); capability headings come before their options; the text states
    share and status, the recommended choice in bold with "recommended" under it."""
    from diversify.report.uncertainty_text import CoreBar

    rows = [
        CoreBar("Tanks", "Leopard 2A8", "Europe", 0.6, 0.01, "borderline", False),
        CoreBar("Tanks", "K2 Black Panther", "ROK", 0.4, 0.01, "borderline", True),
        CoreBar("Submarines", "KSS-III", "ROK", 1.0, 0.0, "core", True),
        CoreBar("Submarines", "A26", "Europe", 0.0, 0.0, "exterior", False),
    ]
    root = _svg(charts.core_chart(rows))
    x0, scale = _axis_scale(root)
    widths = [float(r.get("width", "0")) for r in _bars(root)]
    assert widths == pytest.approx([0.6 * scale, 0.4 * scale, scale, 0.0], abs=0.06)
    assert {float(r.get("x", "0")) for r in _bars(root)} == {x0}
    fills = [r.get("fill") for r in _bars(root)]
    assert fills == [charts.BLOC_COLOURS[b] for b in ("Europe", "ROK", "ROK", "Europe")]
    texts = _texts(root)
    assert texts.index("Tanks") < texts.index("Leopard 2A8") < texts.index("Submarines")
    assert texts.index("K2 Black Panther") + 1 == texts.index("recommended")
    assert "40.0%" in texts and "100.0% core" in texts
    assert "0.0% exterior" in texts and "60.0%" in texts
    bold = [_label(t) for t in root.iter(f"{SVG}text") if t.get("font-weight") == "600"]
    assert bold == ["Tanks", "K2 Black Panther", "Submarines", "KSS-III"]


def test_lost_chart_puts_the_worst_loss_first_on_an_axis_that_shows_it() -> None:
    """Losses of 50% and 25%: the axis ends at the round step at or above the largest
    loss (50%), and the bars are drawn to its scale."""
    from diversify.report.uncertainty_text import LostBar

    root = _svg(charts.lost_chart([LostBar("Germany (DE)", "Europe", 0.5, ("Submarines",)),
                                   LostBar("the US", "US", 0.75, ())]))  # fmt: skip
    texts = _texts(root)
    assert "50.0%, 1 uncovered" in texts and "25.0%" in texts
    assert "50%" in texts and "60%" not in texts  # the last tick
    _, scale = _axis_scale(root, "50%")
    widths = [float(r.get("width", "0")) for r in _bars(root)]
    assert widths == pytest.approx([scale, 0.5 * scale], abs=0.06)  # per 50%


def test_chosen_core_chart_marks_one_half() -> None:
    from diversify.report.uncertainty_text import CoreBar

    root = _svg(charts.chosen_core_chart(
        [CoreBar("Tanks", "K2", "ROK", 0.4, 0.0, "borderline", True)]))  # fmt: skip
    (bar,) = _bars(root)
    assert bar.get("fill") == charts.OKABE_ITO[3]  # under one half: the close-call colour
    texts = _texts(root)
    assert texts.index("Tanks") + 1 == texts.index("K2") and "40%" in texts
    (half,) = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
    x0, scale = _axis_scale(root)
    assert float(half.get("x1", "0")) == pytest.approx(x0 + 0.5 * scale, abs=0.06)
    assert float(bar.get("width", "0")) == pytest.approx(0.4 * scale, abs=0.06)


# --------------------------------------------------- bars read as their values (issue 14)

LONG_ROWS = [  # the bundled scenario's summary: long names, shares up to 100%
    ("Main battle tanks", 0.61, "K2 Black Panther"),
    ("Rocket artillery", 1.0, "K239 Chunmoo (Homar-K in Poland)"),
    ("Patrol submarines", 0.475, "KSS-III Batch-II"),
    ("Trainer / light combat aircraft", 0.643, "T-7A Red Hawk"),
    ("Ground-based air defence", 1.0, "Land Ceptor / CAMM (Sky Sabre, Narew)"),
    ("Counter-UAS systems", 0.804, "Stryker IM-SHORAD"),
    ("LAV / infantry fighting vehicles", 0.666, "LAV 6.0 family (ACSV / IFV)"),
]


def _box(t: ET.Element) -> tuple[float, float, float, float]:
    """A text mark's extent (left, right, top, bottom), measured as charts.text_width
    measures it (DejaVu Sans, the widest common fallback font)."""
    size = charts.TICK_FONT if t.get("class") == "tick" else charts.FONT
    w = charts.text_width(_label(t), size, t.get("font-weight") == "600")
    x, y = float(t.get("x", "0")), float(t.get("y", "0"))
    left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
    return left, left + w, y - 0.8 * size, y + 0.2 * size


def _rect(r: ET.Element) -> tuple[float, float, float, float]:
    x, y = float(r.get("x", "0")), float(r.get("y", "0"))
    return x, x + float(r.get("width", "0")), y, y + float(r.get("height", "0"))


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _summary_charts() -> list[charts.Chart]:
    from diversify.report.uncertainty_text import CoreBar

    core = [CoreBar(cap, who, "ROK", share, 0.0, "core" if share >= 1 else "borderline", True)
            for cap, share, who in LONG_ROWS]  # fmt: skip
    options = [*core, CoreBar("Rocket artillery", "PULS / EuroPULS", "Europe", 0.0, 0.0,
                              "exterior", False)]  # fmt: skip
    found = [charts.confidence_chart(LONG_ROWS), charts.chosen_core_chart(core),
             charts.core_chart(options),
             charts.bloc_chart([ShareBar("ROK", 900.0, 0.822, 1.0),
                                ShareBar("US", 90.0, 0.089, 0.5)], "CAD")]  # fmt: skip
    return found + [c.narrow for c in found if c.narrow is not None]


@pytest.mark.parametrize("index", range(8))
def test_bars_are_as_long_as_their_values_and_no_text_covers_one(index: int) -> None:
    """Parse each summary chart (and its phone version): every bar starts at the axis' 0
    and its width is its value times one scale (100% is the "100%" tick), so 100% is
    twice 50% and 67% is longer than 61%; no text (label, value, tick) overlaps a bar, none
    leaves the view box, and no white patch is drawn anywhere near a bar."""
    ch = _summary_charts()[index]
    root = _svg(ch)
    x0, scale = _axis_scale(root)
    bars = _bars(root)
    assert len(bars) >= 2
    for r in bars:
        tip = r.findtext(f"{SVG}title") or ""
        share = float(re.findall(r"([0-9.]+)%", tip)[0]) / 100  # the tooltip's share
        assert float(r.get("x", "0")) == pytest.approx(x0, abs=0.05), tip
        assert float(r.get("width", "0")) == pytest.approx(share * scale, abs=0.1), tip
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#ffffff"
                and any(_overlap(_rect(r), _rect(b)) for b in bars)]  # fmt: skip
    for t in root.iter(f"{SVG}text"):
        box = _box(t)
        assert box[0] >= 0 and box[1] <= ch.width, (_label(t), box)
        for b in bars:
            assert not _overlap(box, _rect(b)), (_label(t), b.findtext(f"{SVG}title"))


@pytest.mark.parametrize("index", range(8))
def test_bar_labels_wrap_between_words_and_keep_the_full_name(index: int) -> None:
    """A name too long for its column wraps onto a second line rather than being cut
    ("Homar-K…"): each line of a label is whole words of the name in its tooltip, and
    together the lines give the whole name."""
    root = _svg(_summary_charts()[index])
    groups: list[tuple[str, list[str]]] = []  # consecutive text lines with one tooltip
    for t in root.iter(f"{SVG}text"):
        tip = t.findtext(f"{SVG}title")
        if not tip or re.match(r"^[0-9.]+%", _label(t)):
            continue  # ticks and values have no tooltip of their own
        if groups and groups[-1][0] == tip:
            groups[-1][1].append(_label(t))
        else:
            groups.append((tip, [_label(t)]))
    assert groups
    for tip, shown in groups:
        assert "…" not in " ".join(shown), shown
        words = " ".join(shown).replace(" · ", " ").split()
        assert words == tip.replace(": ", " ").split(), (tip, shown)


def test_wrap_breaks_between_words_and_marks_what_it_leaves_out() -> None:
    name = "Land Ceptor / CAMM (Sky Sabre, Narew)"
    lines = charts.wrap(name, 150)
    assert len(lines) == 2 and " ".join(lines) == name
    assert all(charts.text_width(line) <= 150 for line in lines)
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    two = charts.wrap(" ".join(words), 60)
    assert len(two) == 2 and two[-1].endswith("…")
    assert all(charts.text_width(line) <= 60 for line in two)
    kept = " ".join(two).rstrip("…").split()
    assert kept == words[: len(kept)]  # whole words, in order, the rest left out
    assert charts.wrap("Supercalifragilistic", 40, lines=1)[0].endswith("…")  # one word: cut
    assert charts.wrap("short", 200) == ["short"]
