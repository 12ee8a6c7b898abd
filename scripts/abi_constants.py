#!/usr/bin/env python3
"""Reads the ring ABI constants from include/vyre/ABI/RingABI.h.

The header is the single source of truth; this parser is how non-C
consumers (the generated docs, the Python package) get the numbers. It
accepts exactly the shape the header promises: one `#define VYRE_NAME
<integer>u` per line, optionally followed by a /* comment */.

Usage: abi_constants.py HEADER --markdown OUT   (the docs table)
       abi_constants.py HEADER --python OUT     (the Python package's _abi.py)
"""
import argparse
import re
import sys

DEFINE = re.compile(
    r"^#define\s+(VYRE_[A-Z0-9_]+)\s+(0x[0-9A-Fa-f]+|\d+)u\b\s*(?:/\*\s*(.*?)\s*\*/)?\s*$")
SECTION = re.compile(r"^/\*-+\s*(.*?)\s*-*\*?/?\s*$")


GUARD = "VYRE_ABI_RINGABI_H"


def parse(path):
    """Returns [(section, name, value, comment)] in header order.

    Fails on any `#define VYRE_...` line (other than the include guard) that
    does not have the promised shape, so a constant cannot silently vanish
    from the docs or from Python."""
    out, section = [], ""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = SECTION.match(line)
            if m and line.startswith("/*---"):
                section = m.group(1).rstrip("- ").strip()
                continue
            if not line.startswith("#define VYRE_") or GUARD in line:
                continue
            m = DEFINE.match(line)
            if not m:
                sys.exit(f"{path}:{number}: not of the form "
                         f"`#define VYRE_NAME <integer>u /* note */`: {line}")
            name, value, comment = m.groups()
            out.append((section, name, int(value, 0), comment or ""))
    return out


def to_markdown(constants, header):
    lines = ["# Ring ABI constants (generated)", "",
             f"Generated from `{header}` by `scripts/abi_constants.py`; "
             "do not edit.", ""]
    current = None
    for section, name, value, comment in constants:
        if section != current:
            current = section
            lines += ["", f"## {section or 'General'}", "",
                      "| constant | value | hex | note |", "|---|---|---|---|"]
        lines.append(f"| `{name}` | {value} | 0x{value:X} | {comment} |")
    return "\n".join(lines) + "\n"


def to_python(constants, header):
    lines = [f'"""Ring ABI constants, generated from {header} by',
             'scripts/abi_constants.py when the package is built; do not edit."""',
             ""]
    current = None
    for section, name, value, comment in constants:
        if section != current:
            current = section
            lines += ["", f"# {section or 'General'}"]
        note = f"  # {comment}" if comment else ""
        lines.append(f"{name[len('VYRE_'):]} = {value}{note}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("header")
    ap.add_argument("--markdown", help="write the docs table here")
    ap.add_argument("--python", help="write the Python constants module here")
    args = ap.parse_args()
    constants = parse(args.header)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(to_markdown(constants, "include/vyre/ABI/RingABI.h"))
    if args.python:
        with open(args.python, "w", encoding="utf-8") as f:
            f.write(to_python(constants, "include/vyre/ABI/RingABI.h"))
    if not args.markdown and not args.python:
        for _, name, value, _ in constants:
            print(f"{name} = {value}")


if __name__ == "__main__":
    main()
