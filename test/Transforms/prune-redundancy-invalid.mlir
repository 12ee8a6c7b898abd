// RUN: vyre-opt %s --vyre-prune-redundancy -split-input-file -verify-diagnostics

// expected-error @+1 {{still requests built-ins; vyre-prune-redundancy works on dispatch arms, so run vyre-materialize-builtins first}}
vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.builtin "nop"
}
