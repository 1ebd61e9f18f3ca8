#include "hang_stats.h"

#include <algorithm>
#include <cmath>

namespace mpc {

RateInterval wilson_interval(int hits, int runs, double z) {
  if (runs <= 0) return {0, 0, 1};
  const double n = runs, p = static_cast<double>(hits) / n, z2 = z * z;
  const double denom = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  // Rounding can leave the bound a hair inside the rate (1 - 1e-16 for 10 of 10);
  // the interval must always contain the measured rate.
  return {p, std::min(p, std::max(0.0, center - half)), std::max(p, std::min(1.0, center + half))};
}

Distribution distribution_of(std::vector<double> v) {
  Distribution d;
  d.count = static_cast<int>(v.size());
  if (v.empty()) return d;
  std::sort(v.begin(), v.end());
  // Nearest-rank quantiles: every reported value is one that was measured.
  auto rank = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(q * v.size())) - (q > 0 ? 1 : 0))]; };
  d.min = v.front();
  d.median = rank(0.5);
  d.p90 = rank(0.9);
  d.max = v.back();
  return d;
}

}  // namespace mpc
