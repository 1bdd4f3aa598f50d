"""Workshop demo: Mesa's SolaraViz in a browser, fully offline.

- ``page``: the page the Solara server runs (imports solara; only the server process loads it);
- ``model``: ``DemoModel``, one browser tab's simulation, built from the presenter's controls;
- ``charts``: the live charts as a Vega-Lite spec; the network picture is ``sim.output.network``;
- ``server``: the ``solara run`` command line, its offline environment, waiting for it;
- ``assets``: makes every front-end asset resolvable from the local ``share/solara/cdn`` folder.

``cadre-sim demo`` (``sim.cli``) ties them together.
"""
