#include "results.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace hotops {
namespace fs = std::filesystem;
namespace {

std::runtime_error os_error(const std::string& what, const fs::path& path, int err) {
  return std::runtime_error(fmt::format("{} {}: {}", what, path.string(), std::strerror(err)));
}

// A file being written in `dir` before it has its name. Anonymous (O_TMPFILE) where the
// file system supports it, so a killed process leaves nothing; else a hidden named
// temporary. Until commit(), the destructor removes whatever name it has.
class PendingFile {
 public:
  PendingFile(const fs::path& dir, const fs::path& final_path) : final_(final_path) {
    // Naming an anonymous file goes through /proc/self/fd (absent in a bare chroot).
    if (::access("/proc/self/fd", X_OK) == 0) fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      name_ = dir / fmt::format(".{}.{}.tmp", final_path.filename().string(), ::getpid());
      fd_ = ::open(name_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
      if (fd_ < 0) {
        name_.clear();
        throw os_error("cannot write", final_, errno);
      }
    } else {
      const mode_t mask = ::umask(0);  // some kernels skip the umask for O_TMPFILE
      ::umask(mask);
      ::fchmod(fd_, 0666 & ~mask);
    }
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !name_.empty()) ::unlink(name_.c_str());
  }

  void write_all(const std::string& text) {
    const char* p = text.data();
    size_t left = text.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw os_error("cannot write", final_, errno);
      p += n, left -= size_t(n);
    }
    if (::fsync(fd_) != 0) throw os_error("cannot write", final_, errno);
  }

  // Gives the file the name `target` (instead of the one it has); false when that name
  // is taken: a link never replaces.
  bool move_to(const fs::path& target) {
    const int rc = name_.empty() ? ::linkat(AT_FDCWD, fmt::format("/proc/self/fd/{}", fd_).c_str(), AT_FDCWD,
                                            target.c_str(), AT_SYMLINK_FOLLOW)
                                 : ::link(name_.c_str(), target.c_str());
    if (rc != 0 && errno == EEXIST) return false;
    if (rc != 0) throw os_error("cannot move result into place at", target, errno);
    if (!name_.empty()) ::unlink(name_.c_str());
    name_ = target;
    return true;
  }
  void commit() { committed_ = true; }

 private:
  fs::path final_, name_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

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

std::string publish_together(const fs::path& dir, const std::string& stem, const std::vector<OutputFile>& files) {
  if (files.empty()) throw std::invalid_argument("publish_together: no files");
  std::vector<std::unique_ptr<PendingFile>> pending;
  for (const OutputFile& f : files) {
    pending.push_back(std::make_unique<PendingFile>(dir, dir / (stem + f.suffix)));
    pending.back()->write_all(f.text);
  }
  // Names are tried in turn; a file already moved under a name that turns out to be taken
  // for its partner moves on with it. The first file is named last.
  for (int attempt = 1; attempt <= 1000; ++attempt) {
    const std::string name = attempt == 1 ? stem : fmt::format("{}-{}", stem, attempt);
    bool taken = false;
    for (size_t i = files.size(); i-- > 0 && !taken;) taken = !pending[i]->move_to(dir / (name + files[i].suffix));
    if (taken) continue;
    for (auto& p : pending) p->commit();
    return name;
  }
  throw std::runtime_error(fmt::format("no free name for {} in {} after 1000 tries", stem, dir.string()));
}

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
