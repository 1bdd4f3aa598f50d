"""Calibration (`cadre-sim calibrate`): fit a scenario's free parameters to reported figures.

``targets`` (the target files) and ``fit.load_free`` (the free-parameter file) read the inputs;
``fit`` (the point fit, the check) and ``history`` (history matching) make a ``fit.Fit``;
``report`` writes the fit folder from it; ``command`` is the command.
"""
