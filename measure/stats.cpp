#include "measure/stats.h"

#include <algorithm>
#include <stdexcept>

namespace hotops::measure {

Summary summarize(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("summarize: no samples");
  Summary s;
  s.samples = samples;
  std::sort(samples.begin(), samples.end());
  const size_t n = samples.size();
  s.median = n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
  s.min = samples.front();
  s.max = samples.back();
  s.spread = s.median > 0 ? (s.max - s.min) / s.median : 0;
  return s;
}

nlohmann::json Summary::to_json() const {
  return {{"median", median}, {"min", min}, {"max", max}, {"spread", spread}, {"samples", samples}};
}

}  // namespace hotops::measure
