#include "measure/machine.h"

#include <cpuid.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <hwloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "build_info.h"
#include "core/device_info.h"
#include "core/isa.h"
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/onednn.h"
#endif

namespace hotops::measure {

namespace {

using nlohmann::json;

// hwloc handle kept for the process lifetime (pinning needs it after the facts are read).
struct Hwloc {
  hwloc_topology_t topo = nullptr;
  Hwloc() {
    // Instruction caches are filtered out by default; valgrind's --I1 needs the L1i.
    if (hwloc_topology_init(&topo) != 0 ||
        hwloc_topology_set_icache_types_filter(topo, HWLOC_TYPE_FILTER_KEEP_ALL) != 0 ||
        hwloc_topology_load(topo) != 0)
      throw std::runtime_error("hwloc could not load the machine topology");
  }
  ~Hwloc() { hwloc_topology_destroy(topo); }
};

Hwloc& hwloc() {
  static Hwloc h;
  return h;
}

Topology read_topology() {
  hwloc_topology_t t = hwloc().topo;
  Topology topo;
  topo.cores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
  topo.pus = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU);
  if (topo.cores <= 0) topo.cores = topo.pus;  // some VMs expose PUs only
  if (hwloc_obj_t root = hwloc_get_root_obj(t)) topo.memory_bytes = root->total_memory;
  const std::pair<hwloc_obj_type_t, const char*> levels[] = {
      {HWLOC_OBJ_L1CACHE, "L1d"}, {HWLOC_OBJ_L2CACHE, "L2"}, {HWLOC_OBJ_L3CACHE, "L3"}};
  if (hwloc_obj_t o = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_L1ICACHE, nullptr)) {
    topo.l1i.name = "L1i";
    topo.l1i.size = size_t(o->attr->cache.size);
    topo.l1i.line = o->attr->cache.linesize > 0 ? int(o->attr->cache.linesize) : 64;
    topo.l1i.associativity = o->attr->cache.associativity;
    topo.l1i.instances = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_L1ICACHE);
    topo.l1i.cores_per_instance = 1;
  }
  for (auto [type, name] : levels) {
    hwloc_obj_t first = nullptr;
    int n = 0;
    for (hwloc_obj_t o = hwloc_get_next_obj_by_type(t, type, nullptr); o;
         o = hwloc_get_next_obj_by_type(t, type, o)) {
      if (o->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION) continue;
      if (!first) first = o;
      ++n;
    }
    if (!first) continue;
    CacheLevel c;
    c.name = name;
    c.size = size_t(first->attr->cache.size);
    c.line = first->attr->cache.linesize > 0 ? int(first->attr->cache.linesize) : 64;
    c.associativity = first->attr->cache.associativity;
    c.instances = n;
    c.cores_per_instance = hwloc_get_nbobjs_inside_cpuset_by_type(t, first->cpuset, HWLOC_OBJ_CORE);
    if (c.cores_per_instance <= 0) c.cores_per_instance = 1;
    topo.caches.push_back(c);
  }
  return topo;
}

// A one-line sysfs file, or null where it is not readable (VMs hide many of them).
json optional_line(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  if (!in || !std::getline(in, s) || s.empty()) return nullptr;
  return s;
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

json hypervisor() {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  if (!(c & (1u << 31))) return nullptr;
  __cpuid(0x40000000, a, b, c, d);
  char vendor[13] = {};
  std::memcpy(vendor, &b, 4), std::memcpy(vendor + 4, &c, 4), std::memcpy(vendor + 8, &d, 4);
  return std::string(vendor);
}

json state_json(const GpuState& s) {
  if (!s.available) return {{"source", nullptr}, {"why", s.why}};
  return {{"source", "nvml"}, {"driver_release", s.driver_release}, {"sm_clock_mhz", s.sm_clock_mhz},
          {"memory_clock_mhz", s.memory_clock_mhz}, {"max_sm_clock_mhz", s.max_sm_clock_mhz},
          {"temperature_c", s.temperature_c}, {"power_w", s.power_w}, {"clock_limits", s.clock_limits}};
}

std::vector<GpuState>& start_states() {
  static std::vector<GpuState> states;
  return states;
}

json gpus() {
  json out = json::array();
  const std::vector<GpuInfo> devices = gpu_devices();
  for (size_t d = 0; d < devices.size(); ++d) {
    const GpuInfo& g = devices[d];
    const std::vector<GpuState>& start = start_states();
    out.push_back({{"name", g.name},
                   {"sms", g.sm_count},
                   {"compute_capability", fmt::format("{}.{}", g.compute_major, g.compute_minor)},
                   {"clock_mhz", g.clock_mhz},
                   {"memory_clock_mhz", g.memory_clock_mhz},
                   {"memory_bytes", g.memory_bytes},
                   {"l2_bytes", g.l2_bytes},
                   {"driver", fmt::format("{}.{}", g.driver_version / 1000, g.driver_version % 1000 / 10)},
                   {"cuda_runtime", fmt::format("{}.{}", g.runtime_version / 1000, g.runtime_version % 1000 / 10)},
                   {"pci_bus_id", g.pci_bus_id},
                   {"state", {{"start", d < start.size() ? state_json(start[d]) : json(nullptr)},
                              {"end", state_json(gpu_state(g))}}}});
  }
  return out.empty() ? json(nullptr) : out;
}

json libraries() {
  json libs = {{"google-benchmark", HOTOPS_BENCHMARK_VERSION},
               {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
               {"hwloc-api", fmt::format("{}.{}.{}", hwloc_get_api_version() >> 16,
                                         (hwloc_get_api_version() >> 8) & 0xff, hwloc_get_api_version() & 0xff)},
               {"nlohmann-json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                             NLOHMANN_JSON_VERSION_PATCH)}};
#ifdef HOTOPS_HAVE_ONEDNN
  libs["onednn"] = onednn_version();
#endif
#ifdef HOTOPS_HAVE_XNNPACK
  libs["xnnpack"] = HOTOPS_XNNPACK_VERSION;
#endif
  return libs;
}

struct CpuId {
  std::string vendor, brand;
  unsigned family = 0, model = 0, stepping = 0;
};

CpuId cpu_id() {
  CpuId id;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0, &a, &b, &c, &d)) {
    char v[13] = {};
    std::memcpy(v, &b, 4);
    std::memcpy(v + 4, &d, 4);
    std::memcpy(v + 8, &c, 4);
    id.vendor = v;
  }
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    const unsigned base_family = (a >> 8) & 0xf, base_model = (a >> 4) & 0xf;
    id.stepping = a & 0xf;
    id.family = base_family == 0xf ? base_family + ((a >> 20) & 0xff) : base_family;
    id.model = (base_family == 0x6 || base_family == 0xf) ? (((a >> 16) & 0xf) << 4) | base_model : base_model;
  }
  char brand[49] = {};
  for (unsigned leaf = 0; leaf < 3; ++leaf) {
    if (!__get_cpuid(0x80000002 + leaf, &a, &b, &c, &d)) break;
    unsigned regs[4] = {a, b, c, d};
    std::memcpy(brand + 16 * leaf, regs, 16);
  }
  id.brand = brand;
  while (!id.brand.empty() && id.brand.back() == ' ') id.brand.pop_back();
  while (!id.brand.empty() && id.brand.front() == ' ') id.brand.erase(0, 1);
  return id;
}

std::string kernel_release() {
  utsname u{};
  if (uname(&u) != 0) return "unknown";
  return std::string(u.sysname) + " " + u.release;
}

std::string cpu_string() {
  const CpuId id = cpu_id();
  return id.vendor + " " + id.brand + " (family " + std::to_string(id.family) + " model " +
         std::to_string(id.model) + " stepping " + std::to_string(id.stepping) + ")";
}

}  // namespace

const CacheLevel* Topology::find(const std::string& name) const {
  for (const CacheLevel& c : caches)
    if (c.name == name) return &c;
  return nullptr;
}

const CacheLevel& Topology::last_level() const {
  if (caches.empty()) throw std::runtime_error("hwloc reported no data cache on this machine");
  return caches.back();
}

json Topology::to_json() const {
  json levels = json::array();
  for (const CacheLevel& c : caches)
    levels.push_back({{"name", c.name},
                      {"size", c.size},
                      {"line", c.line},
                      {"associativity", c.associativity},
                      {"instances", c.instances},
                      {"cores_per_instance", c.cores_per_instance}});
  json l1i_json = {{"name", "L1i"}, {"size", l1i.size}, {"line", l1i.line}, {"associativity", l1i.associativity}};
  return {{"caches", levels}, {"l1i", l1i_json}, {"cores", cores}, {"pus", pus}, {"memory_bytes", memory_bytes}};
}

Topology Topology::from_json(const json& j) {
  Topology t;
  t.cores = j.at("cores").get<int>();
  t.pus = j.value("pus", t.cores);
  t.memory_bytes = j.value("memory_bytes", size_t(0));
  if (j.contains("l1i")) {
    t.l1i.name = "L1i";
    t.l1i.size = j["l1i"].value("size", size_t(0));
    t.l1i.line = j["l1i"].value("line", 64);
    t.l1i.associativity = j["l1i"].value("associativity", 0);
  }
  for (const json& c : j.at("caches")) {
    CacheLevel l;
    l.name = c.at("name").get<std::string>();
    l.size = c.at("size").get<size_t>();
    l.line = c.value("line", 64);
    l.associativity = c.value("associativity", 0);
    l.instances = c.value("instances", 1);
    l.cores_per_instance = c.value("cores_per_instance", 1);
    t.caches.push_back(l);
  }
  return t;
}

void record_gpu_start_state() {
  start_states().clear();
  for (const GpuInfo& g : gpu_devices()) start_states().push_back(gpu_state(g));
}

const Topology& host_topology() {
  static const Topology t = read_topology();
  return t;
}

namespace {
hwloc_obj_t core_obj(int core) {
  hwloc_topology_t t = hwloc().topo;
  hwloc_obj_t obj = hwloc_get_obj_by_type(t, HWLOC_OBJ_CORE, unsigned(core));
  if (!obj) obj = hwloc_get_obj_by_type(t, HWLOC_OBJ_PU, unsigned(core));
  if (!obj) throw std::runtime_error("machine has no core #" + std::to_string(core));
  return obj;
}
}  // namespace

int core_pu(int core) { return hwloc_bitmap_first(core_obj(core)->cpuset); }

int pin_thread_to_core(int core) {
  hwloc_topology_t t = hwloc().topo;
  hwloc_obj_t obj = core_obj(core);
  // One PU of the core: SMT siblings add no FMA pipes or load ports.
  hwloc_bitmap_t set = hwloc_bitmap_dup(obj->cpuset);
  hwloc_bitmap_singlify(set);
  const int pu = hwloc_bitmap_first(set);
  const int rc = hwloc_set_cpubind(t, set, HWLOC_CPUBIND_THREAD);
  hwloc_bitmap_free(set);
  if (rc != 0) throw std::runtime_error("hwloc_set_cpubind failed for core #" + std::to_string(core));
  return pu;
}

CpuBinding current_binding() {
  CpuBinding b;
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  if (hwloc_get_cpubind(hwloc().topo, set, HWLOC_CPUBIND_THREAD) == 0) {
    unsigned i;
    hwloc_bitmap_foreach_begin(i, set) b.pus.push_back(int(i));
    hwloc_bitmap_foreach_end();
  }
  hwloc_bitmap_free(set);
  return b;
}

void restore_binding(const CpuBinding& b) {
  if (b.pus.empty()) return;
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  for (int pu : b.pus) hwloc_bitmap_set(set, unsigned(pu));
  hwloc_set_cpubind(hwloc().topo, set, HWLOC_CPUBIND_THREAD);
  hwloc_bitmap_free(set);
}

std::string pin_process_to_cores(int threads) {
  const int cores = host_topology().cores;
  if (threads > cores)
    throw std::runtime_error(fmt::format("{} threads asked for, but this machine has {} cores", threads, cores));
  hwloc_bitmap_t set = hwloc_bitmap_alloc();
  for (int i = 0; i < threads; ++i) hwloc_bitmap_set(set, unsigned(core_pu(i)));
  const int rc = hwloc_set_cpubind(hwloc().topo, set, HWLOC_CPUBIND_PROCESS);
  char* text = nullptr;
  hwloc_bitmap_list_asprintf(&text, set);
  const std::string where =
      fmt::format("cores {} (PUs {})", threads == 1 ? "0" : fmt::format("0-{}", threads - 1), text ? text : "?");
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

json environment(const std::string& machine) {
  const CpuId id = cpu_id();
  const Topology& topo = host_topology();
  json caches = json::object();
  for (const char* level : {"L1d", "L2", "L3"}) {
    const CacheLevel* c = topo.find(level);
    caches[level] = c ? json(c->size) : json(nullptr);
  }
  const std::string src = HOTOPS_SOURCE_DIR;
  std::string commit = command_output("git -C '" + src + "' rev-parse HEAD 2>/dev/null");
  // Dirty means the code differs from the commit; measured outputs (results/, reports/) do not count,
  // or re-measuring a committed ceilings file would mark every later run dirty.
  std::string dirty = command_output("git -C '" + src +
                                     "' status --porcelain --untracked-files=no -- . ':!results' ':!reports' 2>/dev/null");
  if (commit.empty() && std::getenv("HOTOPS_GIT_COMMIT")) {  // a bundle run away from its source tree
    commit = std::getenv("HOTOPS_GIT_COMMIT");
    dirty = std::getenv("HOTOPS_GIT_DIRTY") && std::string(std::getenv("HOTOPS_GIT_DIRTY")) == "1" ? "dirty" : "";
  }
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return {{"machine", machine},
          {"date", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now))},
          {"cpu",
           {{"model", id.brand},
            {"vendor", id.vendor},
            {"family", id.family},
            {"model_id", id.model},
            {"stepping", id.stepping},
            {"features", feature_names(host_features())},
            {"cores", topo.cores},
            {"pus", topo.pus},
            {"caches", caches},
            {"governor", optional_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")},
            {"boost", optional_line("/sys/devices/system/cpu/cpufreq/boost")},
            {"smt", optional_line("/sys/devices/system/cpu/smt/control")}}},
          {"topology", topo.to_json()},
          {"os", {{"kernel", kernel_release()}, {"hypervisor", hypervisor()}}},
          {"build",
           {{"compiler", HOTOPS_COMPILER},
            {"flags", HOTOPS_CXX_FLAGS},
            {"build_type", HOTOPS_BUILD_TYPE},
            {"peers", HOTOPS_PEERS}}},
          {"git", {{"commit", commit.empty() ? "unknown" : commit}, {"dirty", !dirty.empty()}}},
          {"libraries", libraries()},
          {"gpu", gpus()}};
}

json staleness_key() {
  return {{"cpu", cpu_string()}, {"compiler", HOTOPS_COMPILER}, {"kernel", kernel_release()}};
}

json device_staleness_key() {
  const std::vector<GpuInfo> g = gpu_devices();
  if (g.empty()) return nullptr;
  return {{"gpu", g[0].name}, {"pci_bus_id", g[0].pci_bus_id}, {"driver", g[0].driver_version},
          {"cuda_runtime", g[0].runtime_version}};
}

}  // namespace hotops::measure
