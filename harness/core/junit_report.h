// pytest's own --junitxml file, read into one outcome per test: the source of a
// suite's per-test outcomes under `check -m pytest` (never pytest's terminal
// output). A file that is missing, empty or malformed (pytest crashed or was
// killed before it wrote one) gives no tests and says why.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mpc {

// In pytest's words; the order is the precedence when pytest reports one test
// twice (a call failure and then a teardown error: two <testcase> elements).
enum class TestOutcome { kFailed, kError, kSkipped, kPassed };

const char* to_string(TestOutcome o);
std::optional<TestOutcome> parse_test_outcome(const std::string& s);

struct JunitTest {
  std::string id;         // pytest's node id as far as junit tells it (test_id below)
  std::string classname;  // junit's, as written
  std::string name;
  std::string file;       // xunit1's file attribute, "" without it
  TestOutcome outcome = TestOutcome::kPassed;
  std::string message;    // the <failure>/<error>/<skipped> message attribute, pytest's words
  std::string text;       // its text (pytest's traceback), the last kMaxText bytes
};

struct JunitReport {
  std::vector<JunitTest> tests;  // in the file's order, one per id
  std::string error;             // why there are no tests; "" when the file was read
  bool read() const { return error.empty(); }
};

constexpr size_t kMaxTestText = 4000;

JunitReport parse_junit(const std::string& xml);
JunitReport read_junit_file(const std::string& path);

// pytest's node id from a junit <testcase>: with xunit1's `file`, the file and the
// class path after the file's dotted module name ("t/test_x.py::TestA::test_b");
// without it (or when the test is inherited from another file's class), the
// trailing CapWords parts of `classname` taken as classes, by Python's naming
// convention. A collection error (classname "") is the file itself.
std::string test_id(const std::string& classname, const std::string& name, const std::string& file);

// The (classname, name) pytest's junitxml writes for a node id (its
// mangle_test_address), so a node id from PYTEST_CURRENT_TEST finds its testcase
// exactly.
std::pair<std::string, std::string> junit_address(const std::string& nodeid);

}  // namespace mpc
