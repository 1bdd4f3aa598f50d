"""The sweep study: many runs over a design of parameters (`cadre-sim sweep`).

``experiment_file`` + ``factors`` + ``experiment`` read an experiment file into an ``Experiment``;
``sweep`` runs it (resumable) and ``analysis`` sums a folder's runs up (points, best, sensitivity,
screening); ``report`` and ``screening_report`` write what the analysis found; ``command`` is the
command, which runs, then writes.
"""
