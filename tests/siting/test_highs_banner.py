"""HiGHS's English banner never reaches the command line's standard output."""

from __future__ import annotations

import subprocess
import sys

CODE = """
from servicecircle.siting.mip.highs import _new_highs
print("before", flush=True)
first, second = _new_highs(), _new_highs()
print("after", flush=True)
"""


def test_the_first_solver_of_a_process_prints_nothing():
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.splitlines() == ["before", "after"], done.stdout


def test_made_as_usual_it_would_print_its_banner():
    """The check above can fail: a plain ``Highs()`` prints the banner (here, at least)."""
    plain = "import highspy\nhighspy.Highs()\n"
    done = subprocess.run(
        [sys.executable, "-c", plain], capture_output=True, text=True, timeout=120, check=True
    )
    assert "HiGHS" in done.stdout
