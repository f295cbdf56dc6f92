"""Helpers of the test_cli_truth_* tests: the installed console script, the CLI entry function
in-process, and the shape of a refused command (non-zero exit, one line, no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCRIPT = Path(sys.executable).parent / "newsflow"


def newsflow(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run the installed `newsflow` console script (the module where the project is not installed)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    clean.update(env or {})
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pipeline.cli"]
    return subprocess.run(
        [*command, *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd or ROOT,
    )


def run_main(capsys: Any, *args: str) -> tuple[int, str, str]:
    """The CLI entry function in-process: (exit code, stdout, stderr); argparse exits count too."""
    from pipeline.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code: int, err: str) -> str:
    """The message of a refused command: non-zero exit, no traceback, exactly one line on stderr."""
    assert code != 0, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("newsflow"), err
    return lines[0]
