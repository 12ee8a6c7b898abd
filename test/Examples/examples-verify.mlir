// Every example in examples/ must parse, verify and round-trip.
// RUN: vyre-opt %vyre_src_root/examples/histogram.mlir | vyre-opt | FileCheck %s --check-prefix=HIST
// RUN: vyre-opt %vyre_src_root/examples/builtins.mlir | vyre-opt | FileCheck %s --check-prefix=BUILTINS

// HIST: vyre.megakernel @histogram slots(1024) workgroups(8) workgroup_size(64) mode(persistent)
// HIST-COUNT-3: vyre.handler
// BUILTINS: vyre.megakernel @counters
// BUILTINS-COUNT-10: vyre.builtin
