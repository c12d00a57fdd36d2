// Median and spread of repeated measurements.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

namespace hotops::measure {

struct Summary {
  double median = 0, min = 0, max = 0;
  double spread = 0;  // (max - min) / median
  std::vector<double> samples;
  nlohmann::json to_json() const;
};

// Throws std::invalid_argument on an empty sample set.
Summary summarize(std::vector<double> samples);

}  // namespace hotops::measure
