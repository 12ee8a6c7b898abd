// RUN: vyre-opt %s --vyre-materialize-builtins -verify-diagnostics

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.handler @__vyre_nop opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
  // expected-error @+1 {{cannot materialize: symbol @__vyre_nop is already taken in @k}}
  vyre.builtin "nop"
}
