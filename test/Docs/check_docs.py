"""The docs name everything users can call (issue 24): every function that
runtime.h declares is in docs/runtime.md, and every vyre pass and pipeline
that `vyre-opt --help` lists is in docs/passes.md. Prints what is missing
and exits 1, so the lit test fails until the docs catch up.
    python3 check_docs.py SOURCE_ROOT VYRE_OPT"""
import re
import subprocess
import sys
from pathlib import Path


def declared_functions(header: Path) -> list:
    text = re.sub(r"/\*.*?\*/", "", header.read_text(), flags=re.S)
    return sorted(set(re.findall(r"^[A-Za-z_][\w \*]*?\b(vyre_\w+)\s*\(",
                                 text, flags=re.M)))


def vyre_passes(vyre_opt: str) -> list:
    help_text = subprocess.run([vyre_opt, "--help"], capture_output=True,
                               text=True, check=True).stdout
    return sorted(set(re.findall(r"^\s+--([a-z-]*vyre[a-z-]*)", help_text,
                                 flags=re.M)))


def main(root: str, vyre_opt: str) -> int:
    root = Path(root)
    missing = []
    runtime_doc = (root / "docs" / "runtime.md").read_text()
    for name in declared_functions(root / "runtime" / "include" / "vyre" /
                                   "runtime.h"):
        if name not in runtime_doc:
            missing.append(f"docs/runtime.md does not mention {name}")
    passes_doc = (root / "docs" / "passes.md").read_text()
    for name in vyre_passes(vyre_opt):
        if name not in passes_doc:
            missing.append(f"docs/passes.md does not mention --{name}")
    for line in missing:
        print(line)
    print(f"{len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
