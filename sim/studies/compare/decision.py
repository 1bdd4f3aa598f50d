"""The decision of a comparison: its runs' paired verdicts (``sim.runs.verdicts``), weighed (``sim.runs.decision``).

Over the plausible sets of a fit with ``--ensemble`` (each set a stratum, its structure named), else over
the replicates of the one scenario; the writers (``sim.output.decisions``) read the ``Decision``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.runs.decision import Decision, decide
from sim.runs.verdicts import paired_verdicts

if TYPE_CHECKING:
    from sim.studies.compare.analysis import CompareResult
    from sim.studies.compare.ensemble import EnsembleCompare

__all__ = ["compare_decision"]


def compare_decision(res: CompareResult, ensemble: EnsembleCompare | None = None) -> Decision:
    """The decision of a comparison: over the plausible sets of ``ensemble`` (``res`` its pooled runs), else one set."""
    if ensemble is None:
        return decide(paired_verdicts(res.runs, res.labels, res.outcomes))
    runs = ensemble.pooled.runs
    return decide(paired_verdicts(runs, res.labels, res.outcomes, ensemble.members, ensemble.structures or None))
