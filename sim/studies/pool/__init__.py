"""Sizing the pool: how many mentors a county needs each year so that no young cadre waits more than K months.

``cadre-sim pool SCENARIO [--wait K] [--ensemble FIT] [-r N]``: the county runs with its pool
unconstrained (``pool.pool_cap = 0``), on every plausible parameter set of a fit when one is given
(each set's structure apart); each run's series give the demand (``sim.model.shortage``: the young
cadres who begin to want a mentor each month, and the months each keeps a mentor); a queue served
first come first served (``queue``) gives the fewest places each year so that no one waits more
than K months, and the pairing form turns places into mentors. ``analysis`` runs and sizes,
``report`` writes ``report.md``, ``pool_sizing.csv``, ``runs.csv`` and the plot, ``command`` is the
command.
"""
