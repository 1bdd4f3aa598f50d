"""Policy search (`cadre-sim optimise`): the best levers under a budget, confirmed and recommended.

``levers`` (the levers file) and ``goals`` (objectives, budgets) read the inputs; ``search`` runs
the resumable study and returns a ``SearchResult`` with ``front`` (the front, robustness, the
recommendation) and ``confirm`` (fresh-seed and ensemble runs); ``report`` writes the folder from
that result; ``command`` is the command.
"""
