"""README.zh.md stays true: its commands run, in order, as a planner would type them (made cheaper).

Every command of its ```bash blocks runs in a fresh folder that sees the project's scenarios,
experiments and fits, with fewer years and replicates so the whole guide runs in under a minute;
the commands that install, run the whole test suite or start a server are skipped, with the reason.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "README.zh.md"

SKIPPED = {  # a command's start -> why the test does not run it
    "python3 -m venv": "installs the packages (the tests run in the installed environment)",
    ".venv/bin/python -m pytest": "runs the whole test suite (minutes), of which this test is a part",
    "cadre-sim demo": "starts a web server that runs until stopped",
}
SHORT = "run.end_year=2006"  # two years of Anji's county instead of twenty-one


def commands() -> list[str]:
    """The shell commands of the guide's ```bash blocks, in order."""
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def cheaper(command: str) -> list[str]:
    """The command as argv for this Python, with fewer years and replicates."""
    words = shlex.split(command)
    assert words[0] == "cadre-sim", command
    verb = words[1]
    for option in ("--replicates", "-r"):
        if option in words:
            words[words.index(option) + 1] = "1" if verb == "sweep" else "2"
    if "--sets" in words:
        words[words.index("--sets") + 1] = "1"
    if verb == "run":
        words += ["--years", "2", "--quiet"]
    if verb in ("compare", "sweep", "optimise"):
        words += ["--set", SHORT, "--workers", "2", "--quiet", "--no-plots"]
    if verb == "optimise":  # three trials, one point confirmed on two fresh seeds
        words[words.index("--trials") + 1] = "3"
        words += ["--confirm-points", "1", "--confirm-replicates", "2"]
    return [sys.executable, "-m", "sim", *words[1:]]


def test_the_guide_has_the_two_quick_start_commands_of_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = commands()[:2]
    assert quick[0].startswith("python3 -m venv") and quick[1] == ".venv/bin/python -m pytest"
    for command in quick:
        assert f"    {command}\n" in readme, command


@pytest.mark.slow
@pytest.mark.long
def test_every_command_of_the_guide_runs(tmp_path):
    for name in ("scenarios", "experiments", "calibration"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    ran, skipped = [], []
    for command in commands():
        reason = next((why for start, why in SKIPPED.items() if command.startswith(start)), None)
        if reason:
            skipped.append((command, reason))
            continue
        done = subprocess.run(cheaper(command), cwd=tmp_path, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        ran.append(command)
    assert len(ran) >= 9 and {c.split()[0] for c, _ in skipped} <= {"python3", ".venv/bin/python", "cadre-sim"}
    assert (tmp_path / "我县.toml").is_file() and (tmp_path / "参数说明.csv").is_file()
    results = tmp_path / "results"
    (roster_run,) = [
        p for p in results.glob("我县-*") if "示例县乡镇干部花名册" in (p / "report.md").read_text(encoding="utf-8")
    ]
    report = (roster_run / "report.md").read_text(encoding="utf-8")
    headcount = re.search(r"在岗干部从 (\d+) 人变为 (\d+) 人", report)
    assert headcount and int(headcount.group(1)) == 248  # the messy roster's cadres, its village cadres left out
    assert 0.8 * 248 <= int(headcount.group(2)) <= 1.25 * 248  # the roster's size held: no Anji intake or youths
    assert "## 借用的数值" in report and (roster_run / "report.docx").is_file() and (roster_run / "units.csv").is_file()
    compares = sorted(results.glob("compare-*"))
    assert len(compares) == 3 and all((c / "report.md").is_file() for c in compares)
    assert all("各项指标哪个方案最好" in (c / "report.md").read_text(encoding="utf-8") for c in compares)
    sweep = results / "sweep-ratio_x_methods" / "report.md"
    assert "每项指标的最佳设计点" in sweep.read_text(encoding="utf-8")
    (search,) = results.glob("optimise-*")
    assert "## 推荐方案" in (search / "report.md").read_text(encoding="utf-8")
    assert (search / "front" / "point-01.toml").is_file()
