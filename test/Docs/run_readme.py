"""Runs every command of README.md's ```sh blocks, so that none can drift
from the code (issue 24). Each runs from the repository's root in one
bash with `set -euo pipefail`, in the README's order, as written, except
where COMMANDS below says otherwise: the two set-up commands run elsewhere
(CI runs the test command; test/Docs/readme.test runs the demo), the
benchmarks get their own options that keep them short (or, for the one
that builds two revisions, only its usage is checked), and build/ steps
get VYRE_BENCH_PREBUILT so that a test does not rebuild the tree under
test. A README command that COMMANDS does not know fails the test: add it
there, with how it runs here.
    python3 run_readme.py SOURCE_ROOT OUTPUT_DIR"""
import re
import subprocess
import sys
import time
from pathlib import Path

# The README's command (comments and continuations removed) -> how it runs
# here: None to skip it (with the reason), or the command line to run.
COMMANDS = {
    "bash scripts/demo.sh": None,  # test/Docs/readme.test runs it
    "bash scripts/test.sh": None,  # CI runs it (.ci/run)
    "bash bench/load.sh": "bash bench/load.sh --preset quick --kinds nop "
                          "--seconds 0.2 --samples 50",
    "bash bench/run.sh": "bash bench/run.sh --tasks 4000 --samples 50",
    # It builds two revisions' runtimes (minutes each): its usage only.
    "bash bench/compare.sh REV_A REV_B":
        "bash bench/compare.sh >usage.txt 2>&1 || [ $? -eq 2 ] && "
        "grep -q 'SPEC_A SPEC_B' usage.txt",
    "bash bench/compile-time.sh": "bash bench/compile-time.sh 16",
    # Its compile half ran first, as written (PREPARE, below).
    "bash bench/compile.sh && build/bin/vyre-io-bench":
        "build/bin/vyre-io-bench --requests 2000 --samples 20",
}


# The benchmark lines run with VYRE_BENCH_PREBUILT (no build inside a
# test), so their kernels come first: the README's own compile step, from
# its IO line, run once before everything (on a clean clone there are no
# kernels yet).
PREPARE = "bash bench/compile.sh"


def commands(text: str) -> list:
    """The README's sh commands: continuations joined, comments dropped."""
    found = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            line = re.sub(r"\s+", " ", line)
            if line and not line.startswith("#"):
                found.append(line)
    return found


def main(root: str, out: str) -> int:
    root = Path(root)
    readme = commands((root / "README.md").read_text())
    unknown = [c for c in readme
               if c not in COMMANDS and c.split(" ")[0] not in
               ("build/bin/vyre-opt", "build/bin/vyre-translate",
                "build/bin/vyre-compile",
                "build/bin/vyre-run", "spirv-val", "build/venv/bin/python")]
    if unknown:
        print("README commands this test does not know (add them to "
              "test/Docs/run_readme.py):\n  " + "\n  ".join(unknown))
        return 1
    # The commands run in `out`, where the root's entries are linked: their
    # paths are the README's, and what they write (hist.spv, hist.json, a
    # trace) lands in `out`, not in the source tree.
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        link = out / entry.name
        if entry.name != ".git" and not link.exists():
            link.symlink_to(entry)
    env = (f"export VYRE_BENCH_PREBUILT=1 VYRE_BENCH_OUT={out}; "
           f"export LD_LIBRARY_PATH={root}/build/lib; cd {out}; ")
    prepare = subprocess.run(["bash", "-c", env + PREPARE],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    if prepare.returncode:
        print(f"readme: {PREPARE} failed\n" + prepare.stdout[-3000:])
        return 1
    ran = skipped = 0
    for command in readme:
        run = COMMANDS.get(command, command)
        if run is None:
            skipped += 1
            continue
        start = time.monotonic()
        done = subprocess.run(["bash", "-c", "set -euo pipefail; " + env + run],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
        print(f"readme: {done.returncode} in {time.monotonic() - start:.1f} s: "
              f"{command}")
        if done.returncode:
            print(done.stdout[-3000:])
            return 1
        ran += 1
    print(f"readme: {ran} commands ran, {skipped} run elsewhere")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
