#include "cell_env.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mpc {
namespace {

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

TEST(CellEnvTest, CallersPythonVariablesNeverReachTheCell) {
  auto env = cell_environment({"PATH=/bin", "PYTHONUNBUFFERED=1", "PYTHONPATH=/evil",
                               "PYTHONDONTWRITEBYTECODE=1", "MPCONFORM_CHANNEL=/old", "HOME=/root"},
                              {"/src/hooks", "/src/fixtures", "/tmp/ch.jsonl", "MPCONFORM_CELL=1-1", {"THREADS=8"}});
  EXPECT_TRUE(has(env, "PATH=/bin"));
  EXPECT_TRUE(has(env, "HOME=/root"));
  EXPECT_FALSE(has(env, "PYTHONUNBUFFERED=1"));
  EXPECT_FALSE(has(env, "PYTHONPATH=/evil"));
  EXPECT_FALSE(has(env, "PYTHONDONTWRITEBYTECODE=1"));
  EXPECT_FALSE(has(env, "MPCONFORM_CHANNEL=/old"));
  EXPECT_TRUE(has(env, "PYTHONPATH=/src/hooks:/src/fixtures"));
  EXPECT_TRUE(has(env, "MPCONFORM_KNOB_THREADS=8"));
  EXPECT_TRUE(has(env, "PYTHONHASHSEED=0"));
  EXPECT_TRUE(has(env, "MPCONFORM_CHANNEL=/tmp/ch.jsonl"));
  EXPECT_TRUE(has(env, "MPCONFORM_CELL=1-1"));
}

TEST(CellEnvTest, RelevantEntriesAreThePythonOnes) {
  auto rel = relevant_entries({"PATH=/bin", "PYTHONHASHSEED=0", "MPCONFORM_CELL=x"});
  EXPECT_EQ(rel, (std::vector<std::string>{"PYTHONHASHSEED=0", "MPCONFORM_CELL=x"}));
}

}  // namespace
}  // namespace mpc
