#include "stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotops {

static double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(pos);
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(std::vector<double> s) {
  std::sort(s.begin(), s.end());
  const double n = double(s.size());
  const double mean = std::accumulate(s.begin(), s.end(), 0.0) / n;
  double ss = 0;
  for (double x : s) ss += (x - mean) * (x - mean);
  const double sd = s.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  return {quantile(s, 0.5), quantile(s, 0.2), quantile(s, 0.8), mean, s.front(), sd, mean > 0 ? sd / mean : 0.0};
}

}  // namespace hotops
