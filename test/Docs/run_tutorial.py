"""Runs docs/tutorial.md as a user would (issue 24: every command in it
runs in the test suite, so it cannot drift): its ```mlir block must be
examples/tutorial/kv.mlir as it is, its ```sh blocks run in order in one
bash (set -euo pipefail) from the repository's root, and its ```python
blocks run with PYTHON (the package's interpreter).
    python3 run_tutorial.py SOURCE_ROOT PYTHON"""
import re
import subprocess
import sys
from pathlib import Path


def blocks(text: str, kind: str) -> list:
    return re.findall(r"^```" + kind + r"\n(.*?)^```", text, flags=re.S | re.M)


def main(root: str, python: str) -> int:
    root = Path(root)
    text = (root / "docs" / "tutorial.md").read_text()
    kernel = (root / "examples" / "tutorial" / "kv.mlir").read_text()
    if blocks(text, "mlir") != [kernel]:
        print("docs/tutorial.md's kernel is not examples/tutorial/kv.mlir")
        return 1
    shell = blocks(text, "sh")
    script = "set -euo pipefail\n" + "\n".join(shell)
    if subprocess.run(["bash", "-c", script], cwd=root).returncode:
        print("a sh block of docs/tutorial.md failed")
        return 1
    py = blocks(text, "python")
    for code in py:
        if subprocess.run([python, "-c", code], cwd=root).returncode:
            print("a python block of docs/tutorial.md failed")
            return 1
    print(f"tutorial: the kernel matches, {len(shell)} sh and {len(py)} "
          f"python blocks ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
