"""Workshop demo: a Solara page on the Mesa model, in a browser, fully offline.

- ``page``: the page the Solara server runs (imports solara; only the server process loads it);
- ``session``: one browser tab's state and actions (Step, Play, Reset, jump, fast-forward, click);
- ``controls``: the sidebar (run buttons and the settings Reset uses, values shown);
- ``views``: the status line, messages, the network canvas and the charts;
- ``model``: ``DemoModel``, one browser tab's simulation, built from the presenter's controls;
- ``netview``: the numbers the network canvas draws (``network.vue``), sampled at large sizes;
- ``charts``: the four live charts as Vega-Lite specs and their data (``chart.vue``);
- ``story``: the guided story (讲解), five chapters each run to its moment, and the four big numbers;
- ``tree``: the live lineage tree of the lit cadre (a small SVG beside the network);
- ``twin``: two policies side by side (what each runs with, the difference in words);
- ``keys.vue``: the presenter's keys (a clicker's PageDown, P for the presentation layout) and the
  tab's run token in its address (a reload finds the run again);
- ``server``: the ``solara run`` command line, its offline environment, waiting for it;
- ``assets``: makes every front-end asset resolvable from the local ``share/solara/cdn`` folder.

- ``command``: the workshop's commands, ``cadre-sim demo``, ``lineage`` and ``animate``.

The page's words are the catalogue's ``demo`` book (``sim/words/demo.toml``).
"""
