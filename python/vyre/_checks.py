"""Range checks for integers that cross into the runtime as 32-bit words:
ctypes would wrap them silently (an opcode of 2**40 became 0, a timeout of
-1 became 49 days). Each raises ValueError naming the argument."""
import operator

U32_MAX = 0xFFFFFFFF


def u32(value, what: str) -> int:
    """An unsigned 32-bit count, index or id."""
    v = operator.index(value)
    if not 0 <= v <= U32_MAX:
        raise ValueError(f"{what} is {v}; it must be 0 to {U32_MAX}")
    return v


def word(value, what: str) -> int:
    """A 32-bit word given signed (-2**31 ..) or unsigned (.. 2**32 - 1);
    returned unsigned."""
    v = operator.index(value)
    if not -(1 << 31) <= v <= U32_MAX:
        raise ValueError(f"{what} is {v}; a 32-bit word holds -2147483648 "
                         f"to {U32_MAX}")
    return v & U32_MAX


def timeout(ms) -> int:
    """A timeout in milliseconds."""
    return u32(ms, "timeout_ms")


def columns(arr, fields: int):
    """An integer slot array's columns against their ranges: opcode,
    tenant and priority unsigned, arguments signed or unsigned words."""

    if arr.size == 0:
        return
    head, args = arr[:, :3], arr[:, 3:fields]
    for col, name in enumerate(("opcode", "tenant", "priority")):
        lo, hi = int(head[:, col].min()), int(head[:, col].max())
        if lo < 0 or hi > U32_MAX:
            bad = lo if lo < 0 else hi
            raise ValueError(f"a slot's {name} is {bad}; it must be 0 to "
                             f"{U32_MAX}")
    if args.size and (int(args.min()) < -(1 << 31) or
                      int(args.max()) > U32_MAX):
        bad = int(args.min()) if int(args.min()) < -(1 << 31) \
            else int(args.max())
        raise ValueError(f"a slot argument is {bad}; a 32-bit word holds "
                         f"-2147483648 to {U32_MAX}")

