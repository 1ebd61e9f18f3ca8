// check.json documents made by hand for the tests of the reports drawn from it
// (findings, GitHub annotations, the job summary, SARIF): shaped as
// reports/check-schema.md says, with the program in /ws/app.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mpc::samples {

inline nlohmann::json cell(const std::string& method, const std::string& outcome, const std::string& status) {
  return {{"python", "3.11.2"}, {"method", method}, {"resolved_method", method}, {"outcome", outcome},
          {"status", status}, {"meaningless", false}, {"name", "3.11.2/" + method}, {"hazards", nlohmann::json::array()}};
}

inline nlohmann::json pickling_break(const std::string& method) {
  return {{"python", "3.11.2"},
          {"method", method},
          {"resolved_method", method},
          {"outcome", "pickling-error"},
          {"cause", "run.<locals>.producer (local function, defined at prog.py:7) cannot be pickled; sent by "
                    "Process.start at prog.py:12"},
          {"culprit", {{"name", "run.<locals>.producer"}, {"kind", "local function"}, {"file", "prog.py"},
                       {"line", 7}, {"path", "Process._target"}}},
          {"sent_by", {{"call", "Process.start"}, {"file", "prog.py"}, {"line", 12}}},
          {"module_level_line", nullptr},
          {"remedy", "move `producer` to module level"},
          {"default_on", method == "spawn" ? nlohmann::json{"macOS >= 3.8", "Windows"} : nlohmann::json{"Linux >= 3.14"}},
          {"causes", nlohmann::json::array()},
          {"meaningless", false}};
}

// fork works; spawn and forkserver break on one local function (one finding);
// the fork cell has a hazard; default (fork) is the same.
inline nlohmann::json two_breaks() {
  nlohmann::json fork = cell("fork", "ok", "baseline");
  fork["hazards"] = {{{"kind", "random_state_shared"},
                      {"sentence", "4 fork children started with the same NumPy global random state, seeded at "
                                   "lib/seed.py:11 `np.random.seed(0)`: they draw the same numbers"},
                      {"lines", {{{"file", "lib/seed.py"}, {"line", 11}}}},
                      {"remedy", "seed each worker differently"}}};
  return {{"schema", 1},
          {"program", "prog.py"},
          {"args", {"--n", "3"}},
          {"cwd", "/ws/app"},
          {"baseline", {{"python", "3.11.2"}, {"method", "fork"}}},
          {"chooses_own_method", nullptr},
          {"cells", {fork, cell("spawn", "pickling-error", "break"), cell("forkserver", "pickling-error", "break"),
                     cell("default", "ok", "same")}},
          {"breaks", {pickling_break("spawn"), pickling_break("forkserver")}},
          {"fails_before_multiprocessing", nullptr},
          {"tests", nullptr},
          {"differing_tests", nullptr},
          {"verdict", "breaks in 2 of 4 cells (3.11.2 spawn, 3.11.2 forkserver)"}};
}

}  // namespace mpc::samples
