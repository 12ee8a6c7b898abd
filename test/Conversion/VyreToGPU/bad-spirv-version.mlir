// RUN: vyre-opt %s --convert-vyre-to-gpu=spirv-version=v1.5 -verify-diagnostics

// expected-error @below {{convert-vyre-to-gpu: spirv-version 'v1.5' is not supported; use v1.0 ... v1.3 (SPIR-V 1.3 runs on Vulkan 1.1 and later}}
module {
  vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {}
}
