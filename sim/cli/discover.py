"""Scenario discovery: `cadre-sim discover` (PRIM boxes where an outcome condition holds)."""

from __future__ import annotations

from sim.cli.app import app

__all__ = ["app"]
