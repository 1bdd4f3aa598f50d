"""The mean-field cross-check: an expected-value model of the same flows, and its comparison.

``model`` (``mean_field(scenario)``: difference equations on expected counts by cohort, age and
stage, with cohort skill types, ranks in ``ranks``), ``cohorts`` (the starting county and the
newcomers), ``check`` (replicates of the agent model lined up against the mean-field by month
and stage). Reads ``sim.params`` and the vocabularies and constants of ``sim.model``; never the
agent model's update functions.
"""

from __future__ import annotations

from sim.meanfield.model import MeanField, mean_field

__all__ = ["MeanField", "mean_field"]
