//===- FuseModel.cpp - vyre-fuse's choice of arms -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "FuseModel.h"

#include <algorithm>
#include <limits>

using namespace mlir::vyre::fuse;

double mlir::vyre::fuse::fusedCost(const std::vector<Arm> &arms,
                                   const std::vector<unsigned> &chosen,
                                   const Costs &costs) {
  std::vector<bool> in(arms.size(), false);
  double cost = 0;
  for (size_t rank = 0; rank < chosen.size(); ++rank) {
    in[chosen[rank]] = true;
    cost += double(arms[chosen[rank]].count) * double(rank + 1) * costs.test;
  }
  double miss = double(chosen.size()) * costs.test + costs.requeue;
  for (size_t a = 0; a < arms.size(); ++a)
    if (!in[a])
      cost += double(arms[a].count) * miss;
  return cost;
}

Choice mlir::vyre::fuse::chooseFusedArms(const std::vector<Arm> &arms,
                                         const Costs &costs) {
  Choice best;
  for (size_t a = 0; a < arms.size(); ++a)
    best.genericCost += double(arms[a].count) * double(a + 1) * costs.test;

  // Candidates: executed arms that fit alone, hottest first (ties: the
  // generic order). Only they can lower the cost; the others stay out.
  std::vector<unsigned> order;
  for (unsigned a = 0; a < arms.size(); ++a)
    if (arms[a].count > 0 && arms[a].size <= costs.budget)
      order.push_back(a);
  std::stable_sort(order.begin(), order.end(), [&](unsigned l, unsigned r) {
    return arms[l].count > arms[r].count;
  });
  const size_t n = order.size();
  uint64_t total = 0, tooBig = 0, candidateSize = 0;
  for (const Arm &arm : arms) {
    total += arm.count;
    if (arm.count > 0 && arm.size > costs.budget)
      tooBig += arm.count; // executed, but always requeued
  }
  for (unsigned a : order)
    candidateSize += arms[a].size;
  // Operations beyond what all candidates hold change nothing.
  const uint64_t budget = std::min(costs.budget, candidateSize);

  best.fusedCost = fusedCost(arms, {}, costs);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // For each final subset size K: the cost of the candidates left out is
  // count * (K * test + requeue), of the k-th chosen count * k * test.
  // cost[j][k]: least cost over the candidates seen so far with j
  // operations used and k arms chosen; take[i][j][k] records the choice.
  for (size_t K = 1; K <= n; ++K) {
    double miss = double(K) * costs.test + costs.requeue;
    std::vector<std::vector<double>> cost(
        budget + 1, std::vector<double>(K + 1, kInf));
    std::vector<std::vector<std::vector<bool>>> take(
        n, std::vector<std::vector<bool>>(budget + 1,
                                          std::vector<bool>(K + 1, false)));
    cost[0][0] = 0;
    for (size_t i = 0; i < n; ++i) {
      const Arm &arm = arms[order[i]];
      std::vector<std::vector<double>> next(
          budget + 1, std::vector<double>(K + 1, kInf));
      for (uint64_t j = 0; j <= budget; ++j)
        for (size_t k = 0; k <= K; ++k) {
          if (cost[j][k] == kInf)
            continue;
          double out = cost[j][k] + double(arm.count) * miss;
          if (out < next[j][k]) {
            next[j][k] = out;
            take[i][j][k] = false;
          }
          if (k < K && j + arm.size <= budget) {
            double in = cost[j][k] + double(arm.count) * double(k + 1) *
                                         costs.test;
            if (in < next[j + arm.size][k + 1]) {
              next[j + arm.size][k + 1] = in;
              take[i][j + arm.size][k + 1] = true;
            }
          }
        }
      cost = std::move(next);
    }
    uint64_t bestJ = 0;
    double found = kInf;
    for (uint64_t j = 0; j <= budget; ++j)
      if (cost[j][K] < found) {
        found = cost[j][K];
        bestJ = j;
      }
    if (found == kInf)
      continue;
    // Executed arms too big to fit are requeued whatever is chosen; arms
    // never executed cost nothing either way.
    found += double(tooBig) * miss;
    if (found < best.fusedCost) {
      best.fusedCost = found;
      std::vector<unsigned> chosen;
      uint64_t j = bestJ;
      size_t k = K;
      for (size_t i = n; i-- > 0;)
        if (k > 0 && take[i][j][k]) {
          chosen.push_back(order[i]);
          j -= arms[order[i]].size;
          --k;
        }
      std::reverse(chosen.begin(), chosen.end());
      best.arms = std::move(chosen);
    }
  }
  for (unsigned a : best.arms)
    best.size += arms[a].size;
  uint64_t served = 0;
  for (unsigned a : best.arms)
    served += arms[a].count;
  best.requeued = total - served;
  // Recomputed over every arm (the DP's own figure leaves out the arms
  // that are not candidates, whose counts are zero or too big to fit).
  best.fusedCost = fusedCost(arms, best.arms, costs);
  return best;
}
