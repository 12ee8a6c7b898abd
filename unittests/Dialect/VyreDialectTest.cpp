//===- VyreDialectTest.cpp - C++ helpers of the vyre dialect -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/ManifestKeys.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::vyre;

namespace {

class VyreDialectTest : public ::testing::Test {
protected:
  VyreDialectTest() {
    context.loadDialect<VyreDialect, arith::ArithDialect>();
  }

  OwningOpRef<ModuleOp> parse(llvm::StringRef text) {
    return parseSourceString<ModuleOp>(text, &context);
  }

  MLIRContext context;
};

constexpr llvm::StringLiteral kKernel = R"mlir(
vyre.megakernel @k slots(128) workgroups(2) workgroup_size(32) mode(once)
    attributes {observables = 8 : i32,
                profile = #vyre.profile<{16: 900, 17: 100}>} {
  vyre.buffer @counts binding(0) read_write : memref<64xi32>
  vyre.builtin "atomic_add"
  vyre.handler @bump opcode(16, 17) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %one = arith.constant 1 : i32
    %old = vyre.atomic_rmw add %one, @counts[%i] : i32
    vyre.yield
  }
  vyre.handler @other opcode(0x10000) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
)mlir";

TEST_F(VyreDialectTest, MegakernelQueries) {
  OwningOpRef<ModuleOp> module = parse(kKernel);
  ASSERT_TRUE(module);
  auto kernel = *module->getOps<MegakernelOp>().begin();
  EXPECT_EQ(kernel.getSlots(), 128u);
  EXPECT_EQ(kernel.getMode(), Mode::once);
  EXPECT_EQ(kernel.getNumObservables(), 8u);
  EXPECT_EQ(kernel.getControlWords(), VYRE_CTRL_OBSERVABLES + 8u);

  llvm::SmallVector<HandlerOp> handlers = kernel.getHandlers();
  ASSERT_EQ(handlers.size(), 2u);
  EXPECT_EQ(handlers[0].getSymName(), "bump");
  EXPECT_EQ(kernel.lookupHandler(17), handlers[0]);
  EXPECT_EQ(kernel.lookupHandler(0x10000), handlers[1]);
  EXPECT_FALSE(kernel.lookupHandler(18));
  EXPECT_TRUE(kernel.servesOpcode(VYRE_OP_ATOMIC_ADD));
  EXPECT_FALSE(kernel.servesOpcode(VYRE_OP_STORE_U32));
  EXPECT_TRUE(isa<SlotType>(handlers[0].getSlot().getType()));

  ProfileAttr profile = kernel.getProfileAttr();
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile.getCount(16), 900);
  EXPECT_EQ(profile.getCount(99), 0);
  EXPECT_EQ(profile.getTotal(), 1000);
}

TEST_F(VyreDialectTest, DefaultObservablesComeFromTheABI) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent) {}
  )mlir");
  ASSERT_TRUE(module);
  auto kernel = *module->getOps<MegakernelOp>().begin();
  EXPECT_EQ(kernel.getNumObservables(), VYRE_DEFAULT_OBSERVABLES);
}

TEST_F(VyreDialectTest, VerifierRejectsDuplicateOpcodes) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
      vyre.handler @a opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
      vyre.handler @b opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
    }
  )mlir");
  EXPECT_FALSE(module);
  EXPECT_NE(message.find("opcode 20 is already served by handler @a"),
            std::string::npos)
      << message;
}

// The parser always pairs opcodes with counts; C++ builders can mismatch.
TEST_F(VyreDialectTest, ProfileRejectsMismatchedLengths) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  ProfileAttr bad = ProfileAttr::getChecked(
      [&] { return emitError(UnknownLoc::get(&context)); }, &context,
      llvm::ArrayRef<int64_t>{16, 17}, llvm::ArrayRef<int64_t>{5});
  EXPECT_FALSE(bad);
  EXPECT_EQ(message, "profile has 2 opcodes but 1 counts");
}

// The manifest writer prints the dialect's enums by their ODS names; the
// runtime reads them as ManifestKeys.h's words. They must be the same.
TEST(ManifestWords, AreTheDialectsEnumNames) {
  namespace w = ::vyre::manifest::word;
  EXPECT_EQ(stringifyMode(Mode::persistent), w::mode::Persistent);
  EXPECT_EQ(stringifyMode(Mode::once), w::mode::Once);
  EXPECT_EQ(stringifyAccess(Access::read_only), w::access::ReadOnly);
  EXPECT_EQ(stringifyAccess(Access::write_only), w::access::WriteOnly);
  EXPECT_EQ(stringifyAccess(Access::read_write), w::access::ReadWrite);
  EXPECT_EQ(stringifyShardStrategy(ShardStrategy::strided),
            w::shard_strategy::Strided);
  EXPECT_EQ(stringifyShardStrategy(ShardStrategy::contiguous),
            w::shard_strategy::Contiguous);
}

TEST(OpcodeUtils, RangesAndBuiltins) {
  EXPECT_TRUE(isValidOpcode(0));
  EXPECT_TRUE(isValidOpcode(UINT32_MAX));
  EXPECT_FALSE(isValidOpcode(-1));
  EXPECT_FALSE(isValidOpcode(int64_t(UINT32_MAX) + 1));
  EXPECT_TRUE(isReservedOpcode(VYRE_OP_SHUTDOWN));
  EXPECT_FALSE(isReservedOpcode(int64_t(UINT32_MAX) + 1));
  EXPECT_FALSE(isReservedOpcode(8));
  EXPECT_EQ(lookupBuiltinOpcode("dfa_step"), VYRE_OP_DFA_STEP);
  EXPECT_EQ(lookupBuiltinOpcode("packed_slot"), VYRE_OP_PACKED_SLOT);
  EXPECT_FALSE(lookupBuiltinOpcode("frobnicate"));
  EXPECT_NE(listBuiltinNames().find("compare_swap"), std::string::npos);
  EXPECT_EQ(formatOpcode(16), "16");
  EXPECT_EQ(formatOpcode(VYRE_OP_PRINTF), "0xfffe");
  EXPECT_EQ(formatOpcode(VYRE_OP_SHUTDOWN), "0xffffffff");
}

} // namespace
