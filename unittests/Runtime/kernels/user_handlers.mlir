// User handlers touching a dynamic-size user buffer, with a user fault and
// a handler that never returns (for the watchdog test).
vyre.megakernel @user_handlers slots(128) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32} {
  vyre.buffer @data binding(0) read_write : memref<?xi32>
  // 16: data[a0] += a1 (faults with 300 when a1 > 1000)
  vyre.handler @add opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    %limit = arith.constant 1000 : i32
    %big = arith.cmpi ugt, %v, %limit : i32
    scf.if %big {
      vyre.fault code(300)
    } else {
      %old = vyre.atomic_rmw add %v, @data[%i] : i32
    }
    vyre.yield
  }
  // 17: observable a1 = data[a0] * 2
  vyre.handler @double opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %o = vyre.arg %slot[1]
    %v = vyre.load @data[%i] : i32
    %two = arith.constant 2 : i32
    %d = arith.muli %v, %two : i32
    vyre.observe %d at [%o]
    vyre.yield
  }
  // 18: spins while control[a0] == a1, counting its iterations in
  // observable a2 (a stuck handler for the watchdog). The count matters:
  // Mesa deletes a loop whose only work is loads, volatile or not.
  vyre.handler @spin opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %w = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    %counter = vyre.arg %slot[2]
    %one = arith.constant 1 : i32
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %counter : i32
    scf.while : () -> () {
      %cur = vyre.load control[%w] : i32
      %same = arith.cmpi eq, %cur, %v : i32
      scf.condition(%same)
    } do {
      // 256 atomics per iteration: a long stall even where the device
      // bounds the loop (lavapipe: 65535 iterations; 32 atomics, about
      // 2M in all, took under the watchdog test's 30 ms on an idle host).
      %o0 = vyre.atomic_rmw add %one, control[%at] : i32
      %o1 = vyre.atomic_rmw add %one, control[%at] : i32
      %o2 = vyre.atomic_rmw add %one, control[%at] : i32
      %o3 = vyre.atomic_rmw add %one, control[%at] : i32
      %o4 = vyre.atomic_rmw add %one, control[%at] : i32
      %o5 = vyre.atomic_rmw add %one, control[%at] : i32
      %o6 = vyre.atomic_rmw add %one, control[%at] : i32
      %o7 = vyre.atomic_rmw add %one, control[%at] : i32
      %o8 = vyre.atomic_rmw add %one, control[%at] : i32
      %o9 = vyre.atomic_rmw add %one, control[%at] : i32
      %o10 = vyre.atomic_rmw add %one, control[%at] : i32
      %o11 = vyre.atomic_rmw add %one, control[%at] : i32
      %o12 = vyre.atomic_rmw add %one, control[%at] : i32
      %o13 = vyre.atomic_rmw add %one, control[%at] : i32
      %o14 = vyre.atomic_rmw add %one, control[%at] : i32
      %o15 = vyre.atomic_rmw add %one, control[%at] : i32
      %o16 = vyre.atomic_rmw add %one, control[%at] : i32
      %o17 = vyre.atomic_rmw add %one, control[%at] : i32
      %o18 = vyre.atomic_rmw add %one, control[%at] : i32
      %o19 = vyre.atomic_rmw add %one, control[%at] : i32
      %o20 = vyre.atomic_rmw add %one, control[%at] : i32
      %o21 = vyre.atomic_rmw add %one, control[%at] : i32
      %o22 = vyre.atomic_rmw add %one, control[%at] : i32
      %o23 = vyre.atomic_rmw add %one, control[%at] : i32
      %o24 = vyre.atomic_rmw add %one, control[%at] : i32
      %o25 = vyre.atomic_rmw add %one, control[%at] : i32
      %o26 = vyre.atomic_rmw add %one, control[%at] : i32
      %o27 = vyre.atomic_rmw add %one, control[%at] : i32
      %o28 = vyre.atomic_rmw add %one, control[%at] : i32
      %o29 = vyre.atomic_rmw add %one, control[%at] : i32
      %o30 = vyre.atomic_rmw add %one, control[%at] : i32
      %o31 = vyre.atomic_rmw add %one, control[%at] : i32
      %o32 = vyre.atomic_rmw add %one, control[%at] : i32
      %o33 = vyre.atomic_rmw add %one, control[%at] : i32
      %o34 = vyre.atomic_rmw add %one, control[%at] : i32
      %o35 = vyre.atomic_rmw add %one, control[%at] : i32
      %o36 = vyre.atomic_rmw add %one, control[%at] : i32
      %o37 = vyre.atomic_rmw add %one, control[%at] : i32
      %o38 = vyre.atomic_rmw add %one, control[%at] : i32
      %o39 = vyre.atomic_rmw add %one, control[%at] : i32
      %o40 = vyre.atomic_rmw add %one, control[%at] : i32
      %o41 = vyre.atomic_rmw add %one, control[%at] : i32
      %o42 = vyre.atomic_rmw add %one, control[%at] : i32
      %o43 = vyre.atomic_rmw add %one, control[%at] : i32
      %o44 = vyre.atomic_rmw add %one, control[%at] : i32
      %o45 = vyre.atomic_rmw add %one, control[%at] : i32
      %o46 = vyre.atomic_rmw add %one, control[%at] : i32
      %o47 = vyre.atomic_rmw add %one, control[%at] : i32
      %o48 = vyre.atomic_rmw add %one, control[%at] : i32
      %o49 = vyre.atomic_rmw add %one, control[%at] : i32
      %o50 = vyre.atomic_rmw add %one, control[%at] : i32
      %o51 = vyre.atomic_rmw add %one, control[%at] : i32
      %o52 = vyre.atomic_rmw add %one, control[%at] : i32
      %o53 = vyre.atomic_rmw add %one, control[%at] : i32
      %o54 = vyre.atomic_rmw add %one, control[%at] : i32
      %o55 = vyre.atomic_rmw add %one, control[%at] : i32
      %o56 = vyre.atomic_rmw add %one, control[%at] : i32
      %o57 = vyre.atomic_rmw add %one, control[%at] : i32
      %o58 = vyre.atomic_rmw add %one, control[%at] : i32
      %o59 = vyre.atomic_rmw add %one, control[%at] : i32
      %o60 = vyre.atomic_rmw add %one, control[%at] : i32
      %o61 = vyre.atomic_rmw add %one, control[%at] : i32
      %o62 = vyre.atomic_rmw add %one, control[%at] : i32
      %o63 = vyre.atomic_rmw add %one, control[%at] : i32
      %o64 = vyre.atomic_rmw add %one, control[%at] : i32
      %o65 = vyre.atomic_rmw add %one, control[%at] : i32
      %o66 = vyre.atomic_rmw add %one, control[%at] : i32
      %o67 = vyre.atomic_rmw add %one, control[%at] : i32
      %o68 = vyre.atomic_rmw add %one, control[%at] : i32
      %o69 = vyre.atomic_rmw add %one, control[%at] : i32
      %o70 = vyre.atomic_rmw add %one, control[%at] : i32
      %o71 = vyre.atomic_rmw add %one, control[%at] : i32
      %o72 = vyre.atomic_rmw add %one, control[%at] : i32
      %o73 = vyre.atomic_rmw add %one, control[%at] : i32
      %o74 = vyre.atomic_rmw add %one, control[%at] : i32
      %o75 = vyre.atomic_rmw add %one, control[%at] : i32
      %o76 = vyre.atomic_rmw add %one, control[%at] : i32
      %o77 = vyre.atomic_rmw add %one, control[%at] : i32
      %o78 = vyre.atomic_rmw add %one, control[%at] : i32
      %o79 = vyre.atomic_rmw add %one, control[%at] : i32
      %o80 = vyre.atomic_rmw add %one, control[%at] : i32
      %o81 = vyre.atomic_rmw add %one, control[%at] : i32
      %o82 = vyre.atomic_rmw add %one, control[%at] : i32
      %o83 = vyre.atomic_rmw add %one, control[%at] : i32
      %o84 = vyre.atomic_rmw add %one, control[%at] : i32
      %o85 = vyre.atomic_rmw add %one, control[%at] : i32
      %o86 = vyre.atomic_rmw add %one, control[%at] : i32
      %o87 = vyre.atomic_rmw add %one, control[%at] : i32
      %o88 = vyre.atomic_rmw add %one, control[%at] : i32
      %o89 = vyre.atomic_rmw add %one, control[%at] : i32
      %o90 = vyre.atomic_rmw add %one, control[%at] : i32
      %o91 = vyre.atomic_rmw add %one, control[%at] : i32
      %o92 = vyre.atomic_rmw add %one, control[%at] : i32
      %o93 = vyre.atomic_rmw add %one, control[%at] : i32
      %o94 = vyre.atomic_rmw add %one, control[%at] : i32
      %o95 = vyre.atomic_rmw add %one, control[%at] : i32
      %o96 = vyre.atomic_rmw add %one, control[%at] : i32
      %o97 = vyre.atomic_rmw add %one, control[%at] : i32
      %o98 = vyre.atomic_rmw add %one, control[%at] : i32
      %o99 = vyre.atomic_rmw add %one, control[%at] : i32
      %o100 = vyre.atomic_rmw add %one, control[%at] : i32
      %o101 = vyre.atomic_rmw add %one, control[%at] : i32
      %o102 = vyre.atomic_rmw add %one, control[%at] : i32
      %o103 = vyre.atomic_rmw add %one, control[%at] : i32
      %o104 = vyre.atomic_rmw add %one, control[%at] : i32
      %o105 = vyre.atomic_rmw add %one, control[%at] : i32
      %o106 = vyre.atomic_rmw add %one, control[%at] : i32
      %o107 = vyre.atomic_rmw add %one, control[%at] : i32
      %o108 = vyre.atomic_rmw add %one, control[%at] : i32
      %o109 = vyre.atomic_rmw add %one, control[%at] : i32
      %o110 = vyre.atomic_rmw add %one, control[%at] : i32
      %o111 = vyre.atomic_rmw add %one, control[%at] : i32
      %o112 = vyre.atomic_rmw add %one, control[%at] : i32
      %o113 = vyre.atomic_rmw add %one, control[%at] : i32
      %o114 = vyre.atomic_rmw add %one, control[%at] : i32
      %o115 = vyre.atomic_rmw add %one, control[%at] : i32
      %o116 = vyre.atomic_rmw add %one, control[%at] : i32
      %o117 = vyre.atomic_rmw add %one, control[%at] : i32
      %o118 = vyre.atomic_rmw add %one, control[%at] : i32
      %o119 = vyre.atomic_rmw add %one, control[%at] : i32
      %o120 = vyre.atomic_rmw add %one, control[%at] : i32
      %o121 = vyre.atomic_rmw add %one, control[%at] : i32
      %o122 = vyre.atomic_rmw add %one, control[%at] : i32
      %o123 = vyre.atomic_rmw add %one, control[%at] : i32
      %o124 = vyre.atomic_rmw add %one, control[%at] : i32
      %o125 = vyre.atomic_rmw add %one, control[%at] : i32
      %o126 = vyre.atomic_rmw add %one, control[%at] : i32
      %o127 = vyre.atomic_rmw add %one, control[%at] : i32
      %o128 = vyre.atomic_rmw add %one, control[%at] : i32
      %o129 = vyre.atomic_rmw add %one, control[%at] : i32
      %o130 = vyre.atomic_rmw add %one, control[%at] : i32
      %o131 = vyre.atomic_rmw add %one, control[%at] : i32
      %o132 = vyre.atomic_rmw add %one, control[%at] : i32
      %o133 = vyre.atomic_rmw add %one, control[%at] : i32
      %o134 = vyre.atomic_rmw add %one, control[%at] : i32
      %o135 = vyre.atomic_rmw add %one, control[%at] : i32
      %o136 = vyre.atomic_rmw add %one, control[%at] : i32
      %o137 = vyre.atomic_rmw add %one, control[%at] : i32
      %o138 = vyre.atomic_rmw add %one, control[%at] : i32
      %o139 = vyre.atomic_rmw add %one, control[%at] : i32
      %o140 = vyre.atomic_rmw add %one, control[%at] : i32
      %o141 = vyre.atomic_rmw add %one, control[%at] : i32
      %o142 = vyre.atomic_rmw add %one, control[%at] : i32
      %o143 = vyre.atomic_rmw add %one, control[%at] : i32
      %o144 = vyre.atomic_rmw add %one, control[%at] : i32
      %o145 = vyre.atomic_rmw add %one, control[%at] : i32
      %o146 = vyre.atomic_rmw add %one, control[%at] : i32
      %o147 = vyre.atomic_rmw add %one, control[%at] : i32
      %o148 = vyre.atomic_rmw add %one, control[%at] : i32
      %o149 = vyre.atomic_rmw add %one, control[%at] : i32
      %o150 = vyre.atomic_rmw add %one, control[%at] : i32
      %o151 = vyre.atomic_rmw add %one, control[%at] : i32
      %o152 = vyre.atomic_rmw add %one, control[%at] : i32
      %o153 = vyre.atomic_rmw add %one, control[%at] : i32
      %o154 = vyre.atomic_rmw add %one, control[%at] : i32
      %o155 = vyre.atomic_rmw add %one, control[%at] : i32
      %o156 = vyre.atomic_rmw add %one, control[%at] : i32
      %o157 = vyre.atomic_rmw add %one, control[%at] : i32
      %o158 = vyre.atomic_rmw add %one, control[%at] : i32
      %o159 = vyre.atomic_rmw add %one, control[%at] : i32
      %o160 = vyre.atomic_rmw add %one, control[%at] : i32
      %o161 = vyre.atomic_rmw add %one, control[%at] : i32
      %o162 = vyre.atomic_rmw add %one, control[%at] : i32
      %o163 = vyre.atomic_rmw add %one, control[%at] : i32
      %o164 = vyre.atomic_rmw add %one, control[%at] : i32
      %o165 = vyre.atomic_rmw add %one, control[%at] : i32
      %o166 = vyre.atomic_rmw add %one, control[%at] : i32
      %o167 = vyre.atomic_rmw add %one, control[%at] : i32
      %o168 = vyre.atomic_rmw add %one, control[%at] : i32
      %o169 = vyre.atomic_rmw add %one, control[%at] : i32
      %o170 = vyre.atomic_rmw add %one, control[%at] : i32
      %o171 = vyre.atomic_rmw add %one, control[%at] : i32
      %o172 = vyre.atomic_rmw add %one, control[%at] : i32
      %o173 = vyre.atomic_rmw add %one, control[%at] : i32
      %o174 = vyre.atomic_rmw add %one, control[%at] : i32
      %o175 = vyre.atomic_rmw add %one, control[%at] : i32
      %o176 = vyre.atomic_rmw add %one, control[%at] : i32
      %o177 = vyre.atomic_rmw add %one, control[%at] : i32
      %o178 = vyre.atomic_rmw add %one, control[%at] : i32
      %o179 = vyre.atomic_rmw add %one, control[%at] : i32
      %o180 = vyre.atomic_rmw add %one, control[%at] : i32
      %o181 = vyre.atomic_rmw add %one, control[%at] : i32
      %o182 = vyre.atomic_rmw add %one, control[%at] : i32
      %o183 = vyre.atomic_rmw add %one, control[%at] : i32
      %o184 = vyre.atomic_rmw add %one, control[%at] : i32
      %o185 = vyre.atomic_rmw add %one, control[%at] : i32
      %o186 = vyre.atomic_rmw add %one, control[%at] : i32
      %o187 = vyre.atomic_rmw add %one, control[%at] : i32
      %o188 = vyre.atomic_rmw add %one, control[%at] : i32
      %o189 = vyre.atomic_rmw add %one, control[%at] : i32
      %o190 = vyre.atomic_rmw add %one, control[%at] : i32
      %o191 = vyre.atomic_rmw add %one, control[%at] : i32
      %o192 = vyre.atomic_rmw add %one, control[%at] : i32
      %o193 = vyre.atomic_rmw add %one, control[%at] : i32
      %o194 = vyre.atomic_rmw add %one, control[%at] : i32
      %o195 = vyre.atomic_rmw add %one, control[%at] : i32
      %o196 = vyre.atomic_rmw add %one, control[%at] : i32
      %o197 = vyre.atomic_rmw add %one, control[%at] : i32
      %o198 = vyre.atomic_rmw add %one, control[%at] : i32
      %o199 = vyre.atomic_rmw add %one, control[%at] : i32
      %o200 = vyre.atomic_rmw add %one, control[%at] : i32
      %o201 = vyre.atomic_rmw add %one, control[%at] : i32
      %o202 = vyre.atomic_rmw add %one, control[%at] : i32
      %o203 = vyre.atomic_rmw add %one, control[%at] : i32
      %o204 = vyre.atomic_rmw add %one, control[%at] : i32
      %o205 = vyre.atomic_rmw add %one, control[%at] : i32
      %o206 = vyre.atomic_rmw add %one, control[%at] : i32
      %o207 = vyre.atomic_rmw add %one, control[%at] : i32
      %o208 = vyre.atomic_rmw add %one, control[%at] : i32
      %o209 = vyre.atomic_rmw add %one, control[%at] : i32
      %o210 = vyre.atomic_rmw add %one, control[%at] : i32
      %o211 = vyre.atomic_rmw add %one, control[%at] : i32
      %o212 = vyre.atomic_rmw add %one, control[%at] : i32
      %o213 = vyre.atomic_rmw add %one, control[%at] : i32
      %o214 = vyre.atomic_rmw add %one, control[%at] : i32
      %o215 = vyre.atomic_rmw add %one, control[%at] : i32
      %o216 = vyre.atomic_rmw add %one, control[%at] : i32
      %o217 = vyre.atomic_rmw add %one, control[%at] : i32
      %o218 = vyre.atomic_rmw add %one, control[%at] : i32
      %o219 = vyre.atomic_rmw add %one, control[%at] : i32
      %o220 = vyre.atomic_rmw add %one, control[%at] : i32
      %o221 = vyre.atomic_rmw add %one, control[%at] : i32
      %o222 = vyre.atomic_rmw add %one, control[%at] : i32
      %o223 = vyre.atomic_rmw add %one, control[%at] : i32
      %o224 = vyre.atomic_rmw add %one, control[%at] : i32
      %o225 = vyre.atomic_rmw add %one, control[%at] : i32
      %o226 = vyre.atomic_rmw add %one, control[%at] : i32
      %o227 = vyre.atomic_rmw add %one, control[%at] : i32
      %o228 = vyre.atomic_rmw add %one, control[%at] : i32
      %o229 = vyre.atomic_rmw add %one, control[%at] : i32
      %o230 = vyre.atomic_rmw add %one, control[%at] : i32
      %o231 = vyre.atomic_rmw add %one, control[%at] : i32
      %o232 = vyre.atomic_rmw add %one, control[%at] : i32
      %o233 = vyre.atomic_rmw add %one, control[%at] : i32
      %o234 = vyre.atomic_rmw add %one, control[%at] : i32
      %o235 = vyre.atomic_rmw add %one, control[%at] : i32
      %o236 = vyre.atomic_rmw add %one, control[%at] : i32
      %o237 = vyre.atomic_rmw add %one, control[%at] : i32
      %o238 = vyre.atomic_rmw add %one, control[%at] : i32
      %o239 = vyre.atomic_rmw add %one, control[%at] : i32
      %o240 = vyre.atomic_rmw add %one, control[%at] : i32
      %o241 = vyre.atomic_rmw add %one, control[%at] : i32
      %o242 = vyre.atomic_rmw add %one, control[%at] : i32
      %o243 = vyre.atomic_rmw add %one, control[%at] : i32
      %o244 = vyre.atomic_rmw add %one, control[%at] : i32
      %o245 = vyre.atomic_rmw add %one, control[%at] : i32
      %o246 = vyre.atomic_rmw add %one, control[%at] : i32
      %o247 = vyre.atomic_rmw add %one, control[%at] : i32
      %o248 = vyre.atomic_rmw add %one, control[%at] : i32
      %o249 = vyre.atomic_rmw add %one, control[%at] : i32
      %o250 = vyre.atomic_rmw add %one, control[%at] : i32
      %o251 = vyre.atomic_rmw add %one, control[%at] : i32
      %o252 = vyre.atomic_rmw add %one, control[%at] : i32
      %o253 = vyre.atomic_rmw add %one, control[%at] : i32
      %o254 = vyre.atomic_rmw add %one, control[%at] : i32
      %o255 = vyre.atomic_rmw add %one, control[%at] : i32
      scf.yield
    }
    vyre.yield
  }
}
