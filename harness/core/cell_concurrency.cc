#include "cell_concurrency.h"

#include <fstream>

namespace mpc {

std::optional<double> read_load_1min(const std::string& path) {
  std::ifstream in(path);
  double load = 0;
  if (!(in >> load)) return std::nullopt;
  return load;
}

nlohmann::json concurrency_json(const CellConcurrency& c) {
  return {{"alone", c.alone},
          {"alone_because", c.alone ? nlohmann::json(c.alone_because) : nlohmann::json(nullptr)},
          {"cells_beside", c.cells_beside},
          {"slots", c.slots},
          {"load_1min", c.load_1min ? nlohmann::json(*c.load_1min) : nlohmann::json(nullptr)},
          {"waited_s", c.waited_s},
          {"wall_s", c.wall_s},
          {"rerun_alone", c.rerun_alone_because.empty()
                              ? nlohmann::json(nullptr)
                              : nlohmann::json{{"because", c.rerun_alone_because},
                                               {"first_outcome", c.beside_outcome},
                                               {"first_cells_beside", c.beside_cells}}}};
}

}  // namespace mpc
