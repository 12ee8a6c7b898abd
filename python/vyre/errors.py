"""Exceptions for runtime errors: one class per vyre_status.

The status names come from the library itself (vyre_status_name), so this
module holds no second copy of the status numbers.
"""
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
    """vyre-opt or vyre-translate refused the input; the message holds their
    diagnostics."""


_BY_NAME = {
    "invalid_argument": InvalidArgument, "no_device": NoDevice,
    "vulkan": VulkanError, "bad_module": BadModule, "timeout": Timeout,
    "ring_full": RingFull, "hung": Hung, "device_lost": DeviceLost,
    "state": StateError, "kernel_exited": KernelExited,
}


def check(status: int, what: str = "") -> None:
    """Raises the exception for a failed status, with the runtime's message."""
    if status == 0:
        return
    name = (lib.vyre_status_name(status) or b"unknown").decode()
    message = (lib.vyre_last_error() or b"").decode()
    if what:
        message = f"{what}: {message}" if message else what
    raise _BY_NAME.get(name, VyreError)(status, name, message)
