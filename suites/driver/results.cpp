#include "results.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace hotops {
namespace fs = std::filesystem;

void ensure_writable(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create results directory {}: {}", dir.string(), ec.message()));
  const fs::path probe = dir / fmt::format(".hotops-write-probe-{}", getpid());
  std::ofstream out(probe);
  if (!out) throw std::runtime_error(fmt::format("results directory {} is not writable: {}", dir.string(), std::strerror(errno)));
  out.close();
  fs::remove(probe, ec);
}

void write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + fmt::format(".{}.tmp", getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error(fmt::format("cannot move result into place at {}: {}", path.string(), ec.message()));
  }
}

void write_json_atomically(const fs::path& path, const nlohmann::json& j) { write_atomically(path, j.dump(1) + "\n"); }

nlohmann::json work_json(const Work& w) {
  return {{"elements", w.elements},
          {"flops", w.flops()},
          {"transcendentals", w.transcendentals()},
          {"ops", w.ops()},
          {"by_kind",
           {{"f32", w.f32}, {"bf16_dot", w.bf16_dot}, {"int8_mac", w.int8_mac}, {"int4_mac", w.int4_mac},
            {"exp", w.exp}, {"log", w.log}, {"tanh", w.tanh}, {"sqrt", w.sqrt}, {"div", w.div}}},
          {"bytes_read", w.bytes_read},
          {"bytes_written", w.bytes_written},
          {"bytes", w.bytes()}};
}

std::string utc_stamp() {
  return fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

}  // namespace hotops
