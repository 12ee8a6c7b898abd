//===- TenantQuotaTest.cpp - per-tenant in-flight quotas, on the device ---===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>

using namespace vyre::test;

namespace {

class TenantQuotaTest : public RuntimeTest {};

TEST_F(TenantQuotaTest, SlotsOverTheQuotaFaultAndTheRestRun) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_quota(k, 1, 2));
  // Not launched yet, so nothing leaves the ring: tenant 1 gets 2 slots in,
  // its other 3 complete at once as QUOTA_EXCEEDED; tenant 0 has no quota.
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < 5; ++i)
    slots.push_back(makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES}, 1));
  for (uint32_t i = 0; i < 4; ++i)
    slots.push_back(makeSlot(VYRE_OP_ATOMIC_ADD, {10, VYRE_CTRL_OBSERVABLES + 1}));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                      kWait, &n));
  EXPECT_EQ(n, slots.size());
  std::vector<vyre_completion> early = reapAll(k);
  ASSERT_EQ(early.size(), 3u);
  for (const vyre_completion &c : early) {
    EXPECT_EQ(c.status, VYRE_STATUS_FAULT);
    EXPECT_EQ(c.fault_code, VYRE_FAULT_QUOTA_EXCEEDED);
    EXPECT_EQ(c.tenant, 1u);
    EXPECT_GE(c.ticket, 2u); // the first two went in
  }

  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, slots.size(), kWait)); // counts all 9
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 6u);
  for (const vyre_completion &c : done)
    EXPECT_EQ(c.status, VYRE_STATUS_DONE);
  std::vector<uint32_t> obs = observables(k, 2);
  EXPECT_EQ(obs[0], 2u);  // only tenant 1's admitted slots ran
  EXPECT_EQ(obs[1], 40u); // tenant 0 unaffected

  // Finished slots free the quota again.
  vyre_slot again = makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES}, 1);
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &again, 1, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, slots.size() + 1, kWait));
  done = reapAll(k);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, VYRE_STATUS_DONE);
  EXPECT_EQ(observables(k, 1)[0], 3u);
  expectCleanShutdown(k, kWait);

  EXPECT_EQ(vyre_kernel_set_tenant_quota(k, 32, 1), VYRE_ERROR_INVALID_ARGUMENT);
}

} // namespace
