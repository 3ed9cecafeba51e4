// Micro-benchmarks of the YAML half of the render path: loading a values file the way Helm does
// (every workload's map, YAML 1.1 scalars) and emitting it again as toYaml does. Sizes follow the
// chart benchmark (bench/gen_values.py): 10, 100 and 1000 workloads.
#include <benchmark/benchmark.h>

#include <string>

#include "render/yaml.hpp"

namespace {

// A values document shaped like bench/gen_values.py's output, built in memory so the benchmark
// needs no files.
std::string fleet_values(int workloads) {
  std::string text = "workloads:\n";
  for (int i = 0; i < workloads; ++i) {
    const std::string name = "svc-" + std::to_string(1000 + i);
    text += "  - name: " + name + "\n";
    text += "    image:\n      repository: registry.example.com/team/" + name + "\n";
    text += "      tag: \"1." + std::to_string(i % 17) + ".0\"\n";
    text += "    replicas: " + std::to_string(1 + i % 4) + "\n";
    text += "    env:\n      LOG_LEVEL: info\n      WORKERS: " + std::to_string(2 + i % 6) + "\n";
    text += "      RATIO: 0." + std::to_string(1 + i % 9) + "\n";
    text += "      SERVICE_URL: http://" + name + ".default.svc.cluster.local:80/api/v1\n";
    text += "    ingress:\n      paths: [\"/\", \"/api\"]\n";
    text +=
        "    resources:\n      requests: {cpu: 250m, memory: 512Mi}\n      limits: {cpu: \"1\", "
        "memory: 1Gi}\n";
    text += "    secrets:\n      - {name: DB_PASSWORD, key: db-password}\n";
  }
  return text;
}

void BM_LoadValues(benchmark::State& state) {
  const std::string text = fleet_values(static_cast<int>(state.range(0)));
  render::yaml::LoadOptions options;
  options.file = "values.yaml";
  for (auto _ : state) {
    auto loaded = render::yaml::load(text, options);
    benchmark::DoNotOptimize(loaded.value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_LoadValues)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

// How charts load values: no positions recorded, so block-style text takes the fast path.
void BM_LoadChartValues(benchmark::State& state) {
  const std::string text = fleet_values(static_cast<int>(state.range(0)));
  render::yaml::LoadOptions options;
  options.file = "values.yaml";
  options.record_positions = false;
  for (auto _ : state) {
    auto loaded = render::yaml::load(text, options);
    benchmark::DoNotOptimize(loaded.value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_LoadChartValues)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

void BM_ToYaml(benchmark::State& state) {
  render::yaml::LoadOptions options;
  options.file = "values.yaml";
  const auto loaded = render::yaml::load(fleet_values(static_cast<int>(state.range(0))), options);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out = render::yaml::to_yaml(loaded.value);
    bytes += out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ToYaml)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
