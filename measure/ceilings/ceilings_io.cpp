// Storage of ceilings: atomic writes, loading with corruption and staleness checks.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "measure/ceilings/ceilings.h"
#include "measure/machine.h"

namespace hotops::measure {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string system_error(const std::string& what, const std::string& path) {
  return "cannot " + what + " '" + path + "': " + std::strerror(errno);
}

std::string temp_path_for(const std::string& path) {
  return path + ".tmp." + std::to_string(getpid());
}

// Creates the parent directory of `path` if needed; empty or the error.
std::string ensure_parent(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return {};
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return "cannot create directory '" + parent.string() + "': " + ec.message();
  return {};
}

// Device entries measured on another GPU, driver or runtime than this machine's go; the
// CPU entries stay (the staleness key of the file is the CPU's).
void drop_stale_device_entries(json& c) {
  if (!c.contains("device_staleness_key")) return;
  const json now = device_staleness_key();
  const std::string d = staleness_difference(c["device_staleness_key"], now.is_null() ? json{{"gpu", nullptr}} : now);
  if (d.empty()) return;
  for (const char* section : {"compute", "bandwidth"}) c[section] = cpu_entries(c[section]);
  c["device_dropped"] = "device entries measured on another setup (" + d + ")";
}

}  // namespace

json cpu_entries(const json& section) {
  json kept = json::array();
  for (const json& e : section)
    if (e.value("device", "cpu") == "cpu") kept.push_back(e);
  return kept;
}

std::string check_writable(const std::string& path) {
  if (path.empty()) return "no output path given";
  if (fs::is_directory(path)) return "'" + path + "' is a directory, expected a file path";
  if (std::string e = ensure_parent(path); !e.empty()) return e;
  const std::string tmp = temp_path_for(path);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return system_error("write to", tmp);
  close(fd);
  unlink(tmp.c_str());
  return {};
}

void write_json_atomic(const std::string& path, const json& j) {
  if (std::string e = ensure_parent(path); !e.empty()) throw std::runtime_error(e);
  const std::string tmp = temp_path_for(path);
  const std::string text = j.dump(2) + "\n";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error(system_error("write", tmp));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string e = system_error("write", tmp);
      close(fd);
      unlink(tmp.c_str());
      throw std::runtime_error(e);
    }
    done += size_t(n);
  }
  // Data on disk before the rename makes it visible: a crash leaves old or new, never half.
  if (fsync(fd) != 0 || close(fd) != 0) {
    const std::string e = system_error("flush", tmp);
    unlink(tmp.c_str());
    throw std::runtime_error(e);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string e = system_error("rename " + tmp + " to", path);
    unlink(tmp.c_str());
    throw std::runtime_error(e);
  }
}

std::string staleness_difference(const json& stored, const json& current) {
  std::string diff;
  for (const auto& [key, value] : current.items()) {
    const json old = stored.is_object() && stored.contains(key) ? stored.at(key) : json();
    if (old != value) {
      if (!diff.empty()) diff += "; ";
      diff += key + ": " + (old.is_null() ? std::string("(none)") : old.dump()) + " -> " + value.dump();
    }
  }
  return diff;
}

json load_ceilings(const std::string& path, std::string* reason) {
  return load_ceilings(path, staleness_key(), reason);
}

json load_ceilings(const std::string& path, const json& current_key, std::string* reason) {
  std::string why;
  json result;
  std::ifstream in(path);
  if (!fs::exists(path)) {
    why = "missing: no ceilings file at '" + path + "' (run: hotops-ceilings --out " + path + ")";
  } else if (!in) {
    why = "unreadable: " + system_error("read", path);
  } else {
    std::stringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      why = "corrupt: '" + path + "' is not valid JSON";
    } else if (!j.is_object() || j.value("schema", "") != "hotops-ceilings") {
      why = "corrupt: '" + path + "' is not a hotops ceilings file (no \"schema\": \"hotops-ceilings\")";
    } else if (j.value("schema_version", -1) != kCeilingsSchemaVersion) {
      why = "stale: schema_version " + j.value("schema_version", json(nullptr)).dump() + ", this build reads " +
            std::to_string(kCeilingsSchemaVersion);
    } else if (!j.contains("staleness_key") || !j.contains("compute") || !j.contains("bandwidth") ||
               !j["compute"].is_array() || !j["bandwidth"].is_array()) {
      why = "corrupt: '" + path + "' lacks staleness_key, compute or bandwidth";
    } else if (std::string d = staleness_difference(j["staleness_key"], current_key); !d.empty()) {
      why = "stale: measured on a different setup (" + d + "); re-run hotops-ceilings --force";
    } else {
      result = std::move(j);
      drop_stale_device_entries(result);
    }
  }
  if (reason) *reason = why;
  return result;
}

namespace {
template <class Match>
const json* find_entry(const json& ceilings, const char* section, Match match) {
  if (!ceilings.is_object() || !ceilings.contains(section)) return nullptr;
  for (const json& e : ceilings[section])
    if (e.contains("value") && match(e)) return &e;
  return nullptr;
}
bool on_device(const json& e) { return e.value("device", "cpu") != "cpu"; }
}  // namespace

const json* find_compute(const json& ceilings, const std::string& name, int threads) {
  return find_entry(ceilings, "compute", [&](const json& e) {
    return !on_device(e) && e.value("name", "") == name && e.value("threads", 0) == threads;
  });
}

const json* find_bandwidth(const json& ceilings, const std::string& level, const std::string& kernel, int threads) {
  return find_entry(ceilings, "bandwidth", [&](const json& e) {
    return !on_device(e) && e.value("level", "") == level && e.value("kernel", "") == kernel &&
           e.value("threads", 0) == threads;
  });
}

const json* find_device_compute(const json& ceilings, const std::string& name) {
  return find_entry(ceilings, "compute", [&](const json& e) { return on_device(e) && e.value("name", "") == name; });
}

const json* find_device_bandwidth(const json& ceilings, const std::string& level, const std::string& kernel) {
  return find_entry(ceilings, "bandwidth", [&](const json& e) {
    return on_device(e) && e.value("level", "") == level && e.value("kernel", "") == kernel;
  });
}

}  // namespace hotops::measure
