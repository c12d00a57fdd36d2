#include "measure/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hotops::measure {
namespace {
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(pos), hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace

Summary summarize(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("summarize: no samples");
  Summary s;
  s.samples = samples;
  std::sort(samples.begin(), samples.end());
  const double n = double(samples.size());
  s.median = quantile(samples, 0.5), s.p20 = quantile(samples, 0.2), s.p80 = quantile(samples, 0.8);
  s.min = samples.front(), s.max = samples.back();
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  double ss = 0;
  for (double x : samples) ss += (x - s.mean) * (x - s.mean);
  s.stddev = samples.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  s.cv = s.mean > 0 ? s.stddev / s.mean : 0.0;
  s.spread = s.median > 0 ? (s.max - s.min) / s.median : 0;
  return s;
}

nlohmann::json Summary::to_json() const {
  return {{"median", median}, {"min", min}, {"max", max}, {"spread", spread}, {"samples", samples}};
}

}  // namespace hotops::measure
