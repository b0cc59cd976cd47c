"""Stage 3, scoring: a validated dataset in, a ranked, graded, flagged :class:`Result` out.

In: a :class:`~appraisal.check.Dataset` and the scheme.  Out: a
:class:`Result`: one row per cadre (:data:`CADRE_COLUMNS`: the three
component scores, the composite, rank, grade, flags with their sentences),
the inversion table per unit and post, the unit flags and the ties at a
quota line.

Modules: ``component_scores`` (task, service and democratic scores, the
composite), ``grading`` (ranks, bands, the 优秀 quota), ``diagnostics``
(inversion, leader/mass gap, the flags and their explanations), ``pipeline``
(:func:`score`, :func:`appraise`, :func:`components_key`).

(Named ``scoring``, not ``score``, so that ``appraisal.score`` stays the
function.)
"""

from .component_scores import COMPONENT_COLUMNS, components
from .grading import quota_of
from .pipeline import CADRE_COLUMNS, Result, appraise, as_quarter, components_key, score

__all__ = ["CADRE_COLUMNS", "COMPONENT_COLUMNS", "Result", "appraise", "as_quarter", "components", "components_key",
           "quota_of", "score"]
