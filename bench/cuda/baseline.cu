// What CUDA users do today, for the same trivial task vyre-bench measures
// (docs/benchmarks.md): (1) a kernel launch + cudaStreamSynchronize per
// task; (2) a CUDA graph of N tiny kernels, launched and synchronized as
// one; (3) a plain stream of N launches and one synchronize. Built and run
// on the GPU machine: nvcc -O2 -o baseline baseline.cu && ./baseline
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <vector>

#define CHECK(x)                                                          \
  do {                                                                    \
    cudaError_t e = (x);                                                  \
    if (e != cudaSuccess) {                                               \
      std::fprintf(stderr, "%s: %s\n", #x, cudaGetErrorString(e));        \
      return 1;                                                           \
    }                                                                     \
  } while (0)

__global__ void task(unsigned *words, unsigned add, unsigned a0, unsigned a1) {
  if (add)
    atomicAdd(&words[a1], a0);
}

using Clock = std::chrono::steady_clock;
static double us(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

int main(int argc, char **argv) {
  int samples = argc > 1 ? std::atoi(argv[1]) : 2000;
  int nodes = argc > 2 ? std::atoi(argv[2]) : 4096;
  unsigned *words;
  CHECK(cudaMalloc(&words, 64 * sizeof(unsigned)));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("device: %s\n", prop.name);
  for (int i = 0; i < 100; ++i)
    task<<<1, 1, 0, s>>>(words, 0, 0, 0); // warm up
  CHECK(cudaStreamSynchronize(s));

  std::vector<double> rt;
  for (int i = 0; i < samples; ++i) {
    auto t0 = Clock::now();
    task<<<1, 1, 0, s>>>(words, 0, 0, 0);
    CHECK(cudaStreamSynchronize(s));
    rt.push_back(us(t0, Clock::now()));
  }
  std::sort(rt.begin(), rt.end());
  std::printf("launch+sync per task: p50 %.2f us  p99 %.2f us\n",
              rt[rt.size() / 2], rt[rt.size() * 99 / 100]);

  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  for (int i = 0; i < nodes; ++i)
    task<<<1, 1, 0, s>>>(words, 1, 1, i % 32);
  CHECK(cudaStreamEndCapture(s, &graph));
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  CHECK(cudaGraphLaunch(exec, s)); // warm up
  CHECK(cudaStreamSynchronize(s));
  const int reps = 20;
  auto t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    CHECK(cudaGraphLaunch(exec, s));
  CHECK(cudaStreamSynchronize(s));
  double graphUs = us(t0, Clock::now());
  std::printf("graph of %d tiny kernels: %.3f us per node, %.2f M tasks/s\n",
              nodes, graphUs / (reps * nodes), reps * nodes / graphUs);

  t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (int i = 0; i < nodes; ++i)
      task<<<1, 1, 0, s>>>(words, 1, 1, i % 32);
  CHECK(cudaStreamSynchronize(s));
  double streamUs = us(t0, Clock::now());
  std::printf("stream of %d launches, one sync: %.3f us per task, %.2f M tasks/s\n",
              reps * nodes, streamUs / (reps * nodes), reps * nodes / streamUs);

  unsigned host[32];
  CHECK(cudaMemcpy(host, words, sizeof host, cudaMemcpyDeviceToHost));
  unsigned long long total = 0;
  for (unsigned v : host)
    total += v;
  // Each node adds 1: the graph ran reps + 1 times (warm-up), the stream reps.
  unsigned long long expect = (2ull * reps + 1) * nodes;
  std::printf("check: counters sum %llu, expected %llu: %s\n", total, expect,
              total == expect ? "ok" : "WRONG");
  return total == expect ? 0 : 1;
}
