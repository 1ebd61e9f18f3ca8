#include "interpreter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace mpc {
namespace {

// A base interpreter (an empty file standing for /usr/bin/python3.11) and a venv
// made from it: bin/python a symlink to the base, pyvenv.cfg at the venv's top.
class VenvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("mpconform-venv-test-" + std::to_string(getpid()));
    fs::create_directories(root / "base");
    fs::create_directories(root / "venv/bin");
    std::ofstream(root / "base/python3.11") << "";
    std::ofstream(root / "venv/pyvenv.cfg") << "home = " << (root / "base").string() << "\n";
    fs::create_symlink(root / "base/python3.11", root / "venv/bin/python");
    built = {{"3.11.2", fs::canonical(root / "base/python3.11").string(), "runner-3.11", true, ""}};
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path root;
  std::vector<Interpreter> built;
};

TEST_F(VenvTest, VenvIsFoundFromItsPython) {
  EXPECT_EQ(venv_of((root / "venv/bin/python").string()), (root / "venv").string());
  EXPECT_EQ(venv_of((root / "base/python3.11").string()), "");
}

TEST_F(VenvTest, VenvPythonKeepsItsPathAndUsesTheBaseRunner) {
  auto chosen = select_interpreters(built, {(root / "venv/bin/python").string()});
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].runner, "runner-3.11");
  EXPECT_EQ(chosen[0].executable, (root / "venv/bin/python").string());  // not resolved to the base
  EXPECT_EQ(chosen[0].venv, (root / "venv").string());
}

TEST_F(VenvTest, BaseAndVenvOfOneVersionInOneRunAreRefused) {
  EXPECT_THROW(select_interpreters(built, {"3.11", (root / "venv/bin/python").string()}), std::runtime_error);
}

TEST_F(VenvTest, BaseGivenTwiceIsOneInterpreter) {
  EXPECT_EQ(select_interpreters(built, {"3.11", (root / "base/python3.11").string()}).size(), 1u);
}

}  // namespace
}  // namespace mpc
