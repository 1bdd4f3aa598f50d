"""The model: cadres, pairs and the month order (no input files, no output files, no plots).

Import what you need from its modules (``sim.model.model.CadreModel``, ``sim.model.run.simulate``)
or from ``sim``. This package file stays empty so that the registries (``sim.model.pairing``,
``sim.model.matching``) can be read by the parameter schema without loading the whole model.
"""
