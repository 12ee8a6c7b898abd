"""Exceptions for runtime errors: one class per vyre_status.

The status names come from the library itself (vyre_status_name), so this
module holds no second copy of the status numbers.
"""
import re

from ._lib import lib


class VyreError(RuntimeError):
    """A runtime call failed. `status` is the vyre_status number, `name` its
    name ("timeout", ...); the message is the runtime's, saying what went
    wrong and how to fix it."""

    def __init__(self, status: int, name: str, message: str):
        super().__init__(message or name)
        self.status = status
        self.name = name


class InvalidArgument(VyreError, ValueError): pass
class NoDevice(VyreError): pass
class VulkanError(VyreError): pass
class BadModule(VyreError): pass
class Timeout(VyreError, TimeoutError): pass
class RingFull(VyreError): pass
class Hung(VyreError): pass
class DeviceLost(VyreError): pass
class StateError(VyreError): pass
class KernelExited(VyreError): pass
class CompileError(RuntimeError):
    """The compiler (vyre-compile) refused the input; the message holds its
    diagnostics."""


_BY_NAME = {
    "invalid_argument": InvalidArgument, "no_device": NoDevice,
    "vulkan": VulkanError, "bad_module": BadModule, "timeout": Timeout,
    "ring_full": RingFull, "hung": Hung, "device_lost": DeviceLost,
    "state": StateError, "kernel_exited": KernelExited,
}


# The runtime's messages name the C calls that fix a problem; a Python user
# calls these instead (issue 24). C calls not listed map by their suffix:
# vyre_kernel_X -> Kernel.X(), vyre_producer_X -> Producer.X(),
# vyre_runtime_X -> Runtime.X().
_PYTHON_SPELLING = {
    "vyre_runtime_create": "vyre.Runtime()",
    "vyre_runtime_destroy": "Runtime.close()",
    "vyre_kernel_load": "Runtime.load()",
    "vyre_kernel_destroy": "Kernel.close()",
    "vyre_kernel_get_info": "Kernel.info",
    "vyre_kernel_buffer_info": "Kernel.buffers()",
    "vyre_kernel_set_dispatch_workgroups": "Kernel.dispatch_workgroups = n",
    "vyre_kernel_set_tenant_mask_words": "Kernel.set_tenant_mask()",
    "vyre_kernel_read_handler_counters": "Kernel.handler_counters()",
    "vyre_kernel_read_observables": "Kernel.observables()",
    "vyre_kernel_read_fault_log": "Kernel.faults()",
    "vyre_kernel_read_debug_log": "Kernel.debug_log()",
    "vyre_kernel_read_io_errors": "Kernel.io_errors()",
    "vyre_kernel_prune_batch": "Kernel.prune()",
    "vyre_producer_create": "Kernel.producer()",
    "vyre_producer_destroy": "Producer.close()",
}
_CLASS_OF = {"runtime": "Runtime", "kernel": "Kernel", "producer": "Producer"}


def pythonic(message: str) -> str:
    """The runtime's message with its C calls spelled as Python calls."""
    def spell(match):
        name = match.group(0)
        if name in _PYTHON_SPELLING:
            return _PYTHON_SPELLING[name]
        return f"{_CLASS_OF[match.group(1)]}.{match.group(2)}()"
    return re.sub(r"\bvyre_(runtime|kernel|producer)_(\w+)", spell, message)


def check(status: int, what: str = "") -> None:
    """Raises the exception for a failed status, with the runtime's message."""
    if status == 0:
        return
    name = (lib.vyre_status_name(status) or b"unknown").decode()
    message = pythonic((lib.vyre_last_error() or b"").decode())
    if what:
        message = f"{what}: {message}" if message else what
    raise _BY_NAME.get(name, VyreError)(status, name, message)
