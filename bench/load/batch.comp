// The Vulkan dynamic-batching baseline of vyre-load-bench: one dispatch runs
// a whole batch of 64-byte task records, one lane per task. The task
// semantics are bench/load/LoadGen.h's (the oracle); the LCG constants come
// from it through push constants, so they are written down once.
#version 450
layout(local_size_x = 64) in;
struct Record { uint op; uint a0; uint a1; uint pad[13]; };
layout(std430, set = 0, binding = 0) readonly buffer Records { Record records[]; };
layout(std430, set = 0, binding = 1) buffer Counters { uint counters[]; };
// The batch's size, written by the host next to the indirect dispatch size.
layout(std430, set = 0, binding = 2) readonly buffer Params { uvec4 params[]; };
layout(push_constant) uniform Batch {
  uint first;   // first record of this context's region
  uint context; // which params entry holds this batch's count
  uint lcgA;
  uint lcgC;
} batch;
void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i >= params[batch.context].w)
    return;
  Record r = records[batch.first + i];
  if (r.op == 1u) {
    atomicAdd(counters[r.a1], r.a0);
  } else if (r.op == 2u) {
    uint x = r.a1;
    for (uint k = 0u; k < r.a0; ++k)
      x = x * batch.lcgA + batch.lcgC;
    atomicAdd(counters[r.a1 & 31u], x);
  }
}
