// The "ordinary way" baseline of bench/vyre-bench: one task per dispatch,
// the way a GPU program without a megakernel runs a small handler. The task
// comes in push constants; `add` is non-zero for ATOMIC_ADD (the host maps
// opcodes from the ring ABI header, so no opcode number is repeated here).
#version 450
layout(local_size_x = 1) in;
layout(std430, set = 0, binding = 0) buffer Words { uint words[]; };
layout(push_constant) uniform Task { uint add; uint a0; uint a1; } task;
void main() {
  if (task.add != 0u)
    atomicAdd(words[task.a1], task.a0);
}
