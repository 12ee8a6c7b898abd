// RUN: vyre-opt %s -allow-unregistered-dialect | FileCheck %s
// RUN: vyre-opt %s -allow-unregistered-dialect | vyre-opt -allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: vyre.megakernel @profiled
// CHECK-SAME: profile = #vyre.profile<{16: 90000, 17: 12, 2: 400, 0xfffe: 3}>
// CHECK-SAME: shard = #vyre.shard<strategy = strided, partitions = [0, 16, 64, 192, 240, 256], starvation_bound = 8>
vyre.megakernel @profiled slots(256) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {
      profile = #vyre.profile<{16: 90000, 17: 12, 2: 400, 65534: 3}>,
      shard = #vyre.shard<strategy = strided,
                          partitions = [0, 16, 64, 192, 240, 256],
                          starvation_bound = 8>} {
}

// Defaults: no partitions, starvation bound 16, empty profile.
// CHECK-LABEL: vyre.megakernel @defaults
// CHECK-SAME: profile = #vyre.profile<{}>
// CHECK-SAME: shard = #vyre.shard<strategy = contiguous>
vyre.megakernel @defaults slots(64) workgroups(1) workgroup_size(64) mode(once)
    attributes {profile = #vyre.profile<{}>,
                shard = #vyre.shard<strategy = contiguous>} {
}

// Attributes are usable outside a megakernel too (e.g. pass options).
// CHECK: "test.profile"() {p = #vyre.profile<{20: 1}>}
"test.profile"() {p = #vyre.profile<{20: 1}>} : () -> ()
