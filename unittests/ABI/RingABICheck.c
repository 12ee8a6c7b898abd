/* Compiled as strict C99 by the unit-test build: proves RingABI.h needs no
 * C++ and no MLIR, so the runtime and foreign-function users can include it.
 * The function is called from RingABITest.cpp so the C view is checked too. */
#include "vyre/ABI/RingABI.h"

unsigned vyre_abi_check_c_view(void) {
  size_t count = 0;
  const vyre_builtin_info *table = vyre_builtins(&count);
  return (unsigned)count + (table[0].opcode == VYRE_OP_NOP ? 0u : 1000u) +
         (unsigned)vyre_is_reserved_opcode(VYRE_OP_PACKED_SLOT) * 100u;
}
