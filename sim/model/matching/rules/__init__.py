"""One module per matching rule; each registers itself in ``sim.model.matching.base.REGISTRY``."""

from sim.vocab import discover

discover(__name__, __path__)
