"""The mean-field cross-check (`cadre-sim check`): the agent model's replicates against its expected values.

The analysis (``line_up``, ``verdict``) lives beside the mean-field model in ``sim.meanfield.check``;
``report`` prints a ``Check`` (tables and verdict); ``command`` is the command.
"""
