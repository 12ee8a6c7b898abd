// RUN: vyre-opt %s --vyre-emit-manifest -verify-diagnostics

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is not materialized; run vyre-materialize-builtins before vyre-emit-manifest (the vyre-to-spirv-interpreter pipeline does)}}
  vyre.builtin "nop"
}
