// The statistics `mpconform repro` reports: a hang rate with its 95% Wilson score
// interval (sound for small counts and for rates near 0 or 1, unlike p +- 2 sigma),
// and the distribution of the time it took each run to hang.
#pragma once
#include <vector>

namespace mpc {

struct RateInterval {
  double rate = 0, low = 0, high = 0;
};

// hits out of runs; runs == 0 gives the uninformative [0, 1].
RateInterval wilson_interval(int hits, int runs, double z = 1.959964);

struct Distribution {
  int count = 0;
  double min = 0, median = 0, p90 = 0, max = 0;
};

Distribution distribution_of(std::vector<double> values);

}  // namespace mpc
