//===- AttachProfile.cpp - runtime profile file -> #vyre.profile -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The compiler's half of the profile loop; the runtime writes the file
// (runtime/src/Profile.cpp). The file is untrusted input: every field is
// checked and a bad one is reported with the file's name and what to fix.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREATTACHPROFILE
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// A profile file's content: per-opcode counts for one kernel.
struct ProfileFile {
  std::string kernel;
  /// (opcode, count), the count on each arm's first opcode.
  SmallVector<std::pair<int64_t, int64_t>> counts;
};

struct AttachProfilePass
    : mlir::vyre::impl::VyreAttachProfileBase<AttachProfilePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto fail = [&](const Twine &message) {
      module.emitError() << "vyre-attach-profile: " << message;
      signalPassFailure();
    };
    if (file.empty())
      return fail("no profile given; pass file=PATH (a profile written by "
                  "vyre-run --profile-out or vyre_kernel_save_profile)");
    FailureOr<ProfileFile> profile = read(fail);
    if (failed(profile))
      return;
    MegakernelOp kernel;
    SmallVector<StringRef> names;
    module.walk([&](MegakernelOp k) {
      names.push_back(k.getSymName());
      if (k.getSymName() == profile->kernel)
        kernel = k;
    });
    if (!kernel)
      return fail(Twine("profile ") + file + " is for kernel '" +
                  profile->kernel + "', but the module has " +
                  (names.empty() ? std::string("no megakernel")
                                 : "'" + llvm::join(names, "', '") + "'") +
                  "; profile the kernel you compile");
    SmallVector<int64_t> opcodes, counts;
    for (auto [opcode, count] : profile->counts) {
      if (!kernel.servesOpcode(opcode)) {
        kernel.emitWarning() << "profile " << file << " counts opcode "
                             << formatOpcode(opcode) << ", which @"
                             << kernel.getSymName()
                             << " does not serve; ignored";
        continue;
      }
      opcodes.push_back(opcode);
      counts.push_back(count);
    }
    kernel.setProfileAttr(ProfileAttr::get(&getContext(), opcodes, counts));
  }

  FailureOr<ProfileFile> read(function_ref<void(const Twine &)> fail) {
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer) {
      fail(Twine("cannot read profile ") + file + ": " +
           buffer.getError().message());
      return failure();
    }
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse((*buffer)->getBuffer());
    if (!json) {
      fail(Twine("profile ") + file + " is not valid JSON: " +
           llvm::toString(json.takeError()));
      return failure();
    }
    auto bad = [&](const Twine &what) {
      fail(Twine("profile ") + file + ": " + what +
           " (write it with vyre-run --profile-out or "
           "vyre_kernel_save_profile)");
      return failure();
    };
    const llvm::json::Object *root = json->getAsObject();
    if (!root)
      return bad("the top level must be an object");
    std::optional<int64_t> format = root->getInteger("vyre_profile");
    if (!format)
      return bad("no \"vyre_profile\" format number");
    if (*format != VYRE_PROFILE_FORMAT)
      return bad("format " + Twine(*format) + ", but this vyre-opt reads " +
                 Twine(VYRE_PROFILE_FORMAT));
    ProfileFile out;
    std::optional<StringRef> kernel = root->getString("kernel");
    if (!kernel)
      return bad("no \"kernel\" name");
    out.kernel = kernel->str();
    const llvm::json::Array *arms = root->getArray("arms");
    if (!arms)
      return bad("no \"arms\" array");
    llvm::DenseSet<int64_t> seen;
    for (auto [i, value] : llvm::enumerate(*arms)) {
      std::string where = "arm " + std::to_string(i);
      const llvm::json::Object *arm = value.getAsObject();
      if (!arm)
        return bad(where + " is not an object");
      const llvm::json::Array *codes = arm->getArray("opcodes");
      std::optional<int64_t> count = arm->getInteger("count");
      if (!codes || codes->empty())
        return bad(where + " has no \"opcodes\"");
      if (!count || *count < 0)
        return bad(where + " has no non-negative \"count\"");
      for (const llvm::json::Value &code : *codes) {
        std::optional<int64_t> opcode = code.getAsInteger();
        if (!opcode || !isValidOpcode(*opcode))
          return bad(where + " lists an opcode that is not a 32-bit "
                             "unsigned integer");
        if (!seen.insert(*opcode).second)
          return bad("opcode " + Twine(*opcode) + " appears in two arms");
      }
      out.counts.emplace_back(*(*codes)[0].getAsInteger(), *count);
    }
    return out;
  }
};

} // namespace
