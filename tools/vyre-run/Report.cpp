//===- Report.cpp - what vyre-run measured, as JSON -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Report.h"

#include <cstdio>
#include <ios>

using namespace vyre::run;

namespace {

std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof(esc), "\\u%04x", c);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

} // namespace

void vyre::run::writeJson(std::ostream &j, const Report &r) {
  j << std::boolalpha << "{\"device\":" << quoted(r.device) << ",\"cpu\":" << r.cpu
    << ",\"kernel\":" << quoted(r.kernel)
    << ",\"mode\":" << (r.persistent ? "\"persistent\"" : "\"once\"")
    << ",\"ring_slots\":" << r.ringSlots << ",\"workgroups\":" << r.workgroups
    << ",\"lanes_per_workgroup\":" << r.lanes
    << ",\"relaunches\":" << r.relaunches << ",\"slots\":" << r.slots
    << ",\"seconds\":" << r.seconds
    << ",\"slots_per_s\":" << (r.seconds > 0 ? r.slots / r.seconds : 0)
    << ",\"faults\":" << r.faults << ",\"latency_us\":{\"p50\":" << r.p50
    << ",\"p90\":" << r.p90 << ",\"p99\":" << r.p99 << ",\"max\":" << r.max
    << ",\"warmup_slots_excluded\":" << r.warmup << "},\"opcodes\":[";
  for (size_t i = 0; i < r.opcodes.size(); ++i) {
    const Report::Opcode &o = r.opcodes[i];
    j << (i ? "," : "") << "{\"opcode\":" << o.opcode
      << ",\"handler\":" << quoted(o.handler) << ",\"done\":" << o.done
      << ",\"fault\":" << o.faulted << "}";
  }
  j << "],\"faults_by_code\":[";
  for (size_t i = 0; i < r.faultCodes.size(); ++i)
    j << (i ? "," : "") << "{\"code\":" << r.faultCodes[i].code
      << ",\"name\":" << quoted(r.faultCodes[i].name)
      << ",\"count\":" << r.faultCodes[i].count << "}";
  j << "],\"observables\":[";
  for (size_t i = 0; i < r.observables.size(); ++i)
    j << (i ? "," : "") << r.observables[i];
  j << "],\"debug_log\":{\"records\":" << r.debugRecords
    << ",\"dropped\":" << r.debugDropped << "}";
  if (r.jit)
    j << ",\"jit\":{\"swapped\":" << r.jitSwapped << ",\"requeued\":"
      << r.requeued << ",\"handovers\":" << r.handovers
      << ",\"swaps\":" << r.swaps << "}";
  j << "}\n";
}
