// RUN: vyre-opt %s --vyre-prepare-gpu-for-spirv=spirv-version=v1.5 -split-input-file -verify-diagnostics

// expected-error @below {{vyre-prepare-gpu-for-spirv: spirv-version 'v1.5' is not supported; use v1.0 ... v1.3 (SPIR-V 1.3 runs on Vulkan 1.1 and later}}
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @k() kernel attributes {known_block_size = array<i32: 4, 1, 1>} {
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader], []>, #spirv.resource_limits<>>} {
  gpu.module @k {
    // expected-error @below {{'gpu.func' op has no known_block_size; vyre-prepare-gpu-for-spirv takes the entry point's workgroup size from it}}
    gpu.func @k() kernel {
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader], []>, #spirv.resource_limits<>>} {
  gpu.module @k {
    // expected-error @below {{'gpu.func' op argument 1 has no vyre.binding; every kernel argument is a buffer of the ring ABI}}
    gpu.func @k(%a: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 0 : i32},
                %b: memref<?xi32, #gpu.address_space<global>>)
        kernel attributes {known_block_size = array<i32: 4, 1, 1>} {
      gpu.return
    }
  }
}
