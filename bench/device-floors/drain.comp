// vyre-device-floors' kernel: the stages of a lane's path through a
// pre-filled once ring, each alone, with no vyre code. The ring lies where
// the runtime puts it (the BAR), the completion mirror where the runtime
// puts it (cached host memory), the control words in the BAR. Lanes stride
// the ring as vyre's scan does (slot = lane, lane + lanes, ...). MODE picks
// the stage (see device-floors.cpp); -DBYTE_MIRROR builds the 1-byte mirror.
#version 450
#ifdef BYTE_MIRROR
#extension GL_EXT_shader_8bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int8 : require
#endif
layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint MODE = 0;
layout(constant_id = 2) const uint BATCH = 8;
layout(std430, set = 0, binding = 0) coherent volatile buffer Ring { uint ring[]; };
#ifdef BYTE_MIRROR
layout(std430, set = 0, binding = 1) coherent volatile buffer Mirror { uint8_t mirror[]; };
#define MIRROR(s) mirror[s] = uint8_t(p.done)
#else
layout(std430, set = 0, binding = 1) coherent volatile buffer Mirror { uint mirror[]; };
#define MIRROR(s) mirror[s] = p.done
#endif
// Words 0..63: tenant masks; 64..95: per-opcode counters.
layout(std430, set = 0, binding = 2) coherent volatile buffer Control { uint control[]; };
layout(push_constant) uniform Params {
  uint slots;
  uint published; // RingABI.h's values, from the host
  uint claimed;
  uint done;
} p;

const uint WORDS = 16u; // VYRE_SLOT_WORDS
const uint MIRROR_ONLY = 0u, MIRROR_FENCED = 1u, CLAIM = 2u, CHAIN = 3u,
           CHAIN_NO_COUNTER = 4u, CHAIN_UNFENCED = 5u, CHAIN_BATCHED = 6u,
           CHAIN_HEAD = 7u;

// The work of a served slot after its claim: opcode and tenant, the
// tenant's mask, the opcode's counter (as vyre's serveArm).
void serve(uint base, bool counter) {
  uint opcode = ring[base + 1u], tenant = ring[base + 2u];
  uint mask = control[tenant & 63u];
  if (counter && ((mask >> (opcode & 31u)) & 1u) != 0u)
    atomicAdd(control[64u + (opcode & 31u)], 1u);
}

void main() {
  uint lane = gl_GlobalInvocationID.x;
  uint lanes = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  uint last = p.slots - 1u; // the prefetch past a lane's last slot is clamped
  if (MODE == MIRROR_ONLY || MODE == MIRROR_FENCED) {
    for (uint s = lane; s < p.slots; s += lanes) {
      if (MODE == MIRROR_FENCED)
        memoryBarrierBuffer();
      MIRROR(s);
    }
    return;
  }
  if (MODE == CLAIM) {
    for (uint s = lane; s < p.slots; s += lanes)
      if (ring[s * WORDS] == p.published)
        ring[s * WORDS] = p.claimed;
    return;
  }
  if (MODE == CHAIN_BATCHED) {
    // BATCH slots claimed and served, then one release fence for them all.
    for (uint first = lane; first < p.slots; first += BATCH * lanes) {
      uint served = 0u;
      for (uint j = 0u; j < BATCH; ++j) {
        uint s = first + j * lanes;
        if (s < p.slots && ring[s * WORDS] == p.published) {
          ring[s * WORDS] = p.claimed;
          serve(s * WORDS, true);
          served |= 1u << j;
        }
      }
      memoryBarrierBuffer();
      for (uint j = 0u; j < BATCH; ++j)
        if ((served >> j & 1u) != 0u)
          MIRROR(first + j * lanes);
    }
    return;
  }
  // vyre's per-slot chain: the next slot's status loaded while this one is
  // served; an acquire fence after the status, a release fence before the
  // mirror. CHAIN_HEAD loads the next slot's status, opcode and tenant
  // together, with no acquire fence.
  uint status = ring[min(lane, last) * WORDS];
  uvec2 head = uvec2(ring[min(lane, last) * WORDS + 1u], ring[min(lane, last) * WORDS + 2u]);
  for (uint s = lane; s < p.slots; s += lanes) {
    uint base = s * WORDS, next = min(s + lanes, last) * WORDS;
    if (status != p.published) {
      status = ring[next];
      continue;
    }
    if (MODE != CHAIN_UNFENCED && MODE != CHAIN_HEAD)
      memoryBarrierBuffer();
    ring[base] = p.claimed;
    if (MODE == CHAIN_HEAD) {
      uint opcode = head.x, tenant = head.y;
      status = ring[next];
      head = uvec2(ring[next + 1u], ring[next + 2u]);
      uint mask = control[tenant & 63u];
      if (((mask >> (opcode & 31u)) & 1u) != 0u)
        atomicAdd(control[64u + (opcode & 31u)], 1u);
    } else {
      status = ring[next];
      serve(base, MODE != CHAIN_NO_COUNTER);
    }
    if (MODE != CHAIN_UNFENCED)
      memoryBarrierBuffer();
    MIRROR(s);
  }
}
