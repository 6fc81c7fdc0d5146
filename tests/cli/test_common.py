"""Shared CLI helpers."""

from __future__ import annotations

from tests.cli.helpers import python_c


def test_native_output_goes_to_stderr_while_guarded() -> None:
    """A write to file descriptor 1 inside the guard (as HiGHS may do) lands on stderr,
    so JSON piped from stdout stays clean; writes after the guard reach stdout again."""
    code = (
        "import os, sys\n"
        "from diversify.cli.common import native_output_to_stderr\n"
        "print('before', flush=True)\n"
        "with native_output_to_stderr():\n"
        "    os.write(1, b'solver noise\\n')\n"
        "print('after', flush=True)\n"
    )
    out = python_c(code)
    assert out.stdout.split() == ["before", "after"]
    assert "solver noise" in out.stderr
