// Which problems each attention variant serves, and the workspace it needs (scratch.h layouts).
#include <fmt/format.h>
#include <unistd.h>

#include "attention/config.h"
#include "attention/scratch.h"

namespace hotops::attention {
namespace {

double physical_memory() { return double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE)); }

std::string too_big(const Problem& p, size_t bytes) {  // n·kv scores per slot beyond half the memory
  const double budget = physical_memory() / 2;
  if (double(bytes) <= budget) return "";
  const Config c = config(p);
  return fmt::format("its score matrices (n·kv = {}·{} f32 per head, {} head(s) at a time) need {:.1f} GiB, more than "
                     "half of this machine's {:.1f} GiB", c.n, c.nk, slots(c.heads), bytes / 1073741824.0,
                     physical_memory() / 1073741824.0);
}

std::string common(const Config& c) {  // what no score-map variant of this family serves
  if (c.kind == Kind::linear) return "linear attention has no score matrix (the linear variants serve it)";
  if (c.backward && c.kind == Kind::softplus) return "no backward for softplus attention in this family";
  return "";
}

}  // namespace

std::string reason_flash(const Problem& p) {
  const Config c = config(p);
  if (c.bf16) return "bf16 inputs: flash__avx512bf16 serves them";
  return common(c);
}

std::string reason_bf16_flash(const Problem& p) {
  const Config c = config(p);
  if (!c.bf16) return "f32 inputs: the f32 flash variants serve them";
  if (c.backward) return "bf16 forward only (the backward is f32)";
  return common(c);
}

std::string reason_materialized(const Problem& p) {
  const Config c = config(p);
  if (c.bf16) return "f32 only (bf16 inputs: flash__avx512bf16)";
  if (std::string why = common(c); !why.empty()) return why;
  return too_big(p, workspace_materialized(p));
}

std::string reason_linear(const Problem& p) {
  const Config c = config(p);
  if (c.kind != Kind::linear) return fmt::format("kind={}: the linear variants serve kind=linear only", kind_name(c.kind));
  if (c.bf16) return "f32 only";
  if (c.backward) return "no backward for linear attention in this family";
  if (c.causal && c.nk != c.n) return "causal linear attention needs kv = n (its chunks carry one state)";
  return "";
}

std::string reason_onednn(const Problem& p) {
  const Config c = config(p);
  if (c.kind != Kind::softmax || c.backward || c.causal || c.bf16 || c.lse)
    return "the composed oneDNN peer is softmax attention, forward, f32, without mask, O only (lse=false)";
  return too_big(p, workspace_onednn(p));
}

size_t workspace_flash(const Problem& p) {
  const Config c = config(p);
  Carve carve(nullptr);
  if (c.backward) BackwardBuffers(carve, c.n, c.nk, c.d, kWidest, kWidest.Bc);
  else if (c.bf16) FlashBf16Buffers(carve, c.nk, c.d, kWidest);
  else FlashFwdBuffers(carve, c.nk, c.d, kWidest);
  return carve.used() * size_t(slots(c.heads));
}

size_t workspace_materialized(const Problem& p) {
  const Config c = config(p);
  Carve carve(nullptr);
  MaterializedBuffers(carve, c.n, c.nk, c.d, kWidest, c.backward);
  if (c.backward) BackwardBuffers(carve, c.n, c.nk, c.d, kWidest, c.nk);
  return carve.used() * size_t(slots(c.heads));
}

size_t workspace_linear(const Problem& p) {
  const Config c = config(p);
  Carve carve(nullptr);
  LinearBuffers(carve, c.n, c.nk, c.d, kWidest);
  return carve.used() * size_t(slots(c.heads));
}

size_t workspace_onednn(const Problem& p) {  // one head's scores at a time
  const Config c = config(p);
  return size_t(c.n) * size_t(c.nk) * sizeof(float);
}

}  // namespace hotops::attention
