"""Matplotlib set up once for files (no display): every module that draws imports ``plt`` from here."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)

__all__ = ["plt"]
