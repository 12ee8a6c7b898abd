"""The docs name everything users can call (issue 24): every function that
runtime.h declares is in docs/runtime.md, and every vyre pass and pipeline
that `vyre-opt --help` lists is in docs/passes.md. And docs/manifest.md
holds exactly the manifest keys of include/vyre/ABI/ManifestKeys.h (issue
25: the keys in one place): each key documented, no documented key that
the header lacks. Prints what is missing and exits 1, so the lit test
fails until the docs catch up.
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


def manifest_keys(header: Path) -> list:
    """(object, key) for each key of VYRE_MANIFEST_KEYS."""
    block = header.read_text().split("#define VYRE_MANIFEST_KEYS(X)")[1]
    block = block.split("\n\n")[0]  # the macro's lines, to the blank one
    return re.findall(r'X\((\w+), \w+, "(\w+)"\)', block)


def manifest_doc_problems(root: Path) -> list:
    doc = (root / "docs" / "manifest.md").read_text()
    keys = manifest_keys(root / "include" / "vyre" / "ABI" / "ManifestKeys.h")
    # The first column of the two key tables (the document's and a
    # binding's): `a`, `b` per row.
    tabled = set(re.findall(r"`(\w+)`", "\n".join(
        line.split("|")[1] for line in doc.splitlines()
        if line.startswith("| `"))))
    # Keys of the objects inside arrays are named in their rows' text, in
    # backticks or in a {a, b} list.
    named = set(re.findall(r"`(\w+)`", doc)) | set(
        w for group in re.findall(r"\{([\w, ]+)\}", doc)
        for w in re.findall(r"\w+", group))
    problems = []
    for obj, key in keys:
        where = tabled if obj in ("document", "binding") else named
        if key not in where:
            problems.append(f"docs/manifest.md does not document the {obj} "
                            f"key {key}")
    known = {key for _, key in keys}
    for key in sorted(tabled - known):
        problems.append(f"docs/manifest.md documents a key {key} that "
                        "ManifestKeys.h does not have")
    return problems


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
    missing += manifest_doc_problems(root)
    for line in missing:
        print(line)
    print(f"{len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
