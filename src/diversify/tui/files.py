"""Saving the weights as a profile and exporting the report, from the app.

A mixin of :class:`~diversify.tui.app.DiversifyApp`: both write files, so both run in
thread workers (``save`` and ``export`` groups; failures are reported by the app's
``on_worker_state_changed`` with :func:`save_message`) and post a message back when done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual import work
from textual.message import Message

from diversify.io.problems import FileAccessError, InputError


@dataclass
class ProfileSaved(Message):
    """A profile was written into the criteria file."""

    name: str
    points: dict[str, float]
    file: str


@dataclass
class ReportExported(Message):
    """The report was written."""

    path: Path


class FilesMixin:
    """Save and export (see the module docstring); only works mixed into the app."""

    data: Any
    weights: Any
    profile: Any
    baseline: dict[str, float]
    _quit_after_save: bool

    def criteria_path(self) -> Path | None:
        data = self.data
        return Path(data.criteria_file) if data is not None and data.criteria_file else None

    def save_refusal(self) -> str | None:
        """Why the profile cannot be saved here, or None when it can."""
        path = self.criteria_path()
        if path is None:
            return "this scenario has no criteria file to save into"
        from diversify.io.loader import is_bundled

        if is_bundled(path):
            return (
                "this is the bundled scenario, which is part of the installed program: copy it "
                "with `diversify init FOLDER`, open the copy, and save profiles there"
            )
        return None

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save_profile(self, name: str, points: dict[str, float], overwrite: bool) -> None:
        """Write ``points`` as profile ``name`` into the criteria file (atomically)."""
        from diversify.io.profiles import save_profile

        path = self.criteria_path()
        assert path is not None
        save_profile(path, name, points, overwrite=overwrite)
        self.post_message(ProfileSaved(name, points, str(path)))

    def on_profile_saved(self, message: ProfileSaved) -> None:
        data = self.data
        assert data is not None
        profiles = {**data.profiles, message.name: dict(message.points)}
        self.data = replace(data, profiles=profiles)
        self.baseline = dict(message.points)
        self.profile = message.name
        self._refresh_status()
        self.notify(f"Saved profile `{message.name}` in {message.file}", timeout=5)
        if self._quit_after_save:
            self.exit()

    def export_name(self, fmt: str) -> Path:
        """The default export path: ``reports/<scenario-slug>.<suffix>``."""
        import re

        from diversify.report.formats import FORMATS

        name = self.data.name if self.data is not None else "report"
        stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "report"
        return Path("reports") / f"{stem}{FORMATS[fmt].suffix}"

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_report(self, fmt: str, path: Path) -> None:
        """Score with the current weights and method and write the report atomically."""
        from diversify.engine.scoring import score
        from diversify.io.atomic import atomic_write_bytes, atomic_write_text
        from diversify.report.bundle import ReportBundle
        from diversify.report.formats import render

        data, weights = self.data, self.weights
        assert data is not None and weights is not None
        result = score(
            data,
            weights=weights.as_dict(),
            method=self.method,
            params=self.method_params(),
            prepared=self.prepared,
        )
        origin = (
            f"profile {self.profile}"
            if self.profile and weights.same_points(data.profiles.get(self.profile, {}))
            else "weights set in the terminal UI"
            + (f" (from profile {self.profile})" if self.profile else "")
        )
        content = render(fmt, ReportBundle(replace(result, weights_origin=origin)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write_text(path, content)
        self.post_message(ReportExported(path))

    def on_report_exported(self, message: ReportExported) -> None:
        self.notify(f"Exported {message.path}", timeout=5)


def save_message(error: BaseException | None) -> str:
    if isinstance(error, InputError):
        return "; ".join(f"{p.location()}: {p.message}" for p in error.problems)
    if isinstance(error, FileAccessError | OSError):
        return f"{error}. The file was left as it was."
    return f"{error}"
