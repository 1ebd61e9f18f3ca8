#include "interpreter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
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

// pythonX.Y as `--python X.Y` finds it: PATH first, pyenv's shims passed over for
// the versions they point to.
class PythonOnPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("mpconform-path-test-" + std::to_string(getpid()));
    for (const char* v : {"3.12.1", "3.12.3", "3.13.0"}) program(root / "pyenv/versions" / v / "bin" / (std::string("python") + std::string(v).substr(0, 4)));
    program(root / "pyenv/shims/python3.12");
    program(root / "bin/python3.11");
    saved_path = std::getenv("PATH") ? std::getenv("PATH") : "";
    saved_root = std::getenv("PYENV_ROOT") ? std::getenv("PYENV_ROOT") : "";
    setenv("PYENV_ROOT", (root / "pyenv").c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", saved_path.c_str(), 1);
    if (saved_root.empty()) unsetenv("PYENV_ROOT"); else setenv("PYENV_ROOT", saved_root.c_str(), 1);
    fs::remove_all(root);
  }
  static void program(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "#!/bin/sh\n";
    fs::permissions(p, fs::perms::owner_all);
  }
  fs::path root;
  std::string saved_path, saved_root;
};

TEST_F(PythonOnPathTest, FoundOnPathAsAShellWould) {
  setenv("PATH", ((root / "bin").string() + ":" + (root / "pyenv/shims").string()).c_str(), 1);
  EXPECT_EQ(python_on_path("3.11"), (root / "bin/python3.11").string());
}

TEST_F(PythonOnPathTest, PyenvShimsArePassedOverForTheNewestVersionTheyPointTo) {
  setenv("PATH", ((root / "pyenv/shims").string() + ":" + (root / "bin").string()).c_str(), 1);
  EXPECT_EQ(python_on_path("3.12"), (root / "pyenv/versions/3.12.3/bin/python3.12").string());
  EXPECT_EQ(python_on_path("3.12.1"), (root / "pyenv/versions/3.12.1/bin/python3.12").string());
  EXPECT_EQ(python_on_path("3.9"), "");
}

TEST_F(PythonOnPathTest, WithoutShimsOnPathPyenvIsNotSearched) {
  setenv("PATH", (root / "bin").c_str(), 1);
  EXPECT_EQ(python_on_path("3.13"), "");
}

}  // namespace
}  // namespace mpc
