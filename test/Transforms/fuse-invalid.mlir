// RUN: vyre-opt %s --vyre-fuse -split-input-file -verify-diagnostics

// expected-error @below {{'vyre.megakernel' op has no #vyre.profile, which vyre-fuse chooses arms from; attach one with vyre-attach-profile file=PROFILE (written by vyre-run --profile-out)}}
vyre.megakernel @noprofile slots(64) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @below {{'vyre.megakernel' op has a profile that counts no slot; profile a workload first}}
vyre.megakernel @empty slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{16: 0}>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @below {{'vyre.megakernel' op is mode(once); vyre-fuse builds kernels that requeue slots to the generic interpreter, which the runtime swaps in only for persistent kernels}}
vyre.megakernel @once slots(64) workgroups(1) workgroup_size(32) mode(once)
    attributes {profile = #vyre.profile<{16: 5}>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

vyre.megakernel @builtin slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{2: 5}>} {
  // expected-error @below {{'vyre.builtin' op is not materialized; run vyre-materialize-builtins before vyre-fuse (the vyre-to-spirv-jit pipeline does)}}
  vyre.builtin "atomic_add"
}

// -----

// expected-error @below {{'vyre.megakernel' op fuses no arm: every executed arm is larger than the budget of 256 operations (the smallest has 300); raise vyre-fuse's `budget`}}
vyre.megakernel @huge slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{16: 5}>} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %v0 = arith.addi %a, %a : i32
    %v1 = arith.addi %a, %a : i32
    %v2 = arith.addi %a, %a : i32
    %v3 = arith.addi %a, %a : i32
    %v4 = arith.addi %a, %a : i32
    %v5 = arith.addi %a, %a : i32
    %v6 = arith.addi %a, %a : i32
    %v7 = arith.addi %a, %a : i32
    %v8 = arith.addi %a, %a : i32
    %v9 = arith.addi %a, %a : i32
    %v10 = arith.addi %a, %a : i32
    %v11 = arith.addi %a, %a : i32
    %v12 = arith.addi %a, %a : i32
    %v13 = arith.addi %a, %a : i32
    %v14 = arith.addi %a, %a : i32
    %v15 = arith.addi %a, %a : i32
    %v16 = arith.addi %a, %a : i32
    %v17 = arith.addi %a, %a : i32
    %v18 = arith.addi %a, %a : i32
    %v19 = arith.addi %a, %a : i32
    %v20 = arith.addi %a, %a : i32
    %v21 = arith.addi %a, %a : i32
    %v22 = arith.addi %a, %a : i32
    %v23 = arith.addi %a, %a : i32
    %v24 = arith.addi %a, %a : i32
    %v25 = arith.addi %a, %a : i32
    %v26 = arith.addi %a, %a : i32
    %v27 = arith.addi %a, %a : i32
    %v28 = arith.addi %a, %a : i32
    %v29 = arith.addi %a, %a : i32
    %v30 = arith.addi %a, %a : i32
    %v31 = arith.addi %a, %a : i32
    %v32 = arith.addi %a, %a : i32
    %v33 = arith.addi %a, %a : i32
    %v34 = arith.addi %a, %a : i32
    %v35 = arith.addi %a, %a : i32
    %v36 = arith.addi %a, %a : i32
    %v37 = arith.addi %a, %a : i32
    %v38 = arith.addi %a, %a : i32
    %v39 = arith.addi %a, %a : i32
    %v40 = arith.addi %a, %a : i32
    %v41 = arith.addi %a, %a : i32
    %v42 = arith.addi %a, %a : i32
    %v43 = arith.addi %a, %a : i32
    %v44 = arith.addi %a, %a : i32
    %v45 = arith.addi %a, %a : i32
    %v46 = arith.addi %a, %a : i32
    %v47 = arith.addi %a, %a : i32
    %v48 = arith.addi %a, %a : i32
    %v49 = arith.addi %a, %a : i32
    %v50 = arith.addi %a, %a : i32
    %v51 = arith.addi %a, %a : i32
    %v52 = arith.addi %a, %a : i32
    %v53 = arith.addi %a, %a : i32
    %v54 = arith.addi %a, %a : i32
    %v55 = arith.addi %a, %a : i32
    %v56 = arith.addi %a, %a : i32
    %v57 = arith.addi %a, %a : i32
    %v58 = arith.addi %a, %a : i32
    %v59 = arith.addi %a, %a : i32
    %v60 = arith.addi %a, %a : i32
    %v61 = arith.addi %a, %a : i32
    %v62 = arith.addi %a, %a : i32
    %v63 = arith.addi %a, %a : i32
    %v64 = arith.addi %a, %a : i32
    %v65 = arith.addi %a, %a : i32
    %v66 = arith.addi %a, %a : i32
    %v67 = arith.addi %a, %a : i32
    %v68 = arith.addi %a, %a : i32
    %v69 = arith.addi %a, %a : i32
    %v70 = arith.addi %a, %a : i32
    %v71 = arith.addi %a, %a : i32
    %v72 = arith.addi %a, %a : i32
    %v73 = arith.addi %a, %a : i32
    %v74 = arith.addi %a, %a : i32
    %v75 = arith.addi %a, %a : i32
    %v76 = arith.addi %a, %a : i32
    %v77 = arith.addi %a, %a : i32
    %v78 = arith.addi %a, %a : i32
    %v79 = arith.addi %a, %a : i32
    %v80 = arith.addi %a, %a : i32
    %v81 = arith.addi %a, %a : i32
    %v82 = arith.addi %a, %a : i32
    %v83 = arith.addi %a, %a : i32
    %v84 = arith.addi %a, %a : i32
    %v85 = arith.addi %a, %a : i32
    %v86 = arith.addi %a, %a : i32
    %v87 = arith.addi %a, %a : i32
    %v88 = arith.addi %a, %a : i32
    %v89 = arith.addi %a, %a : i32
    %v90 = arith.addi %a, %a : i32
    %v91 = arith.addi %a, %a : i32
    %v92 = arith.addi %a, %a : i32
    %v93 = arith.addi %a, %a : i32
    %v94 = arith.addi %a, %a : i32
    %v95 = arith.addi %a, %a : i32
    %v96 = arith.addi %a, %a : i32
    %v97 = arith.addi %a, %a : i32
    %v98 = arith.addi %a, %a : i32
    %v99 = arith.addi %a, %a : i32
    %v100 = arith.addi %a, %a : i32
    %v101 = arith.addi %a, %a : i32
    %v102 = arith.addi %a, %a : i32
    %v103 = arith.addi %a, %a : i32
    %v104 = arith.addi %a, %a : i32
    %v105 = arith.addi %a, %a : i32
    %v106 = arith.addi %a, %a : i32
    %v107 = arith.addi %a, %a : i32
    %v108 = arith.addi %a, %a : i32
    %v109 = arith.addi %a, %a : i32
    %v110 = arith.addi %a, %a : i32
    %v111 = arith.addi %a, %a : i32
    %v112 = arith.addi %a, %a : i32
    %v113 = arith.addi %a, %a : i32
    %v114 = arith.addi %a, %a : i32
    %v115 = arith.addi %a, %a : i32
    %v116 = arith.addi %a, %a : i32
    %v117 = arith.addi %a, %a : i32
    %v118 = arith.addi %a, %a : i32
    %v119 = arith.addi %a, %a : i32
    %v120 = arith.addi %a, %a : i32
    %v121 = arith.addi %a, %a : i32
    %v122 = arith.addi %a, %a : i32
    %v123 = arith.addi %a, %a : i32
    %v124 = arith.addi %a, %a : i32
    %v125 = arith.addi %a, %a : i32
    %v126 = arith.addi %a, %a : i32
    %v127 = arith.addi %a, %a : i32
    %v128 = arith.addi %a, %a : i32
    %v129 = arith.addi %a, %a : i32
    %v130 = arith.addi %a, %a : i32
    %v131 = arith.addi %a, %a : i32
    %v132 = arith.addi %a, %a : i32
    %v133 = arith.addi %a, %a : i32
    %v134 = arith.addi %a, %a : i32
    %v135 = arith.addi %a, %a : i32
    %v136 = arith.addi %a, %a : i32
    %v137 = arith.addi %a, %a : i32
    %v138 = arith.addi %a, %a : i32
    %v139 = arith.addi %a, %a : i32
    %v140 = arith.addi %a, %a : i32
    %v141 = arith.addi %a, %a : i32
    %v142 = arith.addi %a, %a : i32
    %v143 = arith.addi %a, %a : i32
    %v144 = arith.addi %a, %a : i32
    %v145 = arith.addi %a, %a : i32
    %v146 = arith.addi %a, %a : i32
    %v147 = arith.addi %a, %a : i32
    %v148 = arith.addi %a, %a : i32
    %v149 = arith.addi %a, %a : i32
    %v150 = arith.addi %a, %a : i32
    %v151 = arith.addi %a, %a : i32
    %v152 = arith.addi %a, %a : i32
    %v153 = arith.addi %a, %a : i32
    %v154 = arith.addi %a, %a : i32
    %v155 = arith.addi %a, %a : i32
    %v156 = arith.addi %a, %a : i32
    %v157 = arith.addi %a, %a : i32
    %v158 = arith.addi %a, %a : i32
    %v159 = arith.addi %a, %a : i32
    %v160 = arith.addi %a, %a : i32
    %v161 = arith.addi %a, %a : i32
    %v162 = arith.addi %a, %a : i32
    %v163 = arith.addi %a, %a : i32
    %v164 = arith.addi %a, %a : i32
    %v165 = arith.addi %a, %a : i32
    %v166 = arith.addi %a, %a : i32
    %v167 = arith.addi %a, %a : i32
    %v168 = arith.addi %a, %a : i32
    %v169 = arith.addi %a, %a : i32
    %v170 = arith.addi %a, %a : i32
    %v171 = arith.addi %a, %a : i32
    %v172 = arith.addi %a, %a : i32
    %v173 = arith.addi %a, %a : i32
    %v174 = arith.addi %a, %a : i32
    %v175 = arith.addi %a, %a : i32
    %v176 = arith.addi %a, %a : i32
    %v177 = arith.addi %a, %a : i32
    %v178 = arith.addi %a, %a : i32
    %v179 = arith.addi %a, %a : i32
    %v180 = arith.addi %a, %a : i32
    %v181 = arith.addi %a, %a : i32
    %v182 = arith.addi %a, %a : i32
    %v183 = arith.addi %a, %a : i32
    %v184 = arith.addi %a, %a : i32
    %v185 = arith.addi %a, %a : i32
    %v186 = arith.addi %a, %a : i32
    %v187 = arith.addi %a, %a : i32
    %v188 = arith.addi %a, %a : i32
    %v189 = arith.addi %a, %a : i32
    %v190 = arith.addi %a, %a : i32
    %v191 = arith.addi %a, %a : i32
    %v192 = arith.addi %a, %a : i32
    %v193 = arith.addi %a, %a : i32
    %v194 = arith.addi %a, %a : i32
    %v195 = arith.addi %a, %a : i32
    %v196 = arith.addi %a, %a : i32
    %v197 = arith.addi %a, %a : i32
    %v198 = arith.addi %a, %a : i32
    %v199 = arith.addi %a, %a : i32
    %v200 = arith.addi %a, %a : i32
    %v201 = arith.addi %a, %a : i32
    %v202 = arith.addi %a, %a : i32
    %v203 = arith.addi %a, %a : i32
    %v204 = arith.addi %a, %a : i32
    %v205 = arith.addi %a, %a : i32
    %v206 = arith.addi %a, %a : i32
    %v207 = arith.addi %a, %a : i32
    %v208 = arith.addi %a, %a : i32
    %v209 = arith.addi %a, %a : i32
    %v210 = arith.addi %a, %a : i32
    %v211 = arith.addi %a, %a : i32
    %v212 = arith.addi %a, %a : i32
    %v213 = arith.addi %a, %a : i32
    %v214 = arith.addi %a, %a : i32
    %v215 = arith.addi %a, %a : i32
    %v216 = arith.addi %a, %a : i32
    %v217 = arith.addi %a, %a : i32
    %v218 = arith.addi %a, %a : i32
    %v219 = arith.addi %a, %a : i32
    %v220 = arith.addi %a, %a : i32
    %v221 = arith.addi %a, %a : i32
    %v222 = arith.addi %a, %a : i32
    %v223 = arith.addi %a, %a : i32
    %v224 = arith.addi %a, %a : i32
    %v225 = arith.addi %a, %a : i32
    %v226 = arith.addi %a, %a : i32
    %v227 = arith.addi %a, %a : i32
    %v228 = arith.addi %a, %a : i32
    %v229 = arith.addi %a, %a : i32
    %v230 = arith.addi %a, %a : i32
    %v231 = arith.addi %a, %a : i32
    %v232 = arith.addi %a, %a : i32
    %v233 = arith.addi %a, %a : i32
    %v234 = arith.addi %a, %a : i32
    %v235 = arith.addi %a, %a : i32
    %v236 = arith.addi %a, %a : i32
    %v237 = arith.addi %a, %a : i32
    %v238 = arith.addi %a, %a : i32
    %v239 = arith.addi %a, %a : i32
    %v240 = arith.addi %a, %a : i32
    %v241 = arith.addi %a, %a : i32
    %v242 = arith.addi %a, %a : i32
    %v243 = arith.addi %a, %a : i32
    %v244 = arith.addi %a, %a : i32
    %v245 = arith.addi %a, %a : i32
    %v246 = arith.addi %a, %a : i32
    %v247 = arith.addi %a, %a : i32
    %v248 = arith.addi %a, %a : i32
    %v249 = arith.addi %a, %a : i32
    %v250 = arith.addi %a, %a : i32
    %v251 = arith.addi %a, %a : i32
    %v252 = arith.addi %a, %a : i32
    %v253 = arith.addi %a, %a : i32
    %v254 = arith.addi %a, %a : i32
    %v255 = arith.addi %a, %a : i32
    %v256 = arith.addi %a, %a : i32
    %v257 = arith.addi %a, %a : i32
    %v258 = arith.addi %a, %a : i32
    %v259 = arith.addi %a, %a : i32
    %v260 = arith.addi %a, %a : i32
    %v261 = arith.addi %a, %a : i32
    %v262 = arith.addi %a, %a : i32
    %v263 = arith.addi %a, %a : i32
    %v264 = arith.addi %a, %a : i32
    %v265 = arith.addi %a, %a : i32
    %v266 = arith.addi %a, %a : i32
    %v267 = arith.addi %a, %a : i32
    %v268 = arith.addi %a, %a : i32
    %v269 = arith.addi %a, %a : i32
    %v270 = arith.addi %a, %a : i32
    %v271 = arith.addi %a, %a : i32
    %v272 = arith.addi %a, %a : i32
    %v273 = arith.addi %a, %a : i32
    %v274 = arith.addi %a, %a : i32
    %v275 = arith.addi %a, %a : i32
    %v276 = arith.addi %a, %a : i32
    %v277 = arith.addi %a, %a : i32
    %v278 = arith.addi %a, %a : i32
    %v279 = arith.addi %a, %a : i32
    %v280 = arith.addi %a, %a : i32
    %v281 = arith.addi %a, %a : i32
    %v282 = arith.addi %a, %a : i32
    %v283 = arith.addi %a, %a : i32
    %v284 = arith.addi %a, %a : i32
    %v285 = arith.addi %a, %a : i32
    %v286 = arith.addi %a, %a : i32
    %v287 = arith.addi %a, %a : i32
    %v288 = arith.addi %a, %a : i32
    %v289 = arith.addi %a, %a : i32
    %v290 = arith.addi %a, %a : i32
    %v291 = arith.addi %a, %a : i32
    %v292 = arith.addi %a, %a : i32
    %v293 = arith.addi %a, %a : i32
    %v294 = arith.addi %a, %a : i32
    %v295 = arith.addi %a, %a : i32
    %v296 = arith.addi %a, %a : i32
    %v297 = arith.addi %a, %a : i32
    %v298 = arith.addi %a, %a : i32
    vyre.yield
  }
}

// -----

// An IO kernel's resumed slots need the interpreter: no fused kernel of it.
// expected-error @below {{'vyre.megakernel' op has handlers that use vyre.io_read; vyre-fuse does not build JIT-fused kernels of an IO kernel yet}}
vyre.megakernel @io slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{16: 10, 17: 90}>} {
  vyre.buffer @stage binding(0) read_write : memref<64xi32>
  vyre.handler @miss opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %ready = vyre.io_read source(%a) offset(%a) bytes(%a) into @stage[%a]
    vyre.yield
  }
  vyre.handler @other opcode(17) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}
