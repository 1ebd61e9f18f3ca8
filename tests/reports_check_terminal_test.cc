// `check`'s terminal output from a check.json made by hand.
#include <gtest/gtest.h>

#include "check_terminal.h"

using nlohmann::json;

namespace mpc {
namespace {

json check_doc() {
  return {
      {"program", "prog.py"},
      {"args", {"--n", "3"}},
      {"baseline", {{"python", "3.11.2"}, {"method", "fork"}}},
      {"chooses_own_method", nullptr},
      {"cells",
       {{{"python", "3.11.2"}, {"method", "fork"}, {"outcome", "ok"}, {"status", "baseline"}, {"meaningless", false}},
        {{"python", "3.11.2"}, {"method", "spawn"}, {"outcome", "pickling-error"}, {"status", "break"},
         {"meaningless", false}}}},
      {"breaks",
       {{{"python", "3.11.2"},
         {"method", "spawn"},
         {"resolved_method", "spawn"},
         {"outcome", "pickling-error"},
         {"cause", "f.<locals>.g (local function, defined at prog.py:3) cannot be pickled"},
         {"remedy", "move `g` to module level"},
         {"default_on", {"macOS >= 3.8", "Windows"}}}}},
      {"verdict", "breaks in 1 of 2 cells (3.11.2 spawn): the default on macOS >= 3.8, Windows"}};
}

TEST(CheckTerminalTest, TableBreaksAndVerdict) {
  const std::string out = render_check_terminal(check_doc());
  EXPECT_NE(out.find("check prog.py --n 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("python    fork            spawn\n3.11.2    ok (baseline)   pickling-error\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  3.11.2 spawn: pickling-error  [the default on macOS >= 3.8, Windows]\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("    cause:  f.<locals>.g"), std::string::npos) << out;
  EXPECT_NE(out.find("    remedy: move `g` to module level\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nverdict: breaks in 1 of 2 cells"), std::string::npos) << out;
}

TEST(CheckTerminalTest, OutputDifferenceShownAsLinesLostAndGained) {
  json doc = check_doc();
  doc["breaks"][0]["outcome"] = "ok";
  doc["breaks"][0]["output_difference"] = {{"stdout_missing", {"child sees MODE = production"}},
                                           {"stdout_extra", {"child sees MODE = unset"}},
                                           {"stderr_missing", json::array()},
                                           {"stderr_extra", {"a warning"}}};
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("      - child sees MODE = production\n      + child sees MODE = unset\n"
                     "      + stderr: a warning\n"),
            std::string::npos) << out;
}

TEST(CheckTerminalTest, OwnMethodIsSaid) {
  json doc = check_doc();
  doc["chooses_own_method"] = {{"file", "prog.py"}, {"line", 11}, {"call", "set_start_method"},
                               {"method", "spawn"}, {"meaningless_cells", {{{"python", "3.11.2"}, {"method", "fork"}}}}};
  doc["cells"][0]["meaningless"] = true;
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("the program chooses its method itself at prog.py:11 (set_start_method \"spawn\")"),
            std::string::npos) << out;
  EXPECT_NE(out.find("ok (baseline) ~"), std::string::npos) << out;
}

}  // namespace
}  // namespace mpc
