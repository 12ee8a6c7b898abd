"""Errors speak Python (issue 24): a message never tells a Python user to
call a C function."""
import re

import pytest

import vyre
from vyre.errors import pythonic


def test_c_calls_in_messages_become_python_calls():
    assert pythonic("call vyre_kernel_set_buffer_length before launch") == \
        "call Kernel.set_buffer_length() before launch"
    assert pythonic("destroy them (vyre_producer_destroy) first") == \
        "destroy them (Producer.close()) first"
    assert pythonic("the device was lost; call vyre_kernel_rebuild") == \
        "the device was lost; call Kernel.rebuild()"


def test_a_runtime_error_names_no_c_function(runtime, user_module):
    with runtime.load(user_module) as k:
        with pytest.raises(vyre.StateError) as err:
            k.launch()  # "data" has a dynamic size and was never sized
    message = str(err.value)
    assert "Kernel.set_buffer_length()" in message
    assert not re.search(r"\bvyre_(kernel|runtime|producer)_", message)
