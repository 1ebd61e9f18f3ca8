#include "cell_concurrency.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace mpc {
namespace {

TEST(CellConcurrencyTest, ReadsTheFirstFieldOfLoadavg) {
  const std::string path = testing::TempDir() + "/loadavg";
  std::ofstream(path) << "0.27 0.61 0.90 2/143 31337\n";
  ASSERT_TRUE(read_load_1min(path));
  EXPECT_DOUBLE_EQ(*read_load_1min(path), 0.27);
  std::remove(path.c_str());
  EXPECT_FALSE(read_load_1min(path));
  EXPECT_TRUE(read_load_1min());  // this machine's own (Linux)
}

TEST(CellConcurrencyTest, EvidenceNamesWhyItRanAlone) {
  CellConcurrency c;
  c.alone = true;
  c.alone_because = "race-prone";
  c.slots = 2;
  c.load_1min = 0.5;
  nlohmann::json j = concurrency_json(c);
  EXPECT_EQ(j["alone"], true);
  EXPECT_EQ(j["alone_because"], "race-prone");
  EXPECT_EQ(j["cells_beside"], 0);
  EXPECT_EQ(j["slots"], 2);
  EXPECT_EQ(j["load_1min"], 0.5);
  EXPECT_EQ(j["waited_s"], 0.0);
  EXPECT_EQ(j["wall_s"], 0.0);
  CellConcurrency beside;
  beside.cells_beside = 1;
  j = concurrency_json(beside);
  EXPECT_TRUE(j["alone_because"].is_null());
  EXPECT_TRUE(j["load_1min"].is_null());
}

}  // namespace
}  // namespace mpc
