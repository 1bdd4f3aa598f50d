"""Policy search: `cadre-sim optimise` (the best levers under a budget)."""

from __future__ import annotations

from sim.cli.app import app

__all__ = ["app"]
