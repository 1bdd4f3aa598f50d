"""The studies: one folder each (run, compare, sweep, calibrate, check, optimise, discover).

A study's folder holds the reading of its own inputs, a pure analysis returning a typed result,
the writers that read only that result, and ``command.py`` (its Typer command on ``sim.cli.app``).
"""
