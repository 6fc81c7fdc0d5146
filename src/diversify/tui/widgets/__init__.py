"""Display widgets of the main and overview screens (data is pushed in; none of them scores)."""

from diversify.tui.widgets._window import show
from diversify.tui.widgets.analysis import AnalysisPanel
from diversify.tui.widgets.capabilities import CapabilityList, CapabilityRow, Spend
from diversify.tui.widgets.contributions import ContributionsPanel, ContributionsView
from diversify.tui.widgets.ranking import RankingTable, RankingView
from diversify.tui.widgets.status import StatusInfo, StatusLine
from diversify.tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall
from diversify.tui.widgets.weights import WeightRow, WeightsPanel, WeightsView

__all__ = [
    "MIN_HEIGHT",
    "MIN_WIDTH",
    "AnalysisPanel",
    "CapabilityList",
    "CapabilityRow",
    "ContributionsPanel",
    "ContributionsView",
    "RankingTable",
    "RankingView",
    "Spend",
    "StatusInfo",
    "StatusLine",
    "TooSmall",
    "WeightRow",
    "WeightsPanel",
    "WeightsView",
    "show",
]
