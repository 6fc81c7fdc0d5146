"""The app's screens: main, overview, help, problems, and the dialogs."""

from diversify.tui.screens.dialogs import ConfirmScreen, TypeWeightScreen
from diversify.tui.screens.export import ExportScreen
from diversify.tui.screens.help import HelpScreen
from diversify.tui.screens.main import MainScreen
from diversify.tui.screens.overview import OverviewScreen
from diversify.tui.screens.pick import PickScreen
from diversify.tui.screens.problems import ProblemsScreen
from diversify.tui.screens.save_profile import SaveProfileScreen

__all__ = [
    "ConfirmScreen",
    "ExportScreen",
    "HelpScreen",
    "MainScreen",
    "OverviewScreen",
    "PickScreen",
    "ProblemsScreen",
    "SaveProfileScreen",
    "TypeWeightScreen",
]
