"""Where cadre-sim reaches past another library's public API: one module per library, the reason beside each use.

Every private name used is listed in the module's ``PRIVATE`` and the version it was written against in
``PINNED`` (the one ``constraints.txt`` pins); ``tests/test_adapters*.py`` fail, saying which, when the
installed version differs or a name is gone. Nothing outside this package touches those libraries' internals.
"""
