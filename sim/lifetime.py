"""Child processes that end with their parent: nothing left running after a kill.

On Linux a process can ask the kernel to send it SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``). Sweep workers, the process pool's fork server and the demo's web
server ask for it, so that killing ``cadre-sim`` (even with SIGKILL, which no handler sees) takes
them along. Elsewhere ``die_with_parent`` does nothing and says so.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> bool:
    """Ask the kernel to kill this process when its parent ends; True if it could (Linux).

    ``parent_pid``: the parent expected; if it has already gone (a race at start), exit now.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the request took effect
    return True
