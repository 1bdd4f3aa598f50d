"""``python -m sim``: the same as the ``cadre-sim`` command."""

from sim.cli import main

main()
