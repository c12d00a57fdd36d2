#include "machine.h"

#include <benchmark/benchmark.h>
#include <cpuid.h>
#include <fmt/chrono.h>
#include <cstring>
#include <fmt/format.h>
#include <hwloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "build_info.h"
#include "core/isa.h"
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/onednn.h"
#endif

namespace hotops {
namespace {

class Topology {
 public:
  Topology() {
    hwloc_topology_init(&t_);
    hwloc_topology_load(t_);
  }
  ~Topology() { hwloc_topology_destroy(t_); }
  hwloc_topology_t get() const { return t_; }

 private:
  hwloc_topology_t t_;
};

const Topology& topology() {
  static const Topology t;
  return t;
}

size_t cache_size(hwloc_obj_type_t type) {
  hwloc_obj_t o = hwloc_get_obj_by_type(topology().get(), type, 0);
  return o && o->attr ? size_t(o->attr->cache.size) : 0;
}

std::string read_line(const char* path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

nlohmann::json optional_line(const char* path) {
  std::string s = read_line(path);
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

std::string command_output(const std::string& cmd) {
  std::array<char, 256> buf{};
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return out;
  while (fgets(buf.data(), int(buf.size()), p.get())) out += buf.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

nlohmann::json hypervisor() {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  if (!(c & (1u << 31))) return nullptr;
  __cpuid(0x40000000, a, b, c, d);
  char vendor[13] = {};
  std::memcpy(vendor, &b, 4), std::memcpy(vendor + 4, &c, 4), std::memcpy(vendor + 8, &d, 4);
  return std::string(vendor);
}

std::string info(const char* name) {
  hwloc_obj_t pkg = hwloc_get_obj_by_type(topology().get(), HWLOC_OBJ_PACKAGE, 0);
  const char* v = pkg ? hwloc_obj_get_info_by_name(pkg, name) : nullptr;
  return v ? v : "unknown";
}

}  // namespace

CacheSizes cache_sizes() {
  return {cache_size(HWLOC_OBJ_L1CACHE), cache_size(HWLOC_OBJ_L2CACHE), cache_size(HWLOC_OBJ_L3CACHE)};
}

int core_count() { return hwloc_get_nbobjs_by_type(topology().get(), HWLOC_OBJ_CORE); }

std::string pin_to_cores(int threads) {
  const int cores = core_count();
  if (threads > cores)
    throw std::runtime_error(fmt::format("{} threads asked for, but this machine has {} cores", threads, cores));
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  for (int i = 0; i < threads; ++i) {
    hwloc_obj_t core = hwloc_get_obj_by_type(topology().get(), HWLOC_OBJ_CORE, unsigned(i));
    hwloc_bitmap_or(set, set, core->cpuset);
  }
  int rc = hwloc_set_cpubind(topology().get(), set, HWLOC_CPUBIND_PROCESS);
  char* text = nullptr;
  hwloc_bitmap_list_asprintf(&text, set);
  std::string where = fmt::format("cores {} (PUs {})", threads == 1 ? "0" : fmt::format("0-{}", threads - 1), text);
  std::free(text);
  hwloc_bitmap_free(set);
  return rc == 0 ? where : "not pinned: hwloc_set_cpubind failed";
}

std::string machine_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string name(host);
  name = name.substr(0, name.find('.'));
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return name.empty() ? "unknown" : name;
}

nlohmann::json environment(const std::string& machine) {
  using nlohmann::json;
  const CacheSizes c = cache_sizes();
  utsname u{};
  uname(&u);
  const std::string src = HOTOPS_SOURCE_DIR;
  std::string commit = command_output("git -C '" + src + "' rev-parse HEAD 2>/dev/null");
  std::string dirty = command_output("git -C '" + src + "' status --porcelain --untracked-files=no 2>/dev/null");
  json libs = {{"google-benchmark", HOTOPS_BENCHMARK_VERSION},
               {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
               {"hwloc-api", fmt::format("{}.{}.{}", hwloc_get_api_version() >> 16, (hwloc_get_api_version() >> 8) & 0xff,
                                     hwloc_get_api_version() & 0xff)},
               {"nlohmann-json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                             NLOHMANN_JSON_VERSION_PATCH)}};
#ifdef HOTOPS_HAVE_ONEDNN
  libs["onednn"] = onednn_version();
#endif
#ifdef HOTOPS_HAVE_XNNPACK
  libs["xnnpack"] = HOTOPS_XNNPACK_VERSION;
#endif
  const auto now = std::chrono::system_clock::now();
  return json{
      {"machine", machine},
      {"date", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)))},
      {"cpu",
       {{"model", info("CPUModel")},
        {"vendor", info("CPUVendor")},
        {"features", feature_names(host_features())},
        {"cores", core_count()},
        {"pus", hwloc_get_nbobjs_by_type(topology().get(), HWLOC_OBJ_PU)},
        {"caches", {{"L1d", c.l1d}, {"L2", c.l2}, {"L3", c.l3}}},
        {"governor", optional_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")},
        {"boost", optional_line("/sys/devices/system/cpu/cpufreq/boost")},
        {"smt", optional_line("/sys/devices/system/cpu/smt/control")}}},
      {"os", {{"kernel", fmt::format("{} {}", u.sysname, u.release)}, {"hypervisor", hypervisor()}}},
      {"build",
       {{"compiler", HOTOPS_COMPILER},
        {"flags", HOTOPS_CXX_FLAGS},
        {"build_type", HOTOPS_BUILD_TYPE},
        {"peers", HOTOPS_PEERS}}},
      {"git", {{"commit", commit.empty() ? "unknown" : commit}, {"dirty", !dirty.empty()}}},
      {"libraries", libs},
      {"gpu", nullptr}};
}

}  // namespace hotops
