"""The machinery of many runs, shared by the studies: how runs are carried out and kept.

``execution`` (one interface, typed run records ``records``) and ``backends/`` (this process, a local
process pool, a Dask cluster); ``store`` (a folder's runs on disk as they finish); ``progress`` (bars,
SIGTERM as Ctrl-C); ``designs`` (grid, LHS, Saltelli, Morris, seeds); ``stats`` (intervals and paired
differences). Imports the model, params, files and words; never a study or the writers.
"""
