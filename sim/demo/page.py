"""Entry file for the Solara server: ``solara run sim/demo/page.py`` (``cadre-sim demo`` does this).

Set ``CADRE_DEMO_SCENARIO`` / ``CADRE_DEMO_LANG`` and the offline environment
(:func:`sim.demo.assets.offline_env`) first; ``cadre-sim demo`` does both.
"""

from sim.demo.app import make_page

Page = make_page()
