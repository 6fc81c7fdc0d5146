"""The MAVT pipeline as scikit-criteria sees it: raw figures -> value functions -> weighted sum.

Used by the rank-reversal check (:mod:`diversify.engine.robustness`), which needs the whole
pipeline so that scikit-criteria's ``RankInvariantChecker`` can worsen raw figures and
re-rank. Kept in its own module because it subclasses a scikit-criteria class, which means
importing scikit-criteria (pandas, matplotlib, seaborn: seconds) at import; the modules on
the default scoring path import this one only when the check runs.

Written here by hand, because scikit-criteria lacks it: :class:`ValueFunctionScaler`, a
scikit-criteria transformer that applies each criterion's value function to a raw matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from skcriteria.preprocessing._preprocessing_base import SKCTransformerABC

from diversify.model.criteria import Criterion, LevelsFunction


class ValueFunctionScaler(SKCTransformerABC):
    """Apply each criterion's value function to a raw decision matrix (scikit-criteria step).

    Hand-written: scikit-criteria scales whole matrices but has no per-criterion value
    functions. Local linear scales are re-anchored on the matrix it is given, as the
    scoring pipeline does; a levels criterion arrives as level positions (1 = worst level,
    see :func:`diversify.engine.scoring.level_positions`) and is interpolated between its
    level values, so a position worsened by a fraction lies between two levels. Every
    resulting criterion is maximised (a value is a preference).
    """

    _skcriteria_parameters: ClassVar[list[str]] = ["criteria"]

    def __init__(self, criteria: Sequence[Criterion]) -> None:
        self._criteria = tuple(criteria)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self._criteria

    def _transform_data(  # type: ignore[override]
        self, matrix: np.ndarray, objectives: np.ndarray, **kwargs: Any
    ) -> dict[str, Any]:
        from diversify.engine import values as vf

        raw = np.asarray(matrix, dtype=float)
        out = np.empty(raw.shape, dtype=float)
        for j, crit in enumerate(self._criteria):
            col = raw[:, j]
            if isinstance(crit.value_function, LevelsFunction):
                scale = np.unique(np.array(list(crit.value_function.levels.values()), dtype=float))
                out[:, j] = np.interp(col, np.arange(1, scale.size + 1, dtype=float), scale)
            else:
                out[:, j] = vf.apply(crit, col, vf.anchors(crit, col))
        kwargs["dtypes"] = None
        return {"matrix": out, "objectives": np.ones_like(objectives), **kwargs}


def mavt_pipeline(criteria: Sequence[Criterion]) -> Any:
    """raw figures -> :class:`ValueFunctionScaler` -> scikit-criteria ``WeightedSumModel``."""
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.pipelines import mkpipe

    return mkpipe(ValueFunctionScaler(criteria), WeightedSumModel())


__all__ = ["ValueFunctionScaler", "mavt_pipeline"]
