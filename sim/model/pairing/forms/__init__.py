"""One module per pairing form; each registers itself in ``sim.model.pairing.base.REGISTRY``."""

from sim.vocab import discover

discover(__name__, __path__)
