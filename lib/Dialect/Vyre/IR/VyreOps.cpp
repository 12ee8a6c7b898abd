//===- VyreOps.cpp - vyre operations: verifiers and assembly -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::vyre;

//===----------------------------------------------------------------------===//
// Custom assembly directives
//===----------------------------------------------------------------------===//

/// `opcode(16)` or `opcode(16, 17)`; reserved high opcodes print in hex.
static ParseResult parseOpcodeList(OpAsmParser &parser,
                                   DenseI64ArrayAttr &opcodes) {
  SmallVector<int64_t> values;
  if (parser.parseKeyword("opcode") || parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            int64_t value = 0;
            if (parser.parseInteger(value))
              return failure();
            values.push_back(value);
            return success();
          }))
    return failure();
  opcodes = parser.getBuilder().getDenseI64ArrayAttr(values);
  return success();
}

static void printOpcodeList(OpAsmPrinter &p, Operation *,
                            DenseI64ArrayAttr opcodes) {
  p << "opcode(";
  llvm::interleaveComma(opcodes.asArrayRef(), p,
                        [&](int64_t op) { p << formatOpcode(op); });
  p << ')';
}

/// `opcode(16)` for a single opcode.
static ParseResult parseOpcode(OpAsmParser &parser, IntegerAttr &opcode) {
  int64_t value = 0;
  if (parser.parseKeyword("opcode") || parser.parseLParen() || parser.parseInteger(value) ||
      parser.parseRParen())
    return failure();
  opcode = parser.getBuilder().getI64IntegerAttr(value);
  return success();
}

static void printOpcode(OpAsmPrinter &p, Operation *, IntegerAttr opcode) {
  p << "opcode(" << formatOpcode(opcode.getInt()) << ')';
}

/// `control` (the control buffer) or `@buffer`.
static ParseResult parseBufferRef(OpAsmParser &parser,
                                  FlatSymbolRefAttr &buffer) {
  if (succeeded(parser.parseOptionalKeyword("control"))) {
    buffer = {};
    return success();
  }
  StringAttr name;
  if (parser.parseSymbolName(name))
    return parser.emitError(parser.getCurrentLocation(),
                            "expected `control` or a buffer symbol (@name)");
  buffer = FlatSymbolRefAttr::get(name);
  return success();
}

static void printBufferRef(OpAsmPrinter &p, Operation *,
                           FlatSymbolRefAttr buffer) {
  if (buffer)
    p.printAttributeWithoutType(buffer);
  else
    p << "control";
}

#define GET_OP_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOps.cpp.inc"

//===----------------------------------------------------------------------===//
// MegakernelOp
//===----------------------------------------------------------------------===//

uint32_t MegakernelOp::getNumObservables() {
  return getObservables().value_or(VYRE_DEFAULT_OBSERVABLES);
}

uint32_t MegakernelOp::getNumArms() {
  return llvm::range_size(getBody().front().getOps<HandlerOp>()) +
         llvm::range_size(getBody().front().getOps<BuiltinOp>());
}

uint32_t MegakernelOp::getControlWords() {
  return vyre_control_words(getNumObservables(), getNumArms());
}

uint32_t MegakernelOp::getNumDebugRecords() {
  return getDebugRecords().value_or(VYRE_DEFAULT_DEBUG_RECORDS);
}

bool MegakernelOp::usesIO() {
  return getBody().walk([](IoReadOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

uint32_t MegakernelOp::getNumIoEntries() {
  if (std::optional<uint32_t> entries = getIoEntries())
    return *entries;
  return usesIO() ? VYRE_DEFAULT_IO_ENTRIES : 0;
}

SmallVector<uint32_t> MegakernelOp::getTenantTable() {
  if (std::optional<ArrayRef<int32_t>> tenants = getTenants())
    return llvm::map_to_vector(*tenants,
                               [](int32_t m) { return uint32_t(m); });
  // Tenant 0 may run every arm: `arms` one-bits over its mask words.
  uint32_t arms = getNumArms();
  SmallVector<uint32_t> words(vyre_tenant_mask_words(arms), 0u);
  for (uint32_t w = 0; w < words.size(); ++w) {
    uint32_t bits = std::min(32u, arms - std::min(arms, 32 * w));
    words[w] = bits >= 32 ? ~0u : (1u << bits) - 1u;
  }
  return words;
}

SmallVector<HandlerOp> MegakernelOp::getHandlers() {
  return llvm::to_vector(getBody().front().getOps<HandlerOp>());
}

HandlerOp MegakernelOp::lookupHandler(uint64_t opcode) {
  for (HandlerOp handler : getBody().front().getOps<HandlerOp>())
    if (llvm::is_contained(handler.getOpcodes(), int64_t(opcode)))
      return handler;
  return {};
}

bool MegakernelOp::isDeniedOpcode(uint64_t opcode) {
  std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes();
  return denied && llvm::is_contained(*denied, int64_t(opcode));
}

bool MegakernelOp::servesOpcode(uint64_t opcode) {
  if (lookupHandler(opcode) || isDeniedOpcode(opcode))
    return true;
  return llvm::any_of(getBody().front().getOps<BuiltinOp>(),
                      [&](BuiltinOp b) { return b.getOpcode() == opcode; });
}

FusedBatchOp MegakernelOp::getFusedBatch() {
  auto fused = getBody().front().getOps<FusedBatchOp>();
  return fused.empty() ? FusedBatchOp() : *fused.begin();
}

DispatchPrologueOp MegakernelOp::getPrologue() {
  auto prologues = getBody().front().getOps<DispatchPrologueOp>();
  return prologues.empty() ? DispatchPrologueOp() : *prologues.begin();
}

LogicalResult MegakernelOp::verify() {
  if (getSlots() > VYRE_MAX_SLOTS)
    return emitOpError() << "slots " << getSlots() << " exceeds "
                         << VYRE_MAX_SLOTS
                         << ", the most a ring holds (its word indices are "
                            "32-bit signed integers on the device)";
  if (getDebugRecords() && *getDebugRecords() > VYRE_MAX_DEBUG_RECORDS)
    return emitOpError() << "debug_records " << *getDebugRecords()
                         << " exceeds " << VYRE_MAX_DEBUG_RECORDS;
  if (getWorkgroupSize() > 1024)
    return emitOpError() << "workgroup_size " << getWorkgroupSize()
                         << " exceeds 1024, the largest workgroup Vulkan "
                            "guarantees";
  if (std::optional<uint32_t> obs = getObservables();
      obs && *obs > VYRE_MAX_OBSERVABLES)
    return emitOpError() << "observables " << *obs << " exceeds the maximum of "
                         << VYRE_MAX_OBSERVABLES;
  if (std::optional<uint32_t> io = getIoEntries();
      io && (*io < 1 || *io > VYRE_MAX_IO_ENTRIES))
    return emitOpError() << "io_entries " << int32_t(*io)
                         << " is out of range; the IO queue holds 1 to "
                         << VYRE_MAX_IO_ENTRIES << " requests";
  if (std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes())
    for (int64_t opcode : *denied)
      if (!isValidOpcode(opcode))
        return emitOpError() << "denied opcode " << opcode
                             << " does not fit in 32 unsigned bits";
  if (std::optional<ArrayRef<int32_t>> fused = getFusedArms()) {
    if (getMode() != Mode::persistent)
      return emitOpError()
             << "has fused_arms but mode(once); a JIT-fused kernel requeues "
                "slots to the generic interpreter, which the runtime swaps in "
                "only for persistent kernels";
    llvm::SmallDenseSet<int32_t> seen;
    for (int32_t arm : *fused)
      if (!seen.insert(arm).second)
        return emitOpError() << "fused_arms lists arm " << arm << " twice";
    if (std::optional<ArrayRef<int32_t>> deferred = getDeferredArms())
      for (int32_t arm : *deferred)
        if (!seen.insert(arm).second)
          return emitOpError()
                 << "deferred_arms lists arm " << arm
                 << (llvm::is_contained(*fused, arm)
                         ? ", which fused_arms lists too; an arm is served "
                           "at claim time or deferred, not both"
                         : " twice");
  } else if (getDeferredArms()) {
    return emitOpError()
           << "has deferred_arms but no fused_arms; deferral is a way of "
              "serving the arms a JIT-fused kernel did not fuse (vyre-fuse "
              "sets both)";
  }
  if (ShardAttr shard = getShardAttr()) {
    ArrayRef<int32_t> parts = shard.getPartitions();
    if (!parts.empty() && uint32_t(parts.back()) != getSlots())
      return emitOpError() << "shard partitions end at slot " << parts.back()
                           << " but the ring has " << getSlots()
                           << " slots; the last offset must equal `slots`";
  }
  return success();
}

LogicalResult MegakernelOp::verifyRegions() {
  // opcode -> the op serving it, to report both sides of a clash.
  llvm::DenseMap<int64_t, Operation *> servedBy;
  llvm::DenseMap<int64_t, BufferOp> bindings;
  unsigned arms = 0;

  auto describe = [](Operation *op) -> std::string {
    if (auto handler = dyn_cast<HandlerOp>(op))
      return "handler @" + handler.getSymName().str();
    return "built-in \"" + cast<BuiltinOp>(op).getName().str() + "\"";
  };
  auto claim = [&](int64_t opcode, Operation *op) -> LogicalResult {
    auto [it, inserted] = servedBy.try_emplace(opcode, op);
    if (inserted)
      return success();
    return op->emitOpError()
           << "opcode " << formatOpcode(opcode) << " is already served by "
           << describe(it->second) << "; each opcode needs exactly one handler";
  };

  for (Operation &op : getBody().front()) {
    if (auto handler = dyn_cast<HandlerOp>(op)) {
      ++arms;
      for (int64_t opcode : handler.getOpcodes())
        if (failed(claim(opcode, handler)))
          return failure();
    } else if (auto builtin = dyn_cast<BuiltinOp>(op)) {
      ++arms;
      if (failed(claim(builtin.getOpcode(), builtin)))
        return failure();
    } else if (auto buffer = dyn_cast<BufferOp>(op)) {
      auto [it, inserted] = bindings.try_emplace(buffer.getBinding(), buffer);
      if (!inserted)
        return buffer.emitOpError()
               << "binding " << buffer.getBinding() << " is already used by @"
               << it->second.getSymName() << "; give each buffer its own "
               << "binding";
      if (buffer.getBinding() >= VYRE_MAX_USER_BUFFERS)
        return buffer.emitOpError()
               << "binding " << buffer.getBinding()
               << " is out of range; user bindings are 0 to "
               << VYRE_MAX_USER_BUFFERS - 1;
    } else if (auto prologue = dyn_cast<DispatchPrologueOp>(op)) {
      if (prologue != getPrologue())
        return prologue.emitOpError()
               << "is the second vyre.dispatch_prologue of @" << getSymName()
               << "; a megakernel has at most one (yield more values from "
                  "the first)";
    } else if (auto fusedBatch = dyn_cast<FusedBatchOp>(op)) {
      if (fusedBatch != getFusedBatch())
        return fusedBatch.emitOpError()
               << "is the second vyre.fused_batch of @" << getSymName()
               << "; a kernel lowers to one straight-line batch (compile "
                  "each batch into its own kernel)";
      if (getFusedArms())
        return fusedBatch.emitOpError()
               << "is in @" << getSymName()
               << ", which also has fused_arms; a kernel is either a "
                  "JIT-fused interpreter or a fused batch, not both";
    } else if (!isa<BatchOp>(op)) {
      return op.emitOpError()
             << "is not allowed in a vyre.megakernel body, which holds only "
                "vyre.buffer, vyre.builtin, vyre.handler, vyre.batch, "
                "vyre.fused_batch and vyre.dispatch_prologue";
    }
  }
  if (std::optional<uint32_t> io = getIoEntries();
      io && (*io < 1 || *io > VYRE_MAX_IO_ENTRIES))
    return emitOpError() << "io_entries " << int32_t(*io)
                         << " is out of range; the IO queue holds 1 to "
                         << VYRE_MAX_IO_ENTRIES << " requests";
  if (std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes())
    for (int64_t opcode : *denied)
      if (Operation *server = servedBy.lookup(opcode))
        return emitOpError() << "denies opcode " << formatOpcode(opcode)
                             << ", which " << describe(server)
                             << " serves; `denied_opcodes` lists only "
                                "opcodes that no arm serves";
  for (auto [name, list] : {std::pair{"fused_arms", getFusedArms()},
                             std::pair{"deferred_arms", getDeferredArms()}})
    if (list)
      for (int32_t arm : *list)
        if (arm < 0 || unsigned(arm) >= arms)
          return emitOpError() << name << " names arm " << arm
                               << " but the kernel has " << arms
                               << " dispatch arms (0 to " << int(arms) - 1
                               << ")";
  if (arms > VYRE_MAX_HANDLERS)
    return emitOpError() << "has " << arms
                         << " dispatch arms (handlers and built-ins); ABI v"
                         << VYRE_ABI_VERSION << " supports at most "
                         << VYRE_MAX_HANDLERS
                         << " (tenant masks of " << VYRE_MAX_TENANT_MASK_WORDS
                         << " words); merge handlers that share a body";
  if (std::optional<ArrayRef<int32_t>> tenants = getTenants()) {
    uint32_t words = vyre_tenant_mask_words(arms);
    if (tenants->size() % words != 0)
      return emitOpError()
             << "tenant table has " << tenants->size() << " words, but with "
             << arms << " dispatch arms each tenant's mask takes " << words
             << " words (bit h % 32 of word h / 32 allows arm h); give a "
                "multiple of "
             << words;
    if (tenants->size() / words > VYRE_MAX_TENANTS)
      return emitOpError() << "tenant table has " << tenants->size() / words
                           << " entries; the ABI allows at most "
                           << VYRE_MAX_TENANTS;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// BufferOp, BuiltinOp
//===----------------------------------------------------------------------===//

bool BufferOp::isInDeviceMemory() {
  if (getDeviceLocal())
    return true;
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  StringRef name = getSymName();
  return kernel.getBody()
      .walk([&](IoReadOp read) {
        return read.getBuffer() == name ? WalkResult::interrupt()
                                        : WalkResult::advance();
      })
      .wasInterrupted();
}

LogicalResult BufferOp::verify() {
  MemRefType type = getMemRefType();
  if (type.getRank() != 1)
    return emitOpError() << "buffer must be a rank-1 memref (memref<Nxi32>, "
                            "memref<?xf32>), not "
                         << type << "; index a flat buffer instead";
  Type element = type.getElementType();
  if (!element.isSignlessInteger(32) && !element.isF32()) {
    InFlightDiagnostic diag = emitOpError()
                              << "buffer elements are " << element
                              << "; vyre buffers hold 32-bit words, i32 or f32";
    if (auto integer = dyn_cast<IntegerType>(element);
        integer && integer.getWidth() == 32)
      diag << ". Declare i32: arith takes signless integers, and its unsigned "
              "ops (arith.divui, arith.remui, arith.shrui, arith.cmpi ult) "
              "treat the words as unsigned";
    return diag;
  }
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return emitOpError("buffer must hold at least one element");
  if (!type.getLayout().isIdentity())
    return emitOpError("buffer memref must have the identity layout");
  return success();
}

LogicalResult BuiltinOp::verify() {
  std::optional<uint32_t> opcode = lookupBuiltinOpcode(getName());
  if (!opcode)
    return emitOpError() << "unknown built-in \"" << getName()
                         << "\"; known built-ins: " << listBuiltinNames();
  bool isDfa = *opcode == VYRE_OP_DFA_STEP;
  if (isDfa && !getTableAttr())
    return emitOpError() << "\"dfa_step\" needs its transition table: write "
                            "vyre.builtin \"dfa_step\" table @buffer";
  if (!isDfa && getTableAttr())
    return emitOpError() << "only \"dfa_step\" takes a table; \""
                         << getName() << "\" does not";
  return success();
}

LogicalResult BuiltinOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FlatSymbolRefAttr table = getTableAttr();
  if (!table)
    return success();
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  auto decl = symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(),
                                               table.getAttr());
  if (!decl)
    return emitOpError() << "table " << table
                         << " is not a vyre.buffer of @" << kernel.getSymName();
  if (!decl.getElementType().isInteger(32) || !decl.isReadable())
    return emitOpError() << "table " << table
                         << " must be a readable buffer of i32";
  return success();
}

uint32_t BuiltinOp::getOpcode() { return *lookupBuiltinOpcode(getName()); }

//===----------------------------------------------------------------------===//
// HandlerOp
//===----------------------------------------------------------------------===//

LogicalResult HandlerOp::verify() {
  ArrayRef<int64_t> opcodes = getOpcodes();
  if (opcodes.empty())
    return emitOpError("must serve at least one opcode");
  llvm::DenseSet<int64_t> seen;
  for (int64_t opcode : opcodes) {
    if (!isValidOpcode(opcode))
      return emitOpError() << "opcode " << opcode
                           << " does not fit in 32 unsigned bits";
    if (!seen.insert(opcode).second)
      return emitOpError() << "lists opcode " << formatOpcode(opcode)
                           << " twice";
    bool reserved = isReservedOpcode(opcode);
    if (reserved && !getBuiltin()) {
      InFlightDiagnostic diag = emitOpError()
                                << "opcode " << formatOpcode(opcode)
                                << " is reserved";
      if (const char *name = vyre_builtin_name(uint32_t(opcode)))
        diag << " for the built-in \"" << name << "\"";
      diag << "; user handlers take opcodes 8 to 0xffef or 0x10000 to "
              "0x7fffffff (use vyre.builtin to request a built-in)";
      return diag;
    }
    if (!reserved && getBuiltin())
      return emitOpError() << "is marked builtin but opcode "
                           << formatOpcode(opcode)
                           << " is not a reserved opcode";
  }
  return verifyNoCalls();
}

LogicalResult HandlerOp::verifyNoCalls() {
  // Checked here, before the kernel's symbol table resolves callees, so
  // that a call to a module-level helper gets this message and not "does
  // not reference a valid function".
  LogicalResult result = success();
  getBody().walk([&](CallOpInterface call) {
    InFlightDiagnostic diag = emitOpError();
    if (auto callee = dyn_cast<SymbolRefAttr>(call.getCallableForCallee()))
      diag << "calls " << callee << "; ";
    diag << "handlers cannot call functions: each handler becomes one arm "
            "of the interpreter, with no call stack. Write the helper's body "
            "in the handler (or in each handler that needs it)";
    diag.attachNote(call.getLoc()) << "the call";
    result = failure();
    return WalkResult::interrupt();
  });
  return result;
}

/// A handler's or the dispatch prologue's body: one block (SingleBlock has
/// checked that) taking the claimed slot and ending in `Terminator`.
template <typename Terminator>
static LogicalResult verifySlotBody(Operation *op) {
  Block &block = op->getRegion(0).front();
  if (block.getNumArguments() != 1 ||
      !isa<SlotType>(block.getArgument(0).getType()))
    return op->emitOpError() << "body must take exactly one argument of type "
                                "!vyre.slot, got "
                             << block.getNumArguments() << " argument(s)";
  if (block.empty() || !isa<Terminator>(block.back()))
    return op->emitOpError() << "body must end with "
                             << Terminator::getOperationName();
  return success();
}

LogicalResult HandlerOp::verifyRegions() {
  return verifySlotBody<YieldOp>(*this);
}

//===----------------------------------------------------------------------===//
// DispatchPrologueOp, PrologueValueOp
//===----------------------------------------------------------------------===//

PrologueYieldOp DispatchPrologueOp::getYield() {
  return cast<PrologueYieldOp>(getBody().front().getTerminator());
}

LogicalResult DispatchPrologueOp::verifyRegions() {
  if (failed(verifySlotBody<PrologueYieldOp>(*this)))
    return failure();
  Block &block = getBody().front();
  // The prologue runs for every claimed slot, whatever its opcode, so
  // nothing in it may fault, access memory or loop.
  for (Operation &op : block.without_terminator()) {
    if (isa<ArgOp>(op))
      continue;
    if (isa<VyreDialect>(op.getDialect()) || op.getNumRegions() != 0 ||
        !isPure(&op))
      return op.emitOpError()
             << "is not allowed in a vyre.dispatch_prologue, which runs for "
                "every slot before dispatch and so holds only vyre.arg and "
                "pure, speculatable ops without regions";
  }
  return success();
}

LogicalResult PrologueValueOp::verify() {
  auto handler = (*this)->getParentOfType<HandlerOp>();
  if (!handler)
    return emitOpError("must be inside a vyre.handler body");
  auto kernel = handler->getParentOfType<MegakernelOp>();
  DispatchPrologueOp prologue = kernel.getPrologue();
  if (!prologue)
    return emitOpError() << "reads prologue value " << getIndex() << ", but @"
                         << kernel.getSymName()
                         << " has no vyre.dispatch_prologue";
  OperandRange values = prologue.getYield().getValues();
  if (getIndex() >= values.size())
    return emitOpError() << "reads prologue value " << getIndex()
                         << ", but the dispatch prologue of @"
                         << kernel.getSymName() << " yields " << values.size();
  Type yielded = values[getIndex()].getType();
  if (yielded != getType())
    return emitOpError() << "has type " << getType() << ", but prologue value "
                         << getIndex() << " is " << yielded;
  return success();
}

//===----------------------------------------------------------------------===//
// Handler-body ops
//===----------------------------------------------------------------------===//

/// Every handler-body op must sit (possibly nested) inside a vyre.handler,
/// or in the straight-line code vyre-fuse-batch made from handler bodies.
static LogicalResult verifyInHandler(Operation *op) {
  if (!op->getParentOfType<HandlerOp>() && !op->getParentOfType<FusedBatchOp>())
    return op->emitOpError("must be inside a vyre.handler body");
  return success();
}

/// In a fused batch, slot arguments are constants: an index that is out of
/// range there is a work item's bad argument, which the lowering's bounds
/// check turns into that item's FAULT, as the interpreter would.
static bool inFusedBatch(Operation *op) {
  return op->getParentOfType<FusedBatchOp>() != nullptr;
}

/// Constant value of an i32 index operand, if it has one.
static std::optional<int64_t> constantIndex(Value index) {
  APInt value;
  if (matchPattern(index, m_ConstantInt(&value)))
    return value.getSExtValue();
  return std::nullopt;
}

LogicalResult ArgOp::verify() {
  if (inFusedBatch(*this))
    return emitOpError("is in a vyre.fused_batch, where vyre-fuse-batch "
                       "replaces every slot argument with a constant");
  if (getIndex() >= VYRE_SLOT_ARG_COUNT)
    return emitOpError() << "argument index " << getIndex()
                         << " is out of range; a slot has "
                         << VYRE_SLOT_ARG_COUNT << " argument words (0-"
                         << VYRE_SLOT_ARG_COUNT - 1 << ")";
  // vyre.arg also reads the claimed slot in the dispatch prologue.
  if ((*this)->getParentOfType<DispatchPrologueOp>())
    return success();
  return verifyInHandler(*this);
}

/// Shared verification of ops that address a buffer or the control buffer:
/// the symbol must name a vyre.buffer of the enclosing megakernel, whose
/// element type and access mode allow the access, and a constant index must
/// be in range.
static LogicalResult verifyBufferAccess(Operation *op,
                                        SymbolTableCollection &symbols,
                                        FlatSymbolRefAttr buffer, Value index,
                                        Type elementType, bool reads,
                                        bool writes) {
  auto kernel = op->getParentOfType<MegakernelOp>();
  if (!kernel)
    return op->emitOpError("must be inside a vyre.megakernel");
  std::optional<int64_t> constIndex =
      inFusedBatch(op) ? std::nullopt : constantIndex(index);
  if (!buffer) {
    if (!elementType.isInteger(32))
      return op->emitOpError("control buffer elements are i32");
    if (constIndex && (*constIndex < 0 || *constIndex >= kernel.getControlWords()))
      return op->emitOpError()
             << "control index " << *constIndex
             << " is out of range; the control buffer of @"
             << kernel.getSymName() << " has " << kernel.getControlWords()
             << " words";
    auto handler = op->getParentOfType<HandlerOp>();
    if (writes && constIndex && handler && !handler.getBuiltin() &&
        !vyre_control_word_writable(kernel.getNumObservables(),
                                    uint32_t(*constIndex)))
      return op->emitOpError()
             << "writes control word " << *constIndex
             << ", which belongs to the ring ABI; handlers may write only "
                "the observables (control words "
             << VYRE_CTRL_OBSERVABLES << "-"
             << VYRE_CTRL_OBSERVABLES + kernel.getNumObservables() - 1
             << "), e.g. with vyre.observe";
    return success();
  }
  auto decl =
      symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(), buffer.getAttr());
  if (!decl)
    return op->emitOpError() << "refers to unknown buffer " << buffer
                             << "; declare it with vyre.buffer in @"
                             << kernel.getSymName();
  if (decl.getElementType() != elementType)
    return op->emitOpError() << "accesses " << buffer << " as " << elementType
                             << " but its elements are "
                             << decl.getElementType();
  if (reads && !decl.isReadable())
    return op->emitOpError() << "reads " << buffer
                             << ", which is declared write_only";
  if (writes && !decl.isWritable())
    return op->emitOpError() << "writes " << buffer
                             << ", which is declared read_only";
  MemRefType type = decl.getMemRefType();
  if (constIndex && (*constIndex < 0 || (type.hasStaticShape() &&
                                         *constIndex >= type.getNumElements())))
    return op->emitOpError() << "index " << *constIndex
                             << " is out of range for " << buffer << " ("
                             << type << ")";
  return success();
}

LogicalResult LoadOp::verify() { return verifyInHandler(*this); }
LogicalResult StoreOp::verify() { return verifyInHandler(*this); }
LogicalResult AtomicRMWOp::verify() { return verifyInHandler(*this); }
LogicalResult AtomicCASOp::verify() { return verifyInHandler(*this); }

LogicalResult LoadOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/false);
}

LogicalResult StoreOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getValue().getType(), /*reads=*/false,
                            /*writes=*/true);
}

LogicalResult AtomicRMWOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/true);
}

LogicalResult AtomicCASOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/true);
}

LogicalResult ObserveOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  std::optional<int64_t> index =
      inFusedBatch(*this) ? std::nullopt : constantIndex(getIndex());
  if (kernel && index &&
      (*index < 0 || *index >= int64_t(kernel.getNumObservables())))
    return emitOpError() << "observable index " << *index
                         << " is out of range; @" << kernel.getSymName()
                         << " has " << kernel.getNumObservables()
                         << " observables (raise its `observables` attribute)";
  return success();
}

LogicalResult FaultOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  if (getCode() == VYRE_FAULT_NONE)
    return emitOpError("fault code 0 means `no fault`; pick a code from 256 up");
  // A fused batch holds built-in bodies too; their codes were checked in
  // the handlers they came from.
  auto handler = (*this)->getParentOfType<HandlerOp>();
  bool inBuiltin = !handler || handler.getBuiltin();
  if (getCode() < VYRE_FAULT_USER_BASE && !inBuiltin)
    return emitOpError() << "fault code " << getCode()
                         << " is reserved for the runtime; user fault codes "
                            "start at "
                         << VYRE_FAULT_USER_BASE;
  return success();
}

LogicalResult IoReadOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  if (inFusedBatch(*this))
    return emitOpError("is in a vyre.fused_batch; a static batch runs on one "
                       "lane to the end and cannot wait for the host, so "
                       "read the data before the batch");
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (kernel && kernel.getMode() != Mode::persistent)
    return emitOpError()
           << "needs a persistent kernel, but @" << kernel.getSymName()
           << " is mode(once): a once dispatch ends when its ring is "
              "drained, before the host could answer the request";
  if (kernel && kernel.getFusedArms())
    return emitOpError("is in a JIT-fused kernel; vyre-fuse does not fuse "
                       "handlers that wait for IO yet (they stay in the "
                       "generic interpreter)");
  if (Operation *loop = (*this)->getParentOfType<LoopLikeOpInterface>())
    return emitOpError() << "is inside a loop (" << loop->getName()
                         << "); a handler run makes at most one request, so "
                            "ask once and let the slot run again";
  auto handler = (*this)->getParentOfType<HandlerOp>();
  unsigned reads = 0;
  handler.walk([&](IoReadOp) { ++reads; });
  if (reads > 1)
    return emitOpError() << "is one of " << reads << " in handler @"
                         << handler.getSymName()
                         << "; a handler makes at most one request per run "
                            "(split dependent reads over slots)";
  if (std::optional<int64_t> bytes = constantIndex(getBytes());
      bytes && (*bytes <= 0 || *bytes % 4 != 0))
    return emitOpError() << "reads " << *bytes
                         << " bytes; a request reads a positive multiple of "
                            "4 bytes (whole buffer elements)";
  return success();
}

LogicalResult IoReadOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (!kernel)
    return emitOpError("must be inside a vyre.megakernel");
  auto decl = symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(),
                                               getBufferAttr().getAttr());
  if (!decl)
    return emitOpError() << "reads into unknown buffer " << getBufferAttr()
                         << "; declare it with vyre.buffer in @"
                         << kernel.getSymName();
  if (decl.getElementType().getIntOrFloatBitWidth() != 32)
    return emitOpError() << "reads into " << getBufferAttr()
                         << ", whose elements are " << decl.getElementType()
                         << "; the host writes whole 4-byte elements (i32 or "
                            "f32)";
  MemRefType type = decl.getMemRefType();
  std::optional<int64_t> index = constantIndex(getIndex());
  std::optional<int64_t> bytes = constantIndex(getBytes());
  if (index && type.hasStaticShape() &&
      (*index < 0 ||
       *index + (bytes ? *bytes / 4 : 1) > type.getNumElements()))
    return emitOpError() << "writes elements from " << *index
                         << (bytes ? " to " + std::to_string(*index + *bytes / 4 - 1)
                                   : std::string())
                         << " of " << getBufferAttr() << " (" << type
                         << "), past its end";
  return success();
}

LogicalResult PrintfOp::verify() {
  if (getArgs().size() > VYRE_PRINTF_MAX_ARGS)
    return emitOpError() << "has " << getArgs().size()
                         << " arguments; a debug-log record holds at most "
                         << VYRE_PRINTF_MAX_ARGS;
  return verifyInHandler(*this);
}

//===----------------------------------------------------------------------===//
// Device memory ops
//===----------------------------------------------------------------------===//

LogicalResult DeviceFenceOp::verify() {
  if (getOrder() == MemoryOrder::relaxed)
    return emitOpError("a relaxed fence orders nothing; use acquire, release "
                       "or acq_rel");
  return success();
}

//===----------------------------------------------------------------------===//
// BatchOp, WorkItemOp
//===----------------------------------------------------------------------===//

LogicalResult BatchOp::verifyRegions() {
  for (Operation &op : getBody().front())
    if (!isa<WorkItemOp>(op))
      return op.emitOpError("is not allowed in a vyre.batch, which holds only "
                            "vyre.work_item");
  return success();
}

LogicalResult FusedBatchOp::verifyRegions() {
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  auto batch = dyn_cast_or_null<BatchOp>(
      SymbolTable::lookupSymbolIn(kernel, getBatchAttr().getAttr()));
  if (!batch)
    return emitOpError() << "names batch " << getBatchAttr()
                         << ", which is not a vyre.batch of @"
                         << kernel.getSymName();
  auto workItems = batch.getBody().front().getOps<WorkItemOp>();
  size_t count = std::distance(workItems.begin(), workItems.end());
  if (count != size_t(getItems()))
    return emitOpError() << "has items(" << getItems() << ") but batch "
                         << getBatchAttr() << " holds " << count
                         << " work items";
  if (getAssumes().size() % 3 != 0)
    return emitOpError() << "has " << getAssumes().size()
                         << " `assumes` values; they come in (tenant, arm, "
                            "allowed) triples";
  // Every item is closed exactly once, in batch order.
  int64_t next = 0;
  for (Operation &op : getBody().front()) {
    std::optional<int64_t> item;
    if (auto end = dyn_cast<ItemEndOp>(op))
      item = end.getItem();
    else if (auto requeue = dyn_cast<ItemRequeueOp>(op))
      item = requeue.getItem();
    if (!item)
      continue;
    if (*item != next)
      return op.emitOpError() << "closes item " << *item << " where item "
                              << next << " is next; every item of the batch "
                              << "ends once, in batch order";
    ++next;
  }
  if (next != getItems())
    return emitOpError() << "closes " << next << " of its " << getItems()
                         << " items; end each with vyre.item_end or "
                            "vyre.item_requeue";
  return success();
}

uint32_t WorkItemOp::getPriorityOrDefault() {
  return getPriority().value_or(VYRE_PRIORITY_NORMAL);
}

LogicalResult WorkItemOp::verify() {
  int64_t opcode = getOpcode();
  if (!isValidOpcode(opcode))
    return emitOpError() << "opcode " << opcode
                         << " does not fit in 32 unsigned bits";
  ArrayRef<int64_t> args = getArgs();
  if (args.size() > VYRE_SLOT_ARG_COUNT)
    return emitOpError() << "has " << args.size()
                         << " arguments; a slot holds at most "
                         << VYRE_SLOT_ARG_COUNT;
  for (auto [i, arg] : llvm::enumerate(args))
    if (arg < int64_t(INT32_MIN) || arg > int64_t(UINT32_MAX))
      return emitOpError() << "argument " << i << " (" << arg
                           << ") does not fit in a 32-bit slot word";
  if (getTenantOrDefault() >= VYRE_MAX_TENANTS)
    return emitOpError() << "tenant " << getTenantOrDefault()
                         << " is out of range; tenants are 0 to "
                         << VYRE_MAX_TENANTS - 1;
  if (getPriorityOrDefault() >= VYRE_PRIORITY_LEVELS)
    return emitOpError() << "priority " << getPriorityOrDefault()
                         << " is out of range; priorities are 0 (critical) to "
                         << VYRE_PRIORITY_LEVELS - 1 << " (idle)";
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (kernel && !kernel.servesOpcode(opcode))
    return emitOpError() << "names opcode " << formatOpcode(opcode)
                         << ", which no handler or built-in of @"
                         << kernel.getSymName() << " serves";
  return success();
}
