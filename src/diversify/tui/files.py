"""Saving the weights as a profile and exporting the report, from the app.

A mixin of :class:`~diversify.tui.app.DiversifyApp`: both write files, so both run in
thread workers (``save`` and ``export`` groups; failures are reported by the app's
``on_worker_state_changed`` with :func:`save_message`) and post a message back when done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
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
    sha256: str | None
    """The file's hash as now saved (None: it could not be read back)."""


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
    cap_edits: dict[str, float]
    history: Any
    prepared: Any
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

    @work(thread=True, exclusive=True, group="save", exit_on_error=False, description="save")
    def save_profile(self, name: str, points: dict[str, float], overwrite: bool) -> None:
        """Write ``points`` as profile ``name`` into the criteria file (atomically), then
        hash the file as written: results carry their input files' hashes, and an export
        made after the save must name the file as it now is."""
        from diversify.io.profiles import save_profile

        path = self.criteria_path()
        assert path is not None
        save_profile(path, name, points, overwrite=overwrite)
        try:
            digest: str | None = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = None
        self.post_message(ProfileSaved(name, points, str(path), digest))

    def on_profile_saved(self, message: ProfileSaved) -> None:
        data = self.data
        assert data is not None
        profiles = {**data.profiles, message.name: dict(message.points)}
        inputs = rehashed(data.inputs, data.scenario_file, Path(message.file), message.sha256)
        self.data = replace(data, profiles=profiles, inputs=inputs)
        if message.sha256 is None:
            self.notify(
                f"Saved, but {message.file} could not be read back: exports made now give "
                "its hash as `unreadable`.",
                severity="warning",
                timeout=10,
            )
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

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def export_report(self, fmt: str, path: Path) -> None:
        """Write what the room sees as ``diversify report`` would, atomically.

        The same bundle as the CLI's report (``diversify.cli.main.report``, which this
        mirrors; ``tests/tui/test_room.py`` checks the two files are the same byte for
        byte, JSON included): the score with the session's weights and method, the full
        robustness analysis and the evidence appendix (every format but JSON, which is the
        score contract, what ``diversify score --format json`` writes for these weights),
        and, with a ``portfolio:`` section, the plan with the session's caps (edited ones
        replace the file's), the frontier the report shows, its robust portfolio and its
        supply shocks (in JSON, the ``portfolio`` and ``stress`` sections). The
        weights' origin says which profile they came from and how the session changed
        them (the history, in words).
        """
        from diversify.engine.methods import METHODS
        from diversify.engine.robustness import analyse
        from diversify.engine.scoring import score
        from diversify.io.atomic import write_file
        from diversify.report.bundle import ReportBundle, score_keys
        from diversify.report.formats import render

        data, weights = self.data, self.weights
        assert data is not None and weights is not None
        points = weights.as_dict()
        params = self.method_params()
        result = score(
            data, weights=points, method=self.method, params=params, prepared=self.prepared
        )
        result = replace(result, weights_origin=self.weights_origin())
        portfolio, shocks = self._export_plan(points)
        if fmt == "json":
            keys = score_keys(
                data, result, weights=points, method=self.method, prepared=self.prepared
            )
            bundle = ReportBundle(result, per_capability=keys, portfolio=portfolio, stress=shocks)
        else:
            rob = analyse(
                data, weights=points, method=self.method, prepared=self.prepared, result=result
            )
            # the score's own keys, as `diversify report` writes them: for an additive
            # method the full analysis gives the same numbers, for the others its sweep
            # is finer than the score's
            keys = (
                rob.per_capability()
                if METHODS[result.method].additive
                else score_keys(
                    data, result, weights=points, method=self.method, prepared=self.prepared
                )
            )
            bundle = ReportBundle(
                result,
                robustness=rob.to_dict(),
                per_capability=keys,
                portfolio=portfolio,
                stress=shocks,
            )
            if fmt in ("md", "html", "xlsx"):  # the readable formats' evidence appendix
                from diversify.report.evidence import evidence_rows

                bundle = replace(bundle, evidence=evidence_rows(data))
        content = render(fmt, bundle)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, content if isinstance(content, bytes) else content.encode("utf-8"))
        self.post_message(ReportExported(path))

    def _export_plan(
        self, points: dict[str, float]
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The report's portfolio section (with its robust portfolio) and supply shocks for
        these weights and the session's caps, run as the CLI's report runs them
        (:func:`diversify.engine.programme_risk.programme_risk`)."""
        data = self.data
        if data is None or data.portfolio is None:
            return None, None
        from diversify.engine.programme import plan, report_frontier_key
        from diversify.engine.programme_risk import programme_risk
        from diversify.report.programme_text import portfolio_document
        from diversify.report.uncertainty_text import risk_documents

        caps = {**data.portfolio.caps, **self.cap_edits} if self.cap_edits else None
        planned = plan(
            data,
            weights=points,
            caps=caps,
            frontier_bloc=report_frontier_key(data),
            prepared=self.prepared,
        )
        planned = replace(planned, weights_origin=self.weights_origin())
        risk = programme_risk(data, planned, weights=points, caps=caps, prepared=self.prepared)
        return risk_documents(data, portfolio_document(planned), risk, self.weights_origin())

    def weights_origin(self) -> str:
        """Where the exported weights come from, with the session's changes in words."""
        data, weights = self.data, self.weights
        assert data is not None and weights is not None
        if self.profile and weights.same_points(data.profiles.get(self.profile, {})):
            origin = f"profile {self.profile}"
        else:
            origin = "weights set in the terminal UI" + (
                f" (from profile {self.profile})" if self.profile else ""
            )
        changes = [label for label, on in self.history.listing() if on]
        if changes:
            shown = changes[-5:]
            more = f"{len(changes) - 5} earlier changes; " if len(changes) > 5 else ""
            origin += f"; this session: {more}" + "; ".join(shown)
        if self.cap_edits:
            caps = ", ".join(f"{k} {100 * v:.0f}%" for k, v in sorted(self.cap_edits.items()))
            origin += f"; caps edited for the session: {caps}"
        return origin

    def on_report_exported(self, message: ReportExported) -> None:
        self.notify(f"Exported {message.path}", timeout=5)


def rehashed(
    inputs: Mapping[str, str], scenario_file: str | None, path: Path, digest: str | None
) -> Mapping[str, str]:
    """``inputs`` (file as the results name it -> SHA-256) with ``path``'s hash replaced.

    The names are relative to the scenario's folder (as the loader keys them); the entry
    is found by resolving each, so no naming rule is repeated here. A file that could not
    be hashed (``digest`` None) is named with ``unreadable`` rather than an old hash.
    """
    base = Path(scenario_file).parent if scenario_file else Path()
    target = path.resolve()
    out = dict(inputs)
    for name in inputs:
        if (base / name).resolve() == target:
            out[name] = digest if digest is not None else "unreadable"
    return MappingProxyType(out)


def save_message(error: BaseException | None) -> str:
    if isinstance(error, InputError):
        return "; ".join(f"{p.location()}: {p.message}" for p in error.problems)
    if isinstance(error, FileAccessError | OSError):
        return f"{error}. The file was left as it was."
    return f"{error}"
