"""Workshop demo: Mesa's SolaraViz in a browser, fully offline.

Entry points (wired into ``sim.cli`` by the core):

- :func:`sim.demo.app.demo_command` -- ``cadre-sim demo [SCENARIO]``
- :mod:`sim.demo.assets` -- makes every front-end asset resolvable from the local
  ``share/solara/cdn`` folder (no CDN at run time).

Heavy imports (solara, mesa.visualization) happen inside functions only.
"""
