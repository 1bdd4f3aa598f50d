"""``python -m sim``: the same as the ``cadre-sim`` command."""

from sim.cli import app

app(prog_name="cadre-sim")
