#include "runner_build.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace mpc {
namespace {

bool has(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}
bool has_containing(const std::vector<std::string>& words, const std::string& part) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

// What describe_python.py says of a pyenv build (shared libpython).
PythonFacts pyenv(const std::string& version, const std::string& minor, const std::string& abi = "") {
  const std::string root = "/root/.pyenv/versions/" + version;
  return {version, root + "/bin/python" + minor, root, root + "/include/python" + minor + abi,
          root + "/lib", "libpython" + minor + abi + ".so", "-ldl -L" + root + "/lib -lm", "", "", ""};
}

// Debian's /usr/bin/python3.11: its executable is linked with libpython3.11.a.
PythonFacts debian_static() {
  return {"3.11.2", "/usr/bin/python3.11", "/usr", "/usr/include/python3.11", "/usr/lib/x86_64-linux-gnu",
          "libpython3.11.so", "-ldl -lm", "/usr/lib/python3.11/config-3.11-x86_64-linux-gnu/libpython3.11.a",
          "-Xlinker -export-dynamic -lz -lexpat \\ \\ -ldl -lm", ""};
}

// A sid build unpacked into a private sysroot, with its own glibc and loader.
PythonFacts sid() {
  const std::string usr = "/cache/sid/root/usr";
  return {"3.14.10", usr + "/bin/python3.14", usr, usr + "/include/python3.14", usr + "/lib/x86_64-linux-gnu",
          "libpython3.14.so", "-ldl -lm", usr + "/lib/python3.14/config-3.14-x86_64-linux-gnu/libpython3.14.a",
          "-lz -lexpat", usr + "/lib64/ld-linux-x86-64.so.2"};
}

TEST(RunnerBuildIdTest, StableForTheSameInputs) {
  EXPECT_EQ(runner_build_id("/p/python3.12", "10:1.5", "/p/libpython3.12.so", "20:2.5", "abc"),
            runner_build_id("/p/python3.12", "10:1.5", "/p/libpython3.12.so", "20:2.5", "abc"));
  EXPECT_EQ(runner_build_id("/p/python3.12", "10:1.5", "/p/lib.so", "20:2.5", "abc").size(), 16u);
}

TEST(RunnerBuildIdTest, ChangesWithTheInterpreterItsLibpythonAndTheSources) {
  const std::string base = runner_build_id("/p/python3.12", "10:1.5", "/p/lib.so", "20:2.5", "abc");
  EXPECT_NE(base, runner_build_id("/q/python3.12", "10:1.5", "/p/lib.so", "20:2.5", "abc"));  // another path
  EXPECT_NE(base, runner_build_id("/p/python3.12", "10:1.6", "/p/lib.so", "20:2.5", "abc"));  // rebuilt in place
  EXPECT_NE(base, runner_build_id("/p/python3.12", "10:1.5", "/p/lib.so", "21:2.5", "abc"));  // libpython upgraded
  EXPECT_NE(base, runner_build_id("/p/python3.12", "10:1.5", "/p/lib.so", "20:2.5", "abd"));  // new runner sources
  // Fields cannot run into each other.
  EXPECT_NE(runner_build_id("/p/a", "b", "c", "d", "e"), runner_build_id("/p/ab", "", "c", "d", "e"));
}

TEST(PythonFactsTest, ParsesDescribePythonsAnswer) {
  const PythonFacts f = parse_python_facts(
      R"({"version": "3.12.1", "executable": "/x/bin/python3.12", "prefix": "/x", "include_dir": "/x/include/python3.12",
          "lib_dir": "/x/lib", "ldlibrary": "libpython3.12.so", "libs": "-lm", "static_archive": "", "static_libs": "",
          "loader": ""})");
  EXPECT_EQ(f.version, "3.12.1");
  EXPECT_EQ(f.executable, "/x/bin/python3.12");
  EXPECT_EQ(f.ldlibrary, "libpython3.12.so");
}

TEST(PythonFactsTest, AnOldInterpreterSaysOnlyItsVersion) {
  const PythonFacts f = parse_python_facts(R"({"version": "2.7.18", "executable": "/x/bin/python2.7"})");
  EXPECT_EQ(f.version, "2.7.18");
  EXPECT_NE(cannot_embed(f, true, true).find("older than 3.6"), std::string::npos);
}

TEST(PythonFactsTest, GarbageIsAnError) {
  EXPECT_THROW(parse_python_facts("Traceback (most recent call last):"), std::runtime_error);
  EXPECT_THROW(parse_python_facts(R"({"version": "3.12.1"})"), std::runtime_error);
}

TEST(RunnerCommandsTest, ConfigScriptFlagsAreUsedAsTheyCome) {
  const PythonFacts f = pyenv("3.12.1", "3.12");
  const ConfigScript config{"/root/.pyenv/versions/3.12.1/bin/python3.12-config",
                            "-I/root/.pyenv/versions/3.12.1/include/python3.12",
                            "-L/root/.pyenv/versions/3.12.1/lib -lpython3.12 -ldl -lm",
                            "/root/.pyenv/versions/3.12.1"};
  const RunnerCommands c = runner_commands(f, &config, {"g++"}, "/src", "/work");
  EXPECT_EQ(c.compile.front(), "g++");
  EXPECT_TRUE(has(c.compile, "-I/root/.pyenv/versions/3.12.1/include/python3.12"));
  EXPECT_TRUE(has(c.compile, "-lpython3.12"));
  EXPECT_TRUE(has(c.compile, "-I/work"));  // boot_code.h
  EXPECT_TRUE(has(c.compile, "/src/main.cc"));
  EXPECT_TRUE(has(c.compile, "-DMPCONFORM_PYTHON_HOME=\"/root/.pyenv/versions/3.12.1\""));
  EXPECT_TRUE(has(c.compile, "-Wl,-rpath,/root/.pyenv/versions/3.12.1/lib"));
  EXPECT_FALSE(has(c.compile, "-no-pie"));
  EXPECT_FALSE(has_containing(c.compile, "--whole-archive"));
}

TEST(RunnerCommandsTest, Before38PlainLdflagsAlreadyNameLibpython) {
  // python3.6-config refuses --embed; its --ldflags has -lpython3.6m and the rest.
  const PythonFacts f = pyenv("3.6.15", "3.6", "m");
  const ConfigScript config{"/x/python3.6-config", "-I/root/.pyenv/versions/3.6.15/include/python3.6m",
                            "-L/root/.pyenv/versions/3.6.15/lib -lpython3.6m -ldl -lm -Xlinker -export-dynamic",
                            "/root/.pyenv/versions/3.6.15"};
  const RunnerCommands c = runner_commands(f, &config, {"c++"}, "/src", "/work");
  EXPECT_TRUE(has(c.compile, "-lpython3.6m"));
  EXPECT_TRUE(has(c.compile, "-Xlinker"));
}

TEST(RunnerCommandsTest, WithoutAConfigScriptSysconfigSaysTheSame) {
  const PythonFacts f = pyenv("3.6.15", "3.6", "m");
  const RunnerCommands c = runner_commands(f, nullptr, {"c++"}, "/src", "/work");
  EXPECT_TRUE(has(c.compile, "-I/root/.pyenv/versions/3.6.15/include/python3.6m"));
  EXPECT_TRUE(has(c.compile, "-L/root/.pyenv/versions/3.6.15/lib"));
  EXPECT_TRUE(has(c.compile, "-lpython3.6m"));
  EXPECT_TRUE(has(c.compile, "-ldl"));
  EXPECT_TRUE(has(c.compile, "-DMPCONFORM_PYTHON_HOME=\"/root/.pyenv/versions/3.6.15\""));
}

TEST(RunnerCommandsTest, AStaticInterpreterGetsItsWholeArchiveAndNoPie) {
  const PythonFacts f = debian_static();
  const ConfigScript config{"/usr/bin/python3.11-config", "-I/usr/include/python3.11",
                            "-L/usr/lib/python3.11/config-3.11-x86_64-linux-gnu -lpython3.11 -ldl -lm", "/usr"};
  const RunnerCommands c = runner_commands(f, &config, {"g++"}, "/src", "/work");
  auto archive = std::find(c.compile.begin(), c.compile.end(), f.static_archive);
  ASSERT_NE(archive, c.compile.end());
  EXPECT_EQ(*(archive - 1), "-Wl,--whole-archive");
  EXPECT_EQ(*(archive + 1), "-Wl,--no-whole-archive");
  EXPECT_FALSE(has(c.compile, "-lpython3.11"));  // the archive instead of the shared library
  EXPECT_TRUE(has(c.compile, "-lexpat"));
  EXPECT_FALSE(has(c.compile, "\\"));            // Debian's stray continuation backslashes
  EXPECT_TRUE(has(c.compile, "-no-pie"));
  EXPECT_EQ(libpython_of(f), f.static_archive);
}

TEST(RunnerCommandsTest, AnInterpreterWithItsOwnLoaderLinksSharedAndUsesThatLoader) {
  const PythonFacts f = sid();
  EXPECT_FALSE(links_static_libpython(f));  // its archive wants the sysroot's glibc
  const RunnerCommands c = runner_commands(f, nullptr, {"g++"}, "/src", "/work");
  EXPECT_FALSE(has_containing(c.compile, "--whole-archive"));
  EXPECT_TRUE(has(c.compile, "-lpython3.14"));
  EXPECT_TRUE(has(c.compile, "-Wl,--dynamic-linker=" + f.loader));
  EXPECT_TRUE(has(c.compile, "-Wl,--allow-shlib-undefined"));
  EXPECT_TRUE(has(c.compile, "-Wl,-rpath," + f.lib_dir));
  EXPECT_TRUE(has(c.compile, "/cache/sid/root/usr/include"));  // after -idirafter: its multiarch pyconfig.h
  EXPECT_EQ(libpython_of(f), f.lib_dir + "/libpython3.14.so");
}

TEST(RunnerCommandsTest, ALoaderTheConfigScriptAlreadyNamesIsNotAddedAgain) {
  const PythonFacts f = sid();
  const ConfigScript wrapper{"/cache/sid/bin/python3.14-config", "-I/cache/sid/root/usr/include/python3.14",
                             "/cache/sid/root/usr/lib/x86_64-linux-gnu/libpython3.14.so -Wl,--allow-shlib-undefined "
                             "-Wl,--dynamic-linker=" + f.loader,
                             "/cache/sid/root/usr"};
  const RunnerCommands c = runner_commands(f, &wrapper, {"g++"}, "/src", "/work");
  EXPECT_EQ(std::count_if(c.compile.begin(), c.compile.end(),
                          [](const std::string& w) { return w.find("--dynamic-linker") != std::string::npos; }),
            1);
}

TEST(RunnerCommandsTest, BootCodeIsCompiledByTheInterpreterItself) {
  const PythonFacts f = pyenv("3.12.1", "3.12");
  const RunnerCommands c = runner_commands(f, nullptr, {"g++"}, "/src", "/work");
  ASSERT_FALSE(c.compile_boot.empty());
  EXPECT_EQ(c.compile_boot.front(), f.executable);
  EXPECT_TRUE(has(c.compile_boot, "/src/compile_boot.py"));
  EXPECT_TRUE(has(c.compile_boot, "/src/boot.py"));
  EXPECT_TRUE(has(c.compile_boot, "/src/check_hooks.py"));
  EXPECT_EQ(c.compile_boot.back(), "/work/boot_code.h");
}

TEST(RunnerCommandsTest, CxxWithWordsIsKept) {
  const RunnerCommands c = runner_commands(pyenv("3.12.1", "3.12"), nullptr, {"ccache", "g++"}, "/src", "/work");
  EXPECT_EQ(c.compile[0], "ccache");
  EXPECT_EQ(c.compile[1], "g++");
}

TEST(ConfigScriptTest, BesideTheGivenPathFirstThenBesideTheBinary) {
  const PythonFacts f = sid();
  const auto c = config_script_candidates("/cache/sid/bin/python3.14", f);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], "/cache/sid/bin/python3.14-config");
  EXPECT_EQ(c[1], "/cache/sid/root/usr/bin/python3.14-config");
  EXPECT_EQ(config_script_candidates(f.executable, f).size(), 1u);  // the same folder once
}

TEST(ConfigScriptTest, HeadersAreWhereItsIncludesSay) {
  const PythonFacts f = pyenv("3.12.1", "3.12");
  const ConfigScript config{"x", "-I/elsewhere/include/python3.12 -I/elsewhere/include/python3.12", "", ""};
  EXPECT_EQ(headers_dir(f, &config), "/elsewhere/include/python3.12");
  EXPECT_EQ(headers_dir(f, nullptr), f.include_dir);
}

TEST(CannotEmbedTest, NothingMissingIsNoMessage) {
  EXPECT_EQ(cannot_embed(pyenv("3.12.1", "3.12"), true, true), "");
  EXPECT_EQ(cannot_embed(pyenv("3.6.15", "3.6", "m"), true, true), "");
}

TEST(CannotEmbedTest, ADistributionsPythonWithoutDevSaysWhichPackage) {
  PythonFacts f = debian_static();
  f.version = "3.12.3";
  f.executable = "/usr/bin/python3.12";
  const std::string why = cannot_embed(f, false, false);
  EXPECT_NE(why.find("apt install python3.12-dev"), std::string::npos) << why;
  EXPECT_NE(why.find("Python.h"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
}

TEST(CannotEmbedTest, OtherInterpretersSayWhatIsMissing) {
  const std::string why = cannot_embed(pyenv("3.12.1", "3.12"), true, false);
  EXPECT_NE(why.find("libpython3.12"), std::string::npos) << why;
  EXPECT_EQ(why.find("apt install"), std::string::npos) << why;
}

TEST(CannotEmbedTest, OlderThan36IsRefused) {
  PythonFacts f = pyenv("3.5.10", "3.5", "m");
  EXPECT_NE(cannot_embed(f, true, true).find("older than 3.6"), std::string::npos);
}

TEST(NoCompilerTest, NamesCxxWhenItIsWhatIsMissing) {
  const std::string why = no_compiler("/nonexistent");
  EXPECT_NE(why.find("CXX=/nonexistent"), std::string::npos) << why;
  EXPECT_NE(why.find("apt install g++"), std::string::npos) << why;
  EXPECT_NE(no_compiler("").find("no C++ compiler"), std::string::npos);
}

TEST(SplitFlagsTest, WordsAsAShellWouldSplitThem) {
  EXPECT_EQ(split_flags("  -lz  -lm\t-ldl \\ \\ -lexpat\n"),
            (std::vector<std::string>{"-lz", "-lm", "-ldl", "-lexpat"}));
  EXPECT_TRUE(split_flags("").empty());
}

}  // namespace
}  // namespace mpc
