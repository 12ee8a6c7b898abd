// RUN: vyre-opt %s --convert-vyre-to-gpu --split-input-file -verify-diagnostics

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is not materialized; run vyre-materialize-builtins before convert-vyre-to-gpu (the vyre-to-spirv-interpreter pipeline does)}}
  vyre.builtin "nop"
}
