"""Comparing policies (`cadre-sim compare`): every variant on the same replicate seeds, paired statistics.

``analysis`` runs the variants and holds the statistics (``run_compare`` -> ``CompareResult``);
``ensemble`` reads a fit's plausible parameter sets and compares the variants on each of them
(``run_ensemble_compare`` -> ``EnsembleCompare``, ``robustness``); ``report`` and
``ensemble_report`` write the comparison folder from those results; ``command`` is the command.
"""
