// RUN: vyre-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

// expected-error @+1 {{workgroup_size 2048 exceeds 1024}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(2048) mode(once) {}

// -----

// expected-error @+1 {{attribute 'slots' failed to satisfy constraint: 32-bit signless integer attribute whose value is positive}}
vyre.megakernel @k slots(0) workgroups(1) workgroup_size(4) mode(once) {}

// -----

// expected-error @+1 {{observables 70000 exceeds the maximum of 65536}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 70000 : i32} {}

// -----

// expected-error @+1 {{tenant table has 33 entries; the ABI allows at most 32}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {tenants = array<i32: 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>} {}

// -----

// expected-error @+1 {{shard partitions end at slot 128 but the ring has 256 slots}}
vyre.megakernel @k slots(256) workgroups(1) workgroup_size(4) mode(once)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 16, 64, 100, 120, 128]>} {}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @a opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  // expected-error @+1 {{opcode 20 is already served by handler @a; each opcode needs exactly one handler}}
  vyre.handler @b opcode(21, 20) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.builtin "atomic_add"
  // expected-error @+1 {{opcode 2 is already served by built-in "atomic_add"}}
  vyre.builtin "atomic_add"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @__vyre_nop opcode(0) builtin { ^bb0(%s: !vyre.slot): vyre.yield }
  // expected-error @+1 {{opcode 0 is already served by handler @__vyre_nop}}
  vyre.builtin "nop"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @a binding(0) read_only : memref<4xi32>
  // expected-error @+1 {{binding 0 is already used by @a; give each buffer its own binding}}
  vyre.buffer @b binding(0) read_only : memref<4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{binding 16 is out of range; user bindings are 0 to 15}}
  vyre.buffer @a binding(16) read_only : memref<4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is not allowed in a vyre.megakernel body, which holds only vyre.buffer, vyre.builtin, vyre.handler, vyre.batch, vyre.fused_batch and vyre.dispatch_prologue}}
  %c = arith.constant 0 : i32
}

// -----

// A kernel of 33 arms has two mask words per tenant.
// expected-error @+1 {{tenant table has 3 words, but with 33 dispatch arms each tenant's mask takes 2 words (bit h % 32 of word h / 32 allows arm h); give a multiple of 2}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {tenants = array<i32: -1, 1, 0>} {
  vyre.builtin "nop"
  vyre.handler @h8 opcode(8) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h9 opcode(9) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h10 opcode(10) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h11 opcode(11) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h12 opcode(12) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h13 opcode(13) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h14 opcode(14) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h15 opcode(15) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h16 opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h17 opcode(17) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h18 opcode(18) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h19 opcode(19) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h20 opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h21 opcode(21) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h22 opcode(22) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h23 opcode(23) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h24 opcode(24) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h25 opcode(25) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h26 opcode(26) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h27 opcode(27) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h28 opcode(28) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h29 opcode(29) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h30 opcode(30) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h31 opcode(31) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h32 opcode(32) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h33 opcode(33) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h34 opcode(34) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h35 opcode(35) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h36 opcode(36) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h37 opcode(37) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h38 opcode(38) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h39 opcode(39, 40, 41) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

// expected-error @+1 {{has 257 dispatch arms (handlers and built-ins); ABI v11 supports at most 256 (tenant masks of 8 words); merge handlers that share a body}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.builtin "nop"
  vyre.handler @h0 opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h1 opcode(17) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h2 opcode(18) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h3 opcode(19) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h4 opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h5 opcode(21) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h6 opcode(22) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h7 opcode(23) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h8 opcode(24) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h9 opcode(25) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h10 opcode(26) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h11 opcode(27) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h12 opcode(28) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h13 opcode(29) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h14 opcode(30) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h15 opcode(31) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h16 opcode(32) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h17 opcode(33) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h18 opcode(34) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h19 opcode(35) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h20 opcode(36) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h21 opcode(37) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h22 opcode(38) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h23 opcode(39) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h24 opcode(40) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h25 opcode(41) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h26 opcode(42) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h27 opcode(43) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h28 opcode(44) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h29 opcode(45) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h30 opcode(46) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h31 opcode(47) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h32 opcode(48) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h33 opcode(49) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h34 opcode(50) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h35 opcode(51) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h36 opcode(52) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h37 opcode(53) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h38 opcode(54) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h39 opcode(55) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h40 opcode(56) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h41 opcode(57) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h42 opcode(58) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h43 opcode(59) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h44 opcode(60) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h45 opcode(61) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h46 opcode(62) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h47 opcode(63) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h48 opcode(64) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h49 opcode(65) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h50 opcode(66) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h51 opcode(67) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h52 opcode(68) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h53 opcode(69) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h54 opcode(70) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h55 opcode(71) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h56 opcode(72) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h57 opcode(73) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h58 opcode(74) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h59 opcode(75) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h60 opcode(76) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h61 opcode(77) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h62 opcode(78) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h63 opcode(79) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h64 opcode(80) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h65 opcode(81) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h66 opcode(82) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h67 opcode(83) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h68 opcode(84) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h69 opcode(85) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h70 opcode(86) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h71 opcode(87) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h72 opcode(88) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h73 opcode(89) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h74 opcode(90) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h75 opcode(91) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h76 opcode(92) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h77 opcode(93) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h78 opcode(94) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h79 opcode(95) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h80 opcode(96) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h81 opcode(97) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h82 opcode(98) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h83 opcode(99) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h84 opcode(100) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h85 opcode(101) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h86 opcode(102) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h87 opcode(103) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h88 opcode(104) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h89 opcode(105) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h90 opcode(106) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h91 opcode(107) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h92 opcode(108) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h93 opcode(109) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h94 opcode(110) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h95 opcode(111) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h96 opcode(112) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h97 opcode(113) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h98 opcode(114) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h99 opcode(115) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h100 opcode(116) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h101 opcode(117) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h102 opcode(118) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h103 opcode(119) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h104 opcode(120) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h105 opcode(121) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h106 opcode(122) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h107 opcode(123) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h108 opcode(124) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h109 opcode(125) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h110 opcode(126) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h111 opcode(127) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h112 opcode(128) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h113 opcode(129) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h114 opcode(130) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h115 opcode(131) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h116 opcode(132) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h117 opcode(133) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h118 opcode(134) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h119 opcode(135) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h120 opcode(136) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h121 opcode(137) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h122 opcode(138) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h123 opcode(139) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h124 opcode(140) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h125 opcode(141) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h126 opcode(142) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h127 opcode(143) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h128 opcode(144) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h129 opcode(145) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h130 opcode(146) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h131 opcode(147) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h132 opcode(148) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h133 opcode(149) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h134 opcode(150) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h135 opcode(151) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h136 opcode(152) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h137 opcode(153) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h138 opcode(154) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h139 opcode(155) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h140 opcode(156) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h141 opcode(157) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h142 opcode(158) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h143 opcode(159) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h144 opcode(160) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h145 opcode(161) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h146 opcode(162) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h147 opcode(163) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h148 opcode(164) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h149 opcode(165) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h150 opcode(166) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h151 opcode(167) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h152 opcode(168) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h153 opcode(169) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h154 opcode(170) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h155 opcode(171) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h156 opcode(172) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h157 opcode(173) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h158 opcode(174) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h159 opcode(175) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h160 opcode(176) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h161 opcode(177) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h162 opcode(178) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h163 opcode(179) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h164 opcode(180) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h165 opcode(181) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h166 opcode(182) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h167 opcode(183) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h168 opcode(184) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h169 opcode(185) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h170 opcode(186) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h171 opcode(187) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h172 opcode(188) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h173 opcode(189) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h174 opcode(190) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h175 opcode(191) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h176 opcode(192) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h177 opcode(193) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h178 opcode(194) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h179 opcode(195) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h180 opcode(196) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h181 opcode(197) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h182 opcode(198) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h183 opcode(199) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h184 opcode(200) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h185 opcode(201) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h186 opcode(202) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h187 opcode(203) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h188 opcode(204) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h189 opcode(205) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h190 opcode(206) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h191 opcode(207) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h192 opcode(208) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h193 opcode(209) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h194 opcode(210) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h195 opcode(211) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h196 opcode(212) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h197 opcode(213) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h198 opcode(214) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h199 opcode(215) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h200 opcode(216) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h201 opcode(217) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h202 opcode(218) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h203 opcode(219) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h204 opcode(220) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h205 opcode(221) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h206 opcode(222) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h207 opcode(223) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h208 opcode(224) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h209 opcode(225) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h210 opcode(226) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h211 opcode(227) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h212 opcode(228) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h213 opcode(229) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h214 opcode(230) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h215 opcode(231) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h216 opcode(232) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h217 opcode(233) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h218 opcode(234) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h219 opcode(235) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h220 opcode(236) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h221 opcode(237) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h222 opcode(238) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h223 opcode(239) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h224 opcode(240) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h225 opcode(241) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h226 opcode(242) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h227 opcode(243) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h228 opcode(244) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h229 opcode(245) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h230 opcode(246) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h231 opcode(247) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h232 opcode(248) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h233 opcode(249) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h234 opcode(250) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h235 opcode(251) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h236 opcode(252) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h237 opcode(253) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h238 opcode(254) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h239 opcode(255) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h240 opcode(256) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h241 opcode(257) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h242 opcode(258) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h243 opcode(259) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h244 opcode(260) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h245 opcode(261) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h246 opcode(262) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h247 opcode(263) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h248 opcode(264) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h249 opcode(265) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h250 opcode(266) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h251 opcode(267) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h252 opcode(268) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h253 opcode(269) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h254 opcode(270) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h255 opcode(271) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer must hold at least one element}}
  vyre.buffer @a binding(0) read_only : memref<0xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer memref must have the identity layout}}
  vyre.buffer @a binding(0) read_only : memref<4xi32, strided<[2]>>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer must be a rank-1 memref (memref<Nxi32>, memref<?xf32>), not 'memref<4x4xi32>'; index a flat buffer instead}}
  vyre.buffer @a binding(0) read_only : memref<4x4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{unknown built-in "atomic_mul"; known built-ins: nop, store_u32, atomic_add, load_u32, compare_swap, memcpy, dfa_step, batch_fence, printf, shutdown, packed_slot}}
  vyre.builtin "atomic_mul"
}

// -----

// expected-error @+1 {{'vyre.builtin' op expects parent op 'vyre.megakernel'}}
vyre.builtin "nop"

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{must serve at least one opcode}}
  vyre.handler @h opcode() { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 4294967296 does not fit in 32 unsigned bits}}
  vyre.handler @h opcode(4294967296) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{lists opcode 16 twice}}
  vyre.handler @h opcode(16, 16) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 3 is reserved for the built-in "load_u32"; user handlers take opcodes 8 to 0xffef or 0x10000 to 0x7fffffff (use vyre.builtin to request a built-in)}}
  vyre.handler @h opcode(3) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 0xfff0 is reserved; user handlers take}}
  vyre.handler @h opcode(0xfff0) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 0x80000002 is reserved; user handlers take}}
  vyre.handler @h opcode(0x80000002) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is marked builtin but opcode 16 is not a reserved opcode}}
  vyre.handler @h opcode(16) builtin { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{'vyre.handler' op expects a non-empty block}}
  vyre.handler @h opcode(16) {}
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must take exactly one argument of type !vyre.slot, got 2 argument(s)}}
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot, %t: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must take exactly one argument of type !vyre.slot, got 1 argument(s)}}
  vyre.handler @h opcode(16) { ^bb0(%s: i32): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must end with vyre.yield}}
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    "test.terminator"() : () -> ()
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{argument index 12 is out of range; a slot has 12 argument words (0-11)}}
    %a = vyre.arg %s[12]
    vyre.yield
  }
}

// -----

func.func @outside(%s: !vyre.slot) -> i32 {
  // expected-error @+1 {{must be inside a vyre.handler body}}
  %a = vyre.arg %s[0]
  return %a : i32
}

// -----

func.func @outside() {
  %c = arith.constant 0 : i32
  // expected-error @+1 {{'vyre.observe' op must be inside a vyre.handler body}}
  vyre.observe %c at [%c]
  return
}

// -----

func.func @yield_outside() {
  // expected-error @+1 {{'vyre.yield' op expects parent op 'vyre.handler'}}
  vyre.yield
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{control buffer elements are i32}}
    %v = vyre.load control[%i] : f32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 168 : i32
    // expected-error @+1 {{control index 168 is out of range; the control buffer of @k has 168 words}}
    %v = vyre.load control[%i] : i32
    vyre.yield
  }
}

// -----

// A user handler may not write the ring ABI's words (here the tenant table).
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 8 : i32
    %v = arith.constant -1 : i32
    // expected-error @+1 {{writes control word 8, which belongs to the ring ABI; handlers may write only the observables (control words 160-415), e.g. with vyre.observe}}
    vyre.store %v, control[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 1 : i32
    %v = arith.constant 5 : i32
    // expected-error @+1 {{writes control word 1, which belongs to the ring ABI}}
    %old = vyre.atomic_rmw add %v, control[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{refers to unknown buffer @nope; declare it with vyre.buffer in @k}}
    %v = vyre.load @nope[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @f binding(0) read_write : memref<8xf32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{accesses @f as 'i32' but its elements are 'f32'}}
    %v = vyre.atomic_rmw add %i, @f[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @out binding(0) write_only : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{reads @out, which is declared write_only}}
    %v = vyre.load @out[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_only : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{writes @in, which is declared read_only}}
    %v = vyre.atomic_cas @in[%i], %i, %i : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 8 : i32
    // expected-error @+1 {{index 8 is out of range for @in ('memref<8xi32>')}}
    vyre.store %i, @in[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_write : memref<?xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant -1 : i32
    // expected-error @+1 {{index -1 is out of range for @in ('memref<?xi32>')}}
    vyre.store %i, @in[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 256 : i32
    // expected-error @+1 {{observable index 256 is out of range; @k has 256 observables (raise its `observables` attribute)}}
    vyre.observe %i at [%i]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{fault code 4 is reserved for the runtime; user fault codes start at 256}}
    vyre.fault code(4)
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{has 4 arguments; a debug-log record holds at most 3}}
    vyre.printf %i(%i, %i, %i, %i)
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{is not allowed in a vyre.batch, which holds only vyre.work_item}}
    %c = arith.constant 0 : i32
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.batch @b {
    // expected-error @+1 {{opcode 4294967296 does not fit in 32 unsigned bits}}
    vyre.work_item opcode(4294967296)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{has 13 arguments; a slot holds at most 12}}
    vyre.work_item opcode(16) args [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{argument 1 (4294967296) does not fit in a 32-bit slot word}}
    vyre.work_item opcode(16) args [0, 4294967296]
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{tenant 32 is out of range; tenants are 0 to 31}}
    vyre.work_item opcode(16) tenant(32)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{priority 5 is out of range; priorities are 0 (critical) to 4 (idle)}}
    vyre.work_item opcode(16) priority(5)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{names opcode 17, which no handler or built-in of @k serves}}
    vyre.work_item opcode(17)
  }
}

// -----

// expected-error @+1 {{profile lists opcode 16 twice}}
"test.op"() {p = #vyre.profile<{16: 1, 16: 2}>} : () -> ()

// -----

// expected-error @+1 {{profile count for opcode 16 is negative (-3)}}
"test.op"() {p = #vyre.profile<{16: -3}>} : () -> ()

// -----

// expected-error @+1 {{profile opcode 4294967296 does not fit in 32 unsigned bits}}
"test.op"() {p = #vyre.profile<{4294967296: 1}>} : () -> ()

// -----

// expected-error @+1 {{starvation_bound must be 0 (never skip the lower partitions) or positive, got -2}}
"test.op"() {s = #vyre.shard<strategy = strided, starvation_bound = -2>} : () -> ()

// -----

// expected-error @+1 {{partitions must hold 6 offsets (5 partition starts and the slot count), got 3}}
"test.op"() {s = #vyre.shard<strategy = strided, partitions = [0, 1, 2]>} : () -> ()

// -----

// expected-error @+1 {{the first priority partition must start at slot 0, got 4}}
"test.op"() {s = #vyre.shard<strategy = strided, partitions = [4, 8, 8, 8, 8, 8]>} : () -> ()

// -----

// expected-error @+1 {{partition offsets must not decrease: offset 2 (4) < offset 1 (8)}}
"test.op"() {s = #vyre.shard<strategy = contiguous, partitions = [0, 8, 4, 8, 8, 8]>} : () -> ()

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{"dfa_step" needs its transition table: write vyre.builtin "dfa_step" table @buffer}}
  vyre.builtin "dfa_step"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @t binding(0) read_only : memref<256xi32>
  // expected-error @+1 {{only "dfa_step" takes a table; "nop" does not}}
  vyre.builtin "nop" table @t
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{table @missing is not a vyre.buffer of @k}}
  vyre.builtin "dfa_step" table @missing
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @t binding(0) read_only : memref<256xf32>
  // expected-error @+1 {{table @t must be a readable buffer of i32}}
  vyre.builtin "dfa_step" table @t
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{fault code 0 means `no fault`; pick a code from 256 up}}
    vyre.fault code(0)
    vyre.yield
  }
}

// -----

func.func @fence() {
  // expected-error @+1 {{a relaxed fence orders nothing; use acquire, release or acq_rel}}
  vyre.device.fence relaxed
  return
}

// -----

// expected-error @+1 {{denies opcode 16, which handler @h serves; `denied_opcodes` lists only opcodes that no arm serves}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {denied_opcodes = array<i64: 16>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    vyre.prologue_yield
  }
  // expected-error @+1 {{is the second vyre.dispatch_prologue of @k; a megakernel has at most one (yield more values from the first)}}
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    vyre.prologue_yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %c1 = arith.constant 1 : i32
    // expected-error @+1 {{is not allowed in a vyre.dispatch_prologue, which runs for every slot before dispatch and so holds only vyre.arg and pure, speculatable ops without regions}}
    %q = arith.divui %c1, %a : i32
    vyre.prologue_yield %q : i32
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @data binding(0) read_write : memref<4xi32>
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    // expected-error @+1 {{must be inside a vyre.handler body}}
    vyre.store %a, @data[%a] : i32
    vyre.prologue_yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must take exactly one argument of type !vyre.slot, got 0 argument(s)}}
  vyre.dispatch_prologue {
    vyre.prologue_yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{reads prologue value 0, but @k has no vyre.dispatch_prologue}}
    %v = vyre.prologue_value %s[0] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    vyre.prologue_yield %a : i32
  }
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{reads prologue value 1, but the dispatch prologue of @k yields 1}}
    %v = vyre.prologue_value %s[1] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    vyre.prologue_yield %a : i32
  }
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{has type 'f32', but prologue value 0 is 'i32'}}
    %v = vyre.prologue_value %s[0] : f32
    vyre.yield
  }
}

// -----

// expected-error @+1 {{has fused_arms but mode(once); a JIT-fused kernel requeues slots to the generic interpreter, which the runtime swaps in only for persistent kernels}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {fused_arms = array<i32: 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{deferred_arms lists arm 0, which fused_arms lists too; an arm is served at claim time or deferred, not both}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {fused_arms = array<i32: 0>, deferred_arms = array<i32: 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{deferred_arms lists arm 1 twice}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {fused_arms = array<i32: 0>, deferred_arms = array<i32: 1, 1>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  vyre.handler @g opcode(17) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{has deferred_arms but no fused_arms; deferral is a way of serving the arms a JIT-fused kernel did not fuse (vyre-fuse sets both)}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {deferred_arms = array<i32: 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{deferred_arms names arm 2 but the kernel has 2 dispatch arms (0 to 1)}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {fused_arms = array<i32: 0>, deferred_arms = array<i32: 2>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  vyre.handler @g opcode(17) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{fused_arms lists arm 0 twice}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {fused_arms = array<i32: 0, 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{fused_arms names arm 1 but the kernel has 1 dispatch arms (0 to 0)}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {fused_arms = array<i32: 1>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

vyre.megakernel @fusedorder slots(4) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  vyre.batch @b {
    vyre.work_item opcode(16)
    vyre.work_item opcode(16)
  }
  vyre.fused_batch @b items(2) assumes [] {
    // expected-error @below {{'vyre.item_end' op closes item 1 where item 0 is next; every item of the batch ends once, in batch order}}
    vyre.item_end 1 arm(0)
    vyre.item_end 0 arm(0)
  }
}

// -----

vyre.megakernel @fusedcount slots(4) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.batch @b {
    vyre.work_item opcode(0)
  }
  vyre.builtin "nop"
  // expected-error @below {{'vyre.fused_batch' op has items(2) but batch @b holds 1 work items}}
  vyre.fused_batch @b items(2) assumes [] {
  }
}

// -----

vyre.megakernel @fusedunknown slots(4) workgroups(1) workgroup_size(32) mode(persistent) {
  // expected-error @below {{'vyre.fused_batch' op names batch @nope, which is not a vyre.batch of @fusedunknown}}
  vyre.fused_batch @nope items(1) assumes [] {
  }
}

// -----

func.func @store_mismatch(%m: memref<?xi8>, %i: index, %v: i32) {
  // expected-error @+1 {{failed to verify that value type matches the memref's element type}}
  "vyre.device.store_volatile"(%v, %m, %i) : (i32, memref<?xi8>, index) -> ()
  return
}

// -----

func.func @store_halfword(%m: memref<?xi16>, %i: index) {
  // expected-error @+1 {{must be 1D memref of 8-bit signless integer or 32-bit signless integer values}}
  vyre.device.store_volatile %i, %m[%i] : memref<?xi16>
  return
}

// -----

// expected-error @+1 {{slots 67108865 exceeds 67108864, the most a ring holds}}
vyre.megakernel @k slots(67108865) workgroups(1) workgroup_size(1) mode(once) {}

// -----

// expected-error @+1 {{debug_records 2000000 exceeds 1048576}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(once)
    attributes {debug_records = 2000000 : i32} {}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer elements are 'ui32'; vyre buffers hold 32-bit words, i32 or f32. Declare i32: arith takes signless integers}}
  vyre.buffer @a binding(0) read_write : memref<16xui32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer elements are 'i64'; vyre buffers hold 32-bit words, i32 or f32}}
  vyre.buffer @a binding(0) read_write : memref<16xi64>
}

// -----

func.func @helper(%x: i32) -> i32 {
  return %x : i32
}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{calls @helper; handlers cannot call functions: each handler becomes one arm of the interpreter, with no call stack. Write the helper's body in the handler}}
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    // expected-note @+1 {{the call}}
    %r = func.call @helper(%a) : (i32) -> i32
    vyre.yield
  }
}


// -----

// expected-error @+1 {{dependency_counters 0 is out of range; a kernel has 1 to 65536 counters}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {dependency_counters = 0 : i32} {}

// -----

// expected-error @+1 {{has dependency_counters and fused_arms; a JIT-fused kernel requeues slots}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {dependency_counters = 8 : i32, fused_arms = array<i32: 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{has dependency_counters and a handler that uses vyre.io_read}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(persistent)
    attributes {dependency_counters = 8 : i32} {
  vyre.buffer @rows binding(0) read_write : memref<64xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    %c16 = arith.constant 16 : i32
    %ok = vyre.io_read source(%a) offset(%a) bytes(%c16) into @rows[%a]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 8 : i32} {
  vyre.builtin "nop"
  vyre.batch @b {
    vyre.work_item opcode(0)
    // expected-error @+1 {{is item 1 and runs after item 1, which does not come before it; `after` names earlier items of the batch (items are in topological order, so a batch has no cycle)}}
    vyre.work_item opcode(0) after [1]
  }
}

// -----

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 8 : i32} {
  vyre.builtin "nop"
  vyre.batch @b {
    vyre.work_item opcode(0)
    // expected-error @+1 {{is item 1 and runs after item 5, which does not exist}}
    vyre.work_item opcode(0) after [5]
  }
}

// -----

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 8 : i32} {
  vyre.builtin "nop"
  vyre.batch @b {
    vyre.work_item opcode(0)
    // expected-error @+1 {{lists item 0 twice in `after`}}
    vyre.work_item opcode(0) after [0, 0]
  }
}

// -----

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.builtin "nop"
  // expected-error @+1 {{has work items with `after`, but @k has no dependency counters, so nothing could wait; add dependency_counters = N to the megakernel}}
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(0) after [0]
  }
}

// -----

vyre.megakernel @k slots(16) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 64 : i32} {
  vyre.builtin "nop"
  // expected-error @+1 {{item 0 would signal 7 counters (its successors wait on that many different sets of items); an item signals at most 6, so join some of those successors' predecessors through a NOP item}}
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0)
    vyre.work_item opcode(0) after [0, 1]
    vyre.work_item opcode(0) after [0, 2]
    vyre.work_item opcode(0) after [0, 3]
    vyre.work_item opcode(0) after [0, 4]
    vyre.work_item opcode(0) after [0, 5]
    vyre.work_item opcode(0) after [0, 6]
    vyre.work_item opcode(0) after [0, 7]
  }
}

// -----

vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 1 : i32} {
  vyre.builtin "nop"
  // expected-error @+1 {{needs 2 dependency counters and @k has 1; the batch could never be published whole (raise dependency_counters)}}
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(0) after [0]
    vyre.work_item opcode(0) after [1]
  }
}
