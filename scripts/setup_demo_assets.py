#!/usr/bin/env python
"""Set up (idempotently) and check the offline front-end assets for `cadre-sim demo`.

`cadre-sim demo` also does it at every start.
"""

from sim.demo.assets import main

if __name__ == "__main__":
    raise SystemExit(main())
