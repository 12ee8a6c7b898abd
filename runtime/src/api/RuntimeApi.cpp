//===- RuntimeApi.cpp - the C API of a runtime ------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_runtime_*: argument checks, then the runtime object (Device.h).
// vyre_last_error and vyre_status_name stay beside the error state they
// read (Error.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <cstdio>
#include <string>

using namespace vyre;

extern "C" vyre_status vyre_runtime_create(const char *selector, int validation,
                                           vyre_runtime **out) {
  if (!out)
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "vyre_runtime_create: out is NULL");
  *out = nullptr;
  return vyre_runtime::create(selector, validation, out);
}

extern "C" void vyre_runtime_destroy(vyre_runtime *runtime) { delete runtime; }

extern "C" const char *vyre_runtime_device_name(const vyre_runtime *runtime) {
  return runtime ? runtime->name.c_str() : "";
}

extern "C" int vyre_runtime_is_cpu(const vyre_runtime *runtime) {
  return runtime && runtime->isCpu();
}

extern "C" uint32_t
vyre_runtime_validation_errors(const vyre_runtime *runtime) {
  return runtime ? runtime->validationErrors.load() : 0;
}

extern "C" vyre_status vyre_runtime_list_devices(char *buf, uint32_t size) {
  if (!buf || size == 0)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "list_devices: empty buffer");
  std::string text;
  if (vyre_status s = listDevices(text))
    return s;
  std::snprintf(buf, size, "%s", text.c_str());
  return ok();
}

extern "C" vyre_status vyre_runtime_inject_fault(vyre_runtime *runtime,
                                                 vyre_injected_fault fault,
                                                 uint32_t afterCalls) {
  REQUIRE(runtime, VYRE_ERROR_INVALID_ARGUMENT, "runtime is NULL");
  REQUIRE(fault == VYRE_INJECT_NONE || fault == VYRE_INJECT_DEVICE_LOST ||
              fault == VYRE_INJECT_ALLOCATION,
          VYRE_ERROR_INVALID_ARGUMENT,
          "unknown fault " + std::to_string(uint32_t(fault)) +
              " to inject; the faults are none (0), device_lost (1) and "
              "allocation (2)");
  runtime->injector.arm(fault, afterCalls);
  return ok();
}
