// One problem's operands, filled with one input kind, that any variant of the family runs
// on (benchdnn's execute → check → perf): tensors by role, an execution context, reset() for
// steps that update their own state, and named per-output checks against the fp64 reference.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.h"
#include "core/problem.h"
#include "core/tensor.h"
#include "core/variant.h"

namespace hotops {

class Family;

// Where and how a call runs: its threads (own CPU kernels get rows split across them by the
// family; peers get the count), and the device stream of a device variant.
struct Context {
  int threads = 1;
  void* stream = nullptr;  // cudaStream_t for device variants; null = the default stream
};

class Case {
 public:
  Case(const Family& f, Problem p, std::string input, uint64_t seed, Context ctx);

  const Family& family() const { return family_; }
  const Problem& problem() const { return problem_; }
  const std::string& input() const { return input_; }
  uint64_t seed() const { return seed_; }
  const Context& context() const { return ctx_; }

  Tensor& tensor(std::string_view role);
  const Tensor& tensor(std::string_view role) const;
  // The operand's data where the running variant computes: host memory, or the device
  // mirror while a device variant runs.
  template <class T>
  T* ptr(std::string_view role) {
    return static_cast<T*>(data(role));
  }
  // Named scalars a family's fill() derives from the data (e.g. a quantization scale).
  double& scalar(const std::string& name) { return scalars_[name]; }
  double scalar(const std::string& name) const;
  // The variant's workspace (Variant::workspace bytes), allocated by prepare().
  void* workspace() { return workspace_.data(); }

  size_t footprint_bytes(const Variant* v = nullptr) const;  // operands (+ the variant's workspace)

  void prepare(const Variant& v);    // workspace and device copies: all run() needs, before timing
  void run(const Variant& v);        // the kernel once: no allocation, no I/O
  void reset();                      // state operands back to their filled values
  CheckResult check(const Variant& v);  // reset, poison outputs, run, compare each output

 private:
  void* data(std::string_view role);

  const Family& family_;
  Problem problem_;
  std::string input_;
  uint64_t seed_;
  Context ctx_;
  std::vector<Tensor> tensors_;
  std::map<std::string, double> scalars_;
  std::map<std::string, std::vector<std::byte>> pristine_;  // state operands as filled
  Buffer<std::byte> workspace_;
  Device running_ = Device::cpu;
  bool device_ready_ = false;
  std::vector<Expected> expected_;  // the fp64 reference, computed on the first check
};

}  // namespace hotops
