"""The run study: one scenario simulated month by month into a results folder (`cadre-sim run`, `validate`, `list`)."""
