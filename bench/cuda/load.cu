// The CUDA sides of the load benchmark (bench/load, docs/benchmarks.md):
// the same streams as vyre-load-bench (bench/load/LoadGen.h, same seeds), the
// same open-loop driver and batching policy (bench/load/OpenLoop.h):
//   cuda-batch  dynamic batching: the queued 64-byte task records copied
//               from pinned host memory (cudaMemcpyAsync), one kernel launch
//               over the batch, completion seen by polling an event
//               (cudaEventQuery: a spinning stream sync, without blocking
//               the host from admitting arrivals);
//   cuda-graph  the same batch as a replayed CUDA graph (copy + kernel),
//               one graph per power-of-two batch size, the batch padded
//               with NOP records to it.
// Built and run on the GPU machine:
//   nvcc -O2 -std=c++17 -o load bench/cuda/load.cu && ./load --json out.json
#include "../load/OpenLoop.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

using namespace vyre::load;

#define CHECK(x)                                                            \
  do {                                                                      \
    cudaError_t checked_ = (x);                                             \
    if (checked_ != cudaSuccess)                                            \
      throw std::runtime_error(std::string(#x) + ": " +                     \
                               cudaGetErrorString(checked_));               \
  } while (0)

namespace {

constexpr uint32_t RECORD_WORDS = 16; // 64 bytes, as a vyre slot

__global__ void runBatch(const uint32_t *records, uint32_t count,
                         uint32_t *counters, uint32_t a, uint32_t c) {
  uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count)
    return;
  const uint32_t *r = records + uint64_t(i) * RECORD_WORDS;
  uint32_t op = r[0], a0 = r[1], a1 = r[2];
  if (op == OP_ADD) {
    atomicAdd(&counters[a1], a0);
  } else if (op == OP_LCG) {
    uint32_t x = a1;
    for (uint32_t k = 0; k < a0; ++k)
      x = x * a + c;
    atomicAdd(&counters[a1 & (COUNTERS - 1)], x);
  }
}

/// Pinned host records and device buffers for `depth` batches in flight.
struct CudaBatcher {
  uint32_t capacity, depthCount;
  bool graphs;
  cudaStream_t stream;
  uint32_t *hostRecords = nullptr, *devRecords = nullptr, *devCounters = nullptr;
  struct Context {
    cudaEvent_t done;
    uint64_t first = 0, count = 0;
  };
  std::vector<Context> contexts;
  std::map<std::pair<uint32_t, uint64_t>, cudaGraphExec_t> graphFor; // (ctx, size)

  CudaBatcher(uint32_t capacity, uint32_t depth, bool graphs)
      : capacity(capacity), depthCount(depth), graphs(graphs), contexts(depth) {
    CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    uint64_t bytes = uint64_t(depth) * capacity * RECORD_WORDS * 4;
    CHECK(cudaMallocHost(&hostRecords, bytes));
    std::memset(hostRecords, 0, bytes); // padding records are NOPs
    CHECK(cudaMalloc(&devRecords, bytes));
    CHECK(cudaMalloc(&devCounters, COUNTERS * 4));
    CHECK(cudaMemset(devCounters, 0, COUNTERS * 4));
    for (Context &c : contexts)
      CHECK(cudaEventCreateWithFlags(&c.done, cudaEventDisableTiming));
  }

  uint32_t *host(uint32_t c) { return hostRecords + uint64_t(c) * capacity * RECORD_WORDS; }
  uint32_t *dev(uint32_t c) { return devRecords + uint64_t(c) * capacity * RECORD_WORDS; }

  void enqueue(uint32_t c, uint64_t count) {
    CHECK(cudaMemcpyAsync(dev(c), host(c), count * RECORD_WORDS * 4,
                          cudaMemcpyHostToDevice, stream));
    uint32_t blocks = uint32_t((count + 255) / 256);
    runBatch<<<blocks, 256, 0, stream>>>(dev(c), uint32_t(count), devCounters,
                                         LCG_A, LCG_C);
  }

  /// The graph replaying context c's copy + kernel at `size` records.
  cudaGraphExec_t graph(uint32_t c, uint64_t size) {
    auto key = std::make_pair(c, size);
    auto it = graphFor.find(key);
    if (it != graphFor.end())
      return it->second;
    cudaGraph_t g;
    cudaGraphExec_t exec;
    CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    enqueue(c, size);
    CHECK(cudaStreamEndCapture(stream, &g));
    CHECK(cudaGraphInstantiate(&exec, g, 0));
    CHECK(cudaGraphDestroy(g));
    return graphFor[key] = exec;
  }

  void launch(uint32_t c, const std::vector<Task> &tasks, uint64_t first,
              uint64_t count) {
    uint32_t *dst = host(c);
    uint64_t size = count;
    if (graphs) // pad to the graph's power of two with NOP records
      for (size = 1; size < count; size *= 2) {
      }
    for (uint64_t i = 0; i < size; ++i) {
      uint32_t *r = dst + i * RECORD_WORDS;
      const Task *t = i < count ? &tasks[first + i] : nullptr;
      r[0] = t ? t->op : OP_NOP;
      r[1] = t ? t->a0 : 0;
      r[2] = t ? t->a1 : 0;
    }
    if (graphs)
      CHECK(cudaGraphLaunch(graph(c, size), stream));
    else
      enqueue(c, count);
    CHECK(cudaEventRecord(contexts[c].done, stream));
    contexts[c].first = first;
    contexts[c].count = count;
  }

  bool finished(uint32_t c) {
    cudaError_t e = cudaEventQuery(contexts[c].done);
    if (e == cudaErrorNotReady)
      return false;
    CHECK(e);
    return true;
  }

  uint32_t depth() const { return depthCount; }

  std::vector<uint32_t> counters() {
    std::vector<uint32_t> out(COUNTERS);
    CHECK(cudaStreamSynchronize(stream));
    CHECK(cudaMemcpy(out.data(), devCounters, COUNTERS * 4, cudaMemcpyDeviceToHost));
    return out;
  }
};

using CudaSide = BatchingSide<CudaBatcher>;

} // namespace

int main(int argc, char **argv) {
  SweepOptions o;
  std::string json;
  std::vector<std::string> kinds = {"nop", "atomic_add", "lcg16", "lcg4096"};
  std::vector<std::string> sides = {"cuda-batch", "cuda-graph"};
  std::vector<uint32_t> batches = {256, 4096, 65536}, waits = {0, 20, 200}, depths = {1, 2};
  auto nums = [](const std::string &s) {
    std::vector<uint32_t> v;
    for (const std::string &x : splitList(s))
      v.push_back(uint32_t(std::stoul(x)));
    return v;
  };
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--json") json = v;
    else if (a == "--kinds") kinds = splitList(v);
    else if (a == "--sides") sides = splitList(v);
    else if (a == "--batch") batches = nums(v);
    else if (a == "--wait") waits = nums(v);
    else if (a == "--depth") depths = nums(v);
    else if (a == "--from") o.fromRate = std::stod(v);
    else if (a == "--to") o.toRate = std::stod(v);
    else if (a == "--seconds") o.seconds = std::stod(v);
    else if (a == "--min-tasks") o.minTasks = std::stoull(v);
    else if (a == "--max-tasks") o.maxTasks = std::stoull(v);
    else if (a == "--closed-tasks") o.closedTasks = std::stoull(v);
    else if (a == "--seed") o.seed = std::stoull(v);
    else {
      std::fprintf(stderr, "load: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  try {
    CHECK(cudaSetDeviceFlags(cudaDeviceScheduleSpin));
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    std::printf("device: %s (CUDA)\nwarm-up (module load, graph capture, first "
                "touch) runs before every side and is excluded\n", prop.name);
    std::vector<std::string> rows;
    uint32_t maxBatch = *std::max_element(batches.begin(), batches.end());
    for (const std::string &sideName : sides)
      for (uint32_t depth : depths)
        for (uint32_t b : batches)
          for (uint32_t t : waits) {
            CudaBatcher batcher(maxBatch, depth, sideName == "cuda-graph");
            CudaSide side(batcher, BatchPolicy{b, double(t), depth});
            for (const std::string &k : kinds) { // warm-up, every graph size
              runPoint(side, makeStream(*findKind(k), 4096, 0, 999), 0, o.timeoutS);
              for (uint64_t size = 1; sideName == "cuda-graph" && size <= b; size *= 2)
                for (uint32_t c = 0; c < depth; ++c)
                  batcher.graph(c, size);
            }
            std::string config = "B=" + std::to_string(b) + " T=" + std::to_string(t) +
                                 "us depth=" + std::to_string(depth);
            for (const std::string &k : kinds)
              sweep(side, *findKind(k), o, [&](const Point &p) {
                printPoint(sideName, config, p);
                rows.push_back(pointJson(sideName, config, p));
              });
          }
    if (!json.empty()) {
      FILE *f = std::fopen(json.c_str(), "w");
      if (!f)
        throw std::runtime_error("cannot write " + json);
      std::fprintf(f, "{\"device\": \"%s\", \"program\": \"bench/cuda/load.cu\",\n \"points\": [\n", prop.name);
      for (size_t i = 0; i < rows.size(); ++i)
        std::fprintf(f, "  %s%s\n", rows[i].c_str(), i + 1 < rows.size() ? "," : "");
      std::fprintf(f, " ]}\n");
      std::fclose(f);
      std::printf("wrote %s\n", json.c_str());
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "load: %s\n", e.what());
    return 1;
  }
  return 0;
}
