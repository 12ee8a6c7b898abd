// Every example compiles, in both modes, to SPIR-V that spirv-val accepts.
//
// RUN: vyre-opt %vyre_src_root/examples/histogram.mlir --vyre-to-spirv-interpreter -o %t.hist.mlir
// RUN: vyre-translate --vyre-to-spirv %t.hist.mlir -o %t.hist.spv
// RUN: spirv-val --target-env vulkan1.1 %t.hist.spv
// RUN: vyre-translate --vyre-to-manifest %t.hist.mlir | FileCheck %s --check-prefix=HIST
// RUN: sed 's/mode(persistent)/mode(once)/' %vyre_src_root/examples/histogram.mlir \
// RUN:   | vyre-opt --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.hist-once.spv
// RUN: spirv-val --target-env vulkan1.1 %t.hist-once.spv
//
// RUN: vyre-opt %vyre_src_root/examples/builtins.mlir --vyre-to-spirv-interpreter -o %t.builtins.mlir
// RUN: vyre-translate --vyre-to-spirv %t.builtins.mlir -o %t.builtins.spv
// RUN: spirv-val --target-env vulkan1.1 %t.builtins.spv
// RUN: vyre-translate --vyre-to-manifest %t.builtins.mlir | FileCheck %s --check-prefix=BUILTINS
// RUN: sed 's/mode(once)/mode(persistent)/' %vyre_src_root/examples/builtins.mlir \
// RUN:   | vyre-opt --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.builtins-persistent.spv
// RUN: spirv-val --target-env vulkan1.1 %t.builtins-persistent.spv
//
// examples/bfs.mlir: device-side enqueue (persistent only).
// RUN: vyre-opt %vyre_src_root/examples/bfs.mlir --vyre-to-spirv-interpreter \
// RUN:   | vyre-translate --vyre-to-spirv -o %t.bfs.spv
// RUN: spirv-val --target-env vulkan1.1 %t.bfs.spv
//
// The SPIR-V 1.3 binary is valid for Vulkan 1.2 and 1.3 too; an older
// version can be asked for.
// RUN: spirv-val --target-env vulkan1.2 %t.hist.spv
// RUN: spirv-val --target-env vulkan1.3 %t.hist.spv
// RUN: vyre-opt %vyre_src_root/examples/histogram.mlir --vyre-to-spirv-interpreter=spirv-version=v1.0 \
// RUN:   | vyre-translate --vyre-to-spirv -o %t.hist10.spv
// RUN: spirv-val --target-env vulkan1.0 %t.hist10.spv

// HIST: "abi_version": 11,
// HIST: "arms": [
// HIST: "handler": "__vyre_atomic_add",
// HIST-NEXT: "index": 0,
// HIST: "handler": "count",
// HIST-NEXT: "index": 2,
// HIST: "batches": {
// HIST-NEXT: "warmup": [
// HIST: "bindings": [
// HIST: "binding": 0,
// HIST: "elements": 16384,
// HIST: "kind": "ring",
// HIST: "binding": 1,
// HIST: "elements": 224,
// HIST: "kind": "control",
// HIST: "binding": 2,
// HIST: "elements": 4100,
// HIST: "kind": "debug",
// HIST: "binding": 3,
// HIST-NEXT: "element": "i8",
// HIST: "elements": 1024,
// HIST: "kind": "completions",
// HIST: "access": "read_write",
// HIST-NEXT: "binding": 4,
// HIST-NEXT: "element": "i32",
// HIST-NEXT: "elements": 256,
// HIST-NEXT: "kind": "user",
// HIST-NEXT: "memory": "host",
// HIST-NEXT: "name": "hist"
// HIST: "control_words": 224,
// HIST: "entry_point": "histogram",
// HIST: "mode": "persistent",
// HIST: "slots": 1024,
// HIST: "tenants": [
// HIST-NEXT: 31
// HIST-NEXT: ],
// HIST: "workgroup_size": 64,
// HIST: "workgroups": 8

// BUILTINS: "handler": "__vyre_packed_slot",
// BUILTINS-NEXT: "index": 9,
// BUILTINS-NEXT: "opcodes": [
// BUILTINS-NEXT: 2147483649
// BUILTINS: "mode": "once",
