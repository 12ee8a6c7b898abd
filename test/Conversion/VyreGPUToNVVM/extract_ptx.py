"""Prints the PTX text of every gpu.binary object in an MLIR module (stdin).

gpu-module-to-binary{format=isa} stores the assembly as an escaped string
attribute; FileCheck wants its lines.
"""
import re
import sys

text = sys.stdin.read()
found = re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', text)
if not found:
    sys.exit("extract_ptx.py: no gpu.binary with an assembly attribute")
for escaped in found:
    print(re.sub(r"\\([0-9A-Fa-f]{2})",
                 lambda m: chr(int(m.group(1), 16)), escaped))
