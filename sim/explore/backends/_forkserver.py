"""Imported by the process pool's fork server only (``set_forkserver_preload``).

The fork server, and so every worker it forks, ends with the ``cadre-sim`` process that started it.
"""

from sim.lifetime import die_with_parent

die_with_parent()
