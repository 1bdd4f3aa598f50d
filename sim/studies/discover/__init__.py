"""Scenario discovery (`cadre-sim discover`): PRIM boxes of swept parameters where an outcome condition holds.

``sweep_runs`` (a sweep folder read back) and ``condition`` (the condition, read without eval) read
the inputs; ``analysis`` finds the boxes and returns a ``Discovery``; ``report`` writes the folder
from it; ``command`` is the command.
"""
