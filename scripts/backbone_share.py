"""Where the backbone share at the end comes from: `python scripts/backbone_share.py [SCENARIO] [--seed N]`.

Reads one run's cadres table (docs/calibration.md, "Why the backbone share stays near four in five"):
the establishment's cadres in post at the end, how many were hired in the run and mentored, how many
of the backbones recognised by the end of 2020 among the mentored are still in post, and the backbones
among those mentored later and those never mentored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.model.calendar import step_of  # noqa: E402
from sim.model.kinds import VILLAGE_KINDS  # noqa: E402
from sim.model.run import simulate  # noqa: E402
from sim.params.scenario import load_scenario  # noqa: E402

BACKBONE_STAGES = ("backbone", "mentor")


def main(argv: list[str]) -> int:
    """Print the decomposition of the backbone share for one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="anji")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", type=int, default=2020, help="last year of the reported window")
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario)
    run = scenario.run
    cadres = simulate(scenario, args.seed).cadres
    end = step_of(run, run.end_year, run.end_month)
    window_end = step_of(run, args.until, 12)
    village = {k.code for k in VILLAGE_KINDS}
    est = cadres[~cadres.kind.astype(str).isin(village)]
    in_post = est[(est.exit_month < 0) | (est.exit_month > end)]
    backbone = in_post.stage.astype(str).isin(BACKBONE_STAGES)
    mentored = in_post.first_mentor >= 0
    early = (in_post.backbone_month >= 0) & (in_post.backbone_month <= window_end) & mentored
    hired = est[(est.hire_month > 0) & (est.hire_month <= window_end)]
    n = len(in_post)
    years = window_end / 12
    print(f"establishment in post at the end: {n:,}")
    print(f"hired in the run: {(in_post.hire_month > 0).mean():.3f}; ever mentored: {mentored.mean():.3f}")
    print(
        f"hired to the end of {args.until}: {len(hired):,} ({len(hired) / years:.0f} a year), mentored {(hired.first_mentor >= 0).mean():.3f}"
    )
    print(f"backbone share at the end: {backbone.mean():.3f}")
    print(f"  mentored, recognised by {args.until}, still in post: {early.sum():,} = {early.sum() / n:.3f}")
    later = backbone & mentored & ~early
    print(f"  mentored, recognised later: {later.sum():,} = {later.sum() / n:.3f}")
    never = backbone & ~mentored
    print(
        f"  never mentored: {never.sum():,} = {never.sum() / n:.3f} (of {(~mentored).sum():,} never mentored in post)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
