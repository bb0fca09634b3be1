"""Runs every benchmark in this folder (`make bench`). Arguments go to each, e.g. `--n 100000`."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["search.py", "evaluation.py", "serving.py"]


def main() -> int:
    for name in BENCHMARKS:
        # Our own scripts, with this interpreter.
        completed = subprocess.run(  # noqa: S603
            [sys.executable, str(HERE / name), *sys.argv[1:]], check=False
        )
        if completed.returncode:
            return completed.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
