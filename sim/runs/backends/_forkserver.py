"""Imported by the process pool's fork server only (``set_forkserver_preload``).

The fork server ends with the ``cadre-sim`` process that started it, and every worker it forks
ends with the fork server: the request is made in the child right after the fork, before any
Python code of the worker runs (``os.register_at_fork``), so no worker outlives a killed sweep.
"""

import os

from sim.lifetime import die_with_parent

die_with_parent()
_SERVER = os.getpid()
os.register_at_fork(after_in_child=lambda: die_with_parent(_SERVER))
