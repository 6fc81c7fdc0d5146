"""The entry point of the ``diversify`` command (cli/main.py's ``run``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["diversify", "--version"]
from diversify.cli.main import run
try:
    run()
except SystemExit:
    pass
import numpy, threadpoolctl
print(sorted({p["num_threads"] for p in threadpoolctl.threadpool_info()
              if p["internal_api"] == "openblas"}))
"""


@pytest.mark.parametrize(("given", "threads"), [(None, "[1]"), ("2", "[2]")])
def test_blas_runs_on_one_thread_unless_the_user_set_it(given: str | None, threads: str) -> None:
    """OpenBLAS's worker threads cost start-up and nothing the engine does needs them
    (issue 14); a thread count the user set is kept."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env,
        timeout=120,
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == threads
