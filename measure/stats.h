// Summary statistics of repeated measurements (quantiles by linear interpolation), shared
// by the suite driver (time per call) and the ceilings tool (rates).
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

namespace hotops::measure {

struct Summary {
  double median = 0, p20 = 0, p80 = 0, mean = 0, min = 0, max = 0, stddev = 0;
  double cv = 0;      // stddev / mean
  double spread = 0;  // (max − min) / median
  std::vector<double> samples;  // in the order measured
  nlohmann::json to_json() const;  // median, min, max, spread, samples
};

// Throws std::invalid_argument on an empty sample set.
Summary summarize(std::vector<double> samples);

}  // namespace hotops::measure
