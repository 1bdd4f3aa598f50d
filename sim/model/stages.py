"""Career stages: young cadre -> independent -> backbone -> mentor in the pool -> second line -> exited.

``Stage`` is the value stored per cadre; ``STAGES`` is its vocabulary (code, Chinese and English
label, colour, in stage order) read by every table, plot, the demo and the lineage drawing.
"""

from __future__ import annotations

from enum import IntEnum

from sim.vocab import Term, Vocabulary


class Stage(IntEnum):
    """Where a cadre is in a career; ``int`` values index the ``STAGES`` table."""

    YOUNG = 0  # young cadre in the mentee window (帮带对象)
    INDEPENDENT = 1  # past the window, not yet at backbone level
    BACKBONE = 2  # unit backbone (骨干)
    MENTOR = 3  # in the mentor pool (导师), still in a front-line post
    SECOND_LINE = 4  # stepped back to a second-line post (退二线); may still be in the pool
    EXITED = 5  # left or retired

    @property
    def code(self) -> str:
        """The stage's code in tables and series columns (``second_line``)."""
        return self.name.lower()


STAGES: Vocabulary[Term] = Vocabulary(
    "career stage",
    [
        Term("young", "青年干部", "young cadre", "#4dabf7", "a recruit in the mentee window"),
        Term("independent", "独立工作", "independent", "#adb5bd", "past the window, below backbone level"),
        Term("backbone", "骨干", "backbone", "#2f9e44", "a unit backbone (mean skill above the threshold)"),
        Term("mentor", "导师", "mentor", "#e8590c", "in the mentor pool, still in a front-line post"),
        Term("second_line", "退二线", "second line", "#9c36b5", "stepped back to a second-line post"),
        Term("exited", "退出", "exited", "#dee2e6", "left or retired"),
    ],
)

LIVE_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s != Stage.EXITED)
STAGE_CODES: tuple[str, ...] = tuple(s.code for s in Stage)
STAGE_COLOURS: tuple[str, ...] = tuple(STAGES[s.code].colour for s in Stage)

assert STAGES.codes() == STAGE_CODES, "the STAGES table must list every Stage, in order"
