#include "process_runs.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hotops {
namespace fs = std::filesystem;
namespace {

volatile sig_atomic_t g_child = 0;   // pid of the running child, 0 when none
volatile sig_atomic_t g_signal = 0;  // first signal received

void forward(int sig) {
  if (!g_signal) g_signal = sig;
  if (g_child > 0) ::kill(pid_t(g_child), sig);
}

// Signal handlers that forward to the child while the runs last; the old ones put back after.
class ForwardSignals {
 public:
  ForwardSignals() {
    struct sigaction sa {};
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &sa, &old_[i]);
  }
  ~ForwardSignals() {
    for (size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &old_[i], nullptr);
  }
  ForwardSignals(const ForwardSignals&) = delete;
  ForwardSignals& operator=(const ForwardSignals&) = delete;

 private:
  static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction old_[3];
};

// A private directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "hotops-runs-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      throw std::runtime_error(fmt::format("cannot make a temporary directory {}: {}", tmpl, std::strerror(errno)));
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

// Starts the child with stderr into `err`; returns its wait status.
int spawn_and_wait(const std::vector<std::string>& argv, const fs::path& err, const std::string& run_label,
                   const std::string& checks_from) {
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  const int fd = ::open(err.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", err.string(), std::strerror(errno)));
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot start a process run: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    ::dup2(fd, 2);
    struct sigaction dfl {};  // the forwarding handlers are not the child's
    dfl.sa_handler = SIG_DFL;
    for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &dfl, nullptr);
    ::setenv(kProcessRunEnv, run_label.c_str(), 1);  // the child names its run, not its temporary file
    if (checks_from.empty()) ::unsetenv(kChecksFromEnv);
    else ::setenv(kChecksFromEnv, checks_from.c_str(), 1);
    ::execv("/proc/self/exe", cargv.data());
    const std::string msg = fmt::format("hotops-bench: error: cannot run /proc/self/exe: {}\n", std::strerror(errno));
    (void)!::write(2, msg.data(), msg.size());
    ::_exit(127);
  }
  ::close(fd);
  g_child = pid;
  if (g_signal) ::kill(pid, g_signal);  // a signal that came just before the child existed
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_child = 0;
  return status;
}

}  // namespace

Interrupted::Interrupted(int sig)
    : std::runtime_error(fmt::format("interrupted by signal {} ({}); nothing written", sig, ::strsignal(sig))),
      signal(sig) {}

std::vector<ChildRun> run_children(const std::vector<std::string>& args, const std::string& machine,
                                   const std::vector<uint64_t>& seeds) {
  g_signal = 0;
  ForwardSignals forwarding;
  std::vector<ChildRun> out;
  {
    TempDir tmp;
    const int n = int(seeds.size());
    std::string checks_from;  // run 1's results file, whose verdicts the later runs adopt
    for (int k = 0; k < n && !g_signal; ++k) {
      const fs::path out_dir = tmp.path() / fmt::format("run-{}", k + 1);
      const fs::path err = tmp.path() / fmt::format("run-{}.stderr", k + 1);
      std::vector<std::string> argv = {"hotops-bench"};
      argv.insert(argv.end(), args.begin(), args.end());
      for (const std::string& a : {std::string("--out"), out_dir.string(), std::string("--seed"),
                                   std::to_string(seeds[k]), std::string("--process-runs"), std::string("1")})
        argv.push_back(a);
      fmt::print("hotops: process run {} of {} (seed {})\n", k + 1, n, seeds[k]);
      const int status = spawn_and_wait(argv, err, fmt::format("{} of {}", k + 1, n), checks_from);
      const std::string err_text = slurp(err);
      if (!err_text.empty()) {
        std::fputs(err_text.c_str(), stderr);
        std::fflush(stderr);
      }
      if (g_signal) break;
      const std::string what = fmt::format("process run {} of {} (seed {})", k + 1, n, seeds[k]);
      const std::string said = last_line(err_text);
      if (WIFSIGNALED(status))
        throw std::runtime_error(fmt::format("{} was killed by signal {} ({}){}; nothing written", what,
                                             WTERMSIG(status), ::strsignal(WTERMSIG(status)),
                                             said.empty() ? "" : ": " + said));
      const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      if (rc != 0 && rc != 3)
        throw std::runtime_error(fmt::format("{} failed with exit status {}{}; nothing written", what, rc,
                                             said.empty() ? "" : ": " + said));
      ChildRun c;
      c.seed = seeds[k];
      c.exit_code = rc;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(out_dir / machine, ec)) {
        const std::string name = e.path().filename().string();
        if (name.ends_with(".gbench.json")) c.gbench = slurp(e.path());
        else if (name.ends_with(".json")) {
          if (k == 0) checks_from = e.path().string();
          try {
            c.doc = nlohmann::json::parse(slurp(e.path()));
          } catch (const std::exception& ex) {
            throw std::runtime_error(fmt::format("{} wrote unreadable results: {}; nothing written", what, ex.what()));
          }
        }
      }
      if (!c.doc.is_object()) throw std::runtime_error(fmt::format("{} wrote no results; nothing written", what));
      out.push_back(std::move(c));
    }
  }  // temporaries gone before anything else can happen
  if (g_signal) throw Interrupted(g_signal);
  return out;
}

std::string merge_gbench(const std::vector<std::string>& files) {
  nlohmann::json merged;
  for (const std::string& text : files) {
    if (text.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(text);
    if (merged.is_null()) {
      merged = std::move(j);
      continue;
    }
    for (auto& b : j["benchmarks"]) merged["benchmarks"].push_back(std::move(b));
  }
  return merged.is_null() ? "" : merged.dump(2) + "\n";
}

}  // namespace hotops
