"""The HTML report: escaped, self-contained, deterministic, and saying what Markdown says."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from importlib.resources import files
from types import MappingProxyType

import pytest

from diversify.engine.results import ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.html import (
    OKABE_ITO,
    PLOT_WIDTH,
    colour_map,
    contribution_chart,
    environment,
    render_html,
)
from diversify.report.markdown import render_markdown
from diversify.report.wording import leader_summary

SVG_NS = "{http://www.w3.org/2000/svg}"
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "source", "wbr"}
SVG_EMPTY = {"rect", "line", "path", "circle"}


def _render(result: ScenarioResult) -> str:
    return render_html(ReportBundle(result))


class _TagBalance(HTMLParser):
    """Collects tag-nesting errors: every non-void element must be closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID | SVG_EMPTY:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _svgs(page: str, cls: str = "chart") -> list[ET.Element]:
    """Every inline SVG of a class, parsed as XML (so each one is well-formed)."""
    blocks = re.findall(rf'<svg class="{cls}".*?</svg>', page, flags=re.S)
    return [
        ET.fromstring(b.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
        for b in blocks
    ]


def test_page_is_well_formed_and_starts_as_html(result: ScenarioResult) -> None:
    page = _render(result)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.endswith("</html>\n")
    checker = _TagBalance()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    for block in re.findall(r"<svg.*?</svg>", page, flags=re.S):  # every SVG parses as XML
        ET.fromstring(block.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1))


def test_text_from_the_data_is_escaped(hostile_result: ScenarioResult) -> None:
    """A supplier called <script>alert(1)</script> shows as text and never runs."""
    page = _render(hostile_result)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>96</b>" not in page and "&lt;b&gt;96&lt;/b&gt;" in page  # screening reason
    assert "&lt;MBT&gt; &amp; kit" in page  # capability name
    assert "suppliers/&lt;evil&gt;.yaml" in page  # input file name
    assert "check &lt;date&gt;" in page  # capability note
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in page  # quotes escaped too
    # the title element and the chart's SVG <title> carry the names escaped as well
    assert "<title>Canada 2026 &lt;script&gt;" in page
    assert "(&lt;script&gt;alert(1)&lt;/script&gt;)</title>" in page


def test_control_characters_are_shown_not_embedded(result: ScenarioResult) -> None:
    """Autoescaping leaves ESC, NUL and bidi overrides alone: the environment's finalize
    makes every value printable first, in text, attributes and the <title>."""
    tanks = result.capabilities[0]
    k2 = replace(tanks.ranking[0], system="K2\x1b]0;x\x07\u202e<b>", supplier="Co\x00\x9b")
    bad = replace(
        result,
        scenario="Canada \x1b[2J",
        capabilities=(replace(tanks, ranking=(k2, *tanks.ranking[1:])),),
    )
    page = _render(bad)
    assert not any(ch in page for ch in "\x1b\x07\x00\x9b\u202e")
    assert "K2␛]0;x␇&lt;U+202E&gt;&lt;b&gt;" in page
    assert "<title>1. K2␛]0;x␇&lt;U+202E&gt;&lt;b&gt; (Co␀&lt;U+009B&gt;)</title>" in page  # SVG
    assert "<title>Canada ␛[2J · diversify report</title>" in page


def test_escaping_is_by_jinja_autoescape_and_never_bypassed() -> None:
    env = environment()
    assert env.autoescape is True
    source = (files("diversify") / "report" / "templates" / "report.html.j2").read_text("utf-8")
    code = re.sub(r"\{#.*?#\}", "", source, flags=re.S).replace(" ", "")  # without comments
    assert "|safe" not in code
    assert "Markup" not in code
    assert "autoescape false" not in source


def test_page_is_self_contained(result: ScenarioResult) -> None:
    """No scripts, stylesheets, fonts or images from elsewhere: the page works offline."""
    page = _render(result)
    for marker in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "@import",
        "http://",
        "https://",
        "@font-face",
    ):
        assert marker not in page, marker
    assert "default-src 'none'" in page  # CSP: even an escaping slip could not load or run
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # only links within the page
    for h in hrefs:
        assert f'id="{h[1:]}"' in page
    assert "@media print" in page


def test_same_input_gives_same_bytes(make_result) -> None:  # type: ignore[no-untyped-def]
    first = _render(make_result(hostile=True))
    environment.cache_clear()  # a fresh environment (as in a new process) changes nothing
    assert _render(make_result(hostile=True)) == first
    assert not re.search(r"20\d\d-\d\d-\d\d", first)  # no date anywhere


def test_sections_follow_the_markdown_order(result: ScenarioResult) -> None:
    page = _render(result)
    heads = [
        html.unescape(re.sub(r"<[^>]+>", "", h))
        for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page)
    ]
    md_heads = [
        line.lstrip("# ").replace("`", "")
        for line in render_markdown(ReportBundle(result)).splitlines()
        if line.startswith("#")
    ]
    assert [h.replace(" (", " ").rstrip(")") for h in md_heads] == heads


def test_all_content_is_present(result: ScenarioResult) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", "", _render(result)))  # the text a reader sees
    assert "Method mavt; weights from profile balanced; amounts in USD millions" in page
    assert "Exchange rates used (USD per unit): EUR 1.08, CAD 0.73. Source: Bank of Canada" in page
    for digest in result.inputs.values():  # inputs with their SHA-256
        assert digest in page
    tanks, subs = result.capabilities
    for o in tanks.ranking:
        assert o.system in page and o.supplier in page and f"{o.score:.3f}" in page
    for s in tanks.screened_out + subs.screened_out:
        assert s.reason in page
    assert "No option survived screening." in page
    assert "every option was screened out" in page
    assert "Quantity 100; budget envelope 4,000.0 USD m." in page
    summary = leader_summary(tanks)
    assert summary == (
        "K2 Black Panther leads Leopard 2A8 by 0.412; it gains most on Unit acquisition cost "
        "(+0.300) and Delivery (+0.100); it gives up most on NATO interoperability (-0.050)."
    )
    assert summary in page
    assert summary in render_markdown(ReportBundle(result))  # both reports say the same


def test_contribution_chart_draws_each_option_as_its_contributions(
    result: ScenarioResult,
) -> None:
    """One stacked bar per option; each segment is weight x value on a 0..1 axis."""
    tanks = result.capabilities[0]
    (svg,) = _svgs(_render(result), "chart wide")
    rows = svg.findall(f"{SVG_NS}g")
    assert len(rows) == len(tanks.ranking)
    colours = colour_map(result)
    for row, opt in zip(rows, tanks.ranking, strict=True):
        rects = row.findall(f"{SVG_NS}rect")
        drawn = {r.get("fill"): float(r.get("width", "0")) for r in rects}
        expected = {
            colours[c].colour: v * PLOT_WIDTH for c, v in opt.contributions.items() if v > 0
        }
        assert drawn.keys() == expected.keys()
        for fill, width in expected.items():
            assert drawn[fill] == pytest.approx(width, abs=0.05)  # printed to 0.1 px
        assert sum(drawn.values()) / PLOT_WIDTH == pytest.approx(opt.score, abs=1e-3)
        texts = [t.text for t in row.findall(f"{SVG_NS}text")]
        assert texts[-1] == f"{opt.score:.3f}"
        assert row.find(f"{SVG_NS}text/{SVG_NS}title") is not None  # full label as tooltip
    ticks = [t.text for t in svg.findall(f"{SVG_NS}text") if t.get("class") == "tick"]
    assert ticks == ["0", "0.25", "0.5", "0.75", "1"]
    assert svg.get("role") == "img" and svg.find(f"{SVG_NS}title") is not None


def test_legend_names_every_criterion_in_colour_blind_safe_colours(
    result: ScenarioResult,
) -> None:
    page = _render(result)
    legend = re.search(r'<ul class="legend">(.*?)</ul>', page, flags=re.S)
    assert legend is not None
    items = re.findall(r'fill="(#[0-9A-Fa-f]{6})"/></svg>([^<]*)</li>', legend.group(1))
    tanks = result.capabilities[0]
    assert [name for _, name in items] == [
        f"{c.name} ({100 * tanks.weights[c.id]:.1f}%)" for c in tanks.criteria
    ]
    assert [fill for fill, _ in items] == list(OKABE_ITO[:4])
    assert "dv-hatch" not in page  # four criteria need no hatching


def test_colours_are_stable_per_criterion_and_hatched_past_the_palette(
    result: ScenarioResult,
) -> None:
    ids = [f"c{i}" for i in range(10)]
    wide = replace(result, weights=MappingProxyType({c: 0.1 for c in ids}))
    colours = colour_map(wide)
    assert list(colours)[:10] == ids
    assert [s.colour for s in colours.values()][:8] == list(OKABE_ITO)
    assert colours["c8"].colour == OKABE_ITO[0] and colours["c8"].hatched
    assert not any(colours[c].hatched for c in ids[:8])
    # known criteria keep their names; same id, same colour in every capability's chart
    base = colour_map(result)
    assert base["cost"].name == "Unit acquisition cost"
    assert len({s.colour for s in base.values()}) == len(base)


def test_negative_contributions_are_listed_not_drawn(result: ScenarioResult) -> None:
    tanks = result.capabilities[0]
    k2 = tanks.ranking[0]
    odd = replace(k2, contributions=MappingProxyType({**k2.contributions, "delivery": -0.05}))
    cap = replace(tanks, ranking=(odd, *tanks.ranking[1:]))
    chart = contribution_chart(cap, colour_map(result))
    assert chart is not None
    assert chart.skipped == ("K2 Black Panther: Delivery -0.050",)
    assert len(chart.rows[0].segments) == 3
    page = _render(replace(result, capabilities=(cap, result.capabilities[1])))
    assert "Below zero, not drawn: K2 Black Panther: Delivery -0.050." in page


def test_scores_above_one_widen_the_axis(result: ScenarioResult) -> None:
    tanks = result.capabilities[0]
    k2 = tanks.ranking[0]
    big = replace(k2, contributions=MappingProxyType({c: 0.3 for c in k2.contributions}))
    chart = contribution_chart(replace(tanks, ranking=(big,)), colour_map(result))
    assert chart is not None
    assert [t.label for t in chart.ticks][-1] == "1.25"  # 1.2 rounds up to the next quarter


def test_non_additive_method_shows_method_figures_not_contributions(
    promethee_result: ScenarioResult,
) -> None:
    page = _render(promethee_result)
    assert '<svg class="chart wide"' not in page  # no contribution chart
    assert "What each criterion adds" not in page
    table = re.search(r'<table class="extras">(.*?)</table>', page, flags=re.S)
    assert table is not None
    heads = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table.group(1))
    assert heads == ["system", "acceptable", "phi_minus", "phi_plus"]
    assert '>yes</td><td class="num">0.190</td><td class="num">0.610</td>' in table.group(1)
    assert "-0.340" in page  # negative net flow shown as it is
    # net flows are not a 0..1 scale: no score bars, for any option
    assert 'aria-label="score' not in page
    assert "Method <strong>promethee2</strong> (preference=linear)" in page


def test_lower_is_better_is_said(make_result) -> None:  # type: ignore[no-untyped-def]
    page = _render(make_result(method="vikor", higher_is_better=False))
    assert "score (lower is better)" in page
    assert 'aria-label="score' not in page


def test_score_bars_for_additive_scores(result: ScenarioResult) -> None:
    page = _render(result)
    widths = re.findall(
        r'aria-label="score ([0-9.]+) out of 1">.*?<rect width="([0-9.]+)" '
        r'height="10" fill="#0072B2"/>',
        page,
    )
    assert [(s, float(w)) for s, w in widths] == [("0.887", 88.8), ("0.475", 47.5), ("0.432", 43.2)]
