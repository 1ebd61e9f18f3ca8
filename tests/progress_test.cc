// The run's progress output: plain lines without a single control character when
// written to a file or pipe, one line rewritten in place on a terminal, colour only
// where allowed, nothing when quiet.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "progress.h"

using mpc::CellResult;
using mpc::Outcome;
using mpc::OutcomeKind;
using mpc::Verdict;
using mpc::cli::Progress;
using mpc::cli::ProgressStyle;

namespace {

CellResult result(const std::string& case_id, const std::string& method, Verdict verdict,
                  Outcome outcome = Outcome::Ok(), const std::string& exe_mode = "python") {
  CellResult r;
  r.cell.case_id = case_id;
  r.cell.method = method;
  r.cell.python.version = "3.11.2";
  r.cell.exe_mode = exe_mode;
  r.outcome = outcome;
  r.judgement = {verdict, ""};
  r.tree.duration_s = 0.123;
  return r;
}

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  return s;
}

// A clock the test moves by hand.
struct FakeClock {
  double now = 100;
  std::function<double()> fn() {
    return [this] { return now; };
  }
};

bool has_control_characters(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  return false;
}

}  // namespace

TEST(ProgressTest, FileGetsOnePlainLinePerCellWithoutControlCharacters) {
  std::FILE* f = std::tmpfile();
  {
    Progress p(3, /*quiet=*/false, f);
    p.cell_done(result("no-main-guard", "spawn", Verdict::kFail, Outcome::Of(OutcomeKind::kBootstrapError)));
    p.cell_done(result("fork-with-held-lock", "fork", Verdict::kPass, Outcome::Of(OutcomeKind::kDeadlock)));
    p.cell_done(result("x", "default", Verdict::kNew));
    p.finish();
  }
  const std::string out = contents(f);
  EXPECT_FALSE(has_control_characters(out)) << out;
  EXPECT_EQ(out,
            "[1/3] FAIL no-main-guard spawn python3.11.2: bootstrap-error (0.12s)\n"
            "[2/3] PASS fork-with-held-lock fork python3.11.2: deadlock (0.12s)\n"
            "[3/3] NEW x default python3.11.2: ok (0.12s)\n");
  std::fclose(f);
}

TEST(ProgressTest, PlainLineNamesTheExeModeWhenNotPython) {
  EXPECT_EQ(mpc::cli::cell_line(result("c", "spawn", Verdict::kPass, Outcome::Ok(), "host"), 4, 9),
            "[4/9] PASS c spawn python3.11.2 (host): ok (0.12s)");
}

TEST(ProgressTest, CheckCellsShowTheirOutcomeWithoutAVerdict) {
  // `check` has no expectations: every cell would say NEW.
  std::FILE* f = std::tmpfile();
  {
    Progress p(2, /*quiet=*/false, f);
    p.without_verdicts();
    p.cell_done(result("prog", "fork", Verdict::kNew));
    p.cell_done(result("prog", "spawn", Verdict::kNew, Outcome::Of(OutcomeKind::kPicklingError)));
  }
  EXPECT_EQ(contents(f),
            "[1/2] prog fork python3.11.2: ok (0.12s)\n"
            "[2/2] prog spawn python3.11.2: pickling-error (0.12s)\n");
  std::fclose(f);
}

TEST(ProgressTest, QuietWritesNothingEvenOnATerminalStyle) {
  std::FILE* f = std::tmpfile();
  {
    FakeClock clock;
    Progress p(2, /*quiet=*/true, f, ProgressStyle{true, true, 80}, clock.fn());
    p.cell_done(result("a", "fork", Verdict::kFail));
    p.finish();
  }
  EXPECT_EQ(contents(f), "");
  std::fclose(f);
}

TEST(ProgressTest, LiveLineIsRewrittenInPlaceWithFailuresAndEta) {
  std::FILE* f = std::tmpfile();
  FakeClock clock;
  {
    Progress p(4, false, f, ProgressStyle{true, false, 80}, clock.fn());
    clock.now += 5;
    p.cell_done(result("a", "fork", Verdict::kPass));
    clock.now += 5;
    p.cell_done(result("b", "spawn", Verdict::kFail));
    clock.now += 1;
    p.finish();
  }
  const std::string out = contents(f);
  // Each state of the line starts by returning to column 0 and erasing it; only
  // the FAIL cell and the final totals end with a newline.
  EXPECT_EQ(out,
            "\r\033[2K[0/4] 0 FAIL"
            "\r\033[2K[1/4] 0 FAIL, ETA 15 s"
            "\r\033[2K[2/4] FAIL b spawn python3.11.2: ok (0.12s)\n"
            "\r\033[2K[2/4] 1 FAIL, ETA 10 s"
            "\r\033[2K[2/4] 1 FAIL in 11.0 s\n");
  std::fclose(f);
}

mpc::SuiteProgress tests_so_far(size_t done, size_t failing) {
  mpc::SuiteProgress p;
  p.collected = 50;
  for (size_t i = 0; i < done; ++i) p.finished.push_back({{"test", "t.py::test_" + std::to_string(i)}});
  p.failing = failing;
  return p;
}

TEST(ProgressTest, LiveLineCountsTheRunningSuiteCellsTests) {
  std::FILE* f = std::tmpfile();
  FakeClock clock;
  {
    Progress p(4, false, f, ProgressStyle{true, false, 80}, clock.fn());
    p.without_verdicts();
    const CellResult fork = result("pytest", "fork", Verdict::kNew);
    p.tests_done(fork.cell, tests_so_far(15, 1));
    clock.now += 2;
    p.cell_done(fork);
  }
  const std::string out = contents(f);
  EXPECT_NE(out.find("\r\033[2K[0/4] cells, fork python3.11.2: 15/50 tests, 1 failed"), std::string::npos) << out;
  // Once the cell is done its tests leave the line.
  EXPECT_NE(out.find("\r\033[2K[1/4] cells, ETA 6 s"), std::string::npos) << out;
  std::fclose(f);
}

TEST(ProgressTest, PlainOutputShowsASuiteCellsTestsAtMostEveryTenSeconds) {
  std::FILE* f = std::tmpfile();
  FakeClock clock;
  {
    Progress p(4, false, f, ProgressStyle{false, false, 80}, clock.fn());
    p.without_verdicts();
    const CellResult fork = result("pytest", "fork", Verdict::kNew);
    for (size_t done = 1; done <= 30; ++done) {  // a test every second
      p.tests_done(fork.cell, tests_so_far(done, 0));
      clock.now += 1;
    }
  }
  const std::string out = contents(f);
  EXPECT_EQ(out,
            "  ... fork python3.11.2: 11/50 tests\n"
            "  ... fork python3.11.2: 21/50 tests\n");
  EXPECT_FALSE(has_control_characters(out));
  std::fclose(f);
}

TEST(ProgressTest, LiveLineNeverWrapsANarrowTerminal) {
  std::FILE* f = std::tmpfile();
  FakeClock clock;
  {
    Progress p(1000, false, f, ProgressStyle{true, false, 20}, clock.fn());
    clock.now += 3000;
    p.cell_done(result("a", "fork", Verdict::kPass));
  }
  const std::string out = contents(f);
  size_t pos = 0;
  while ((pos = out.find("\r\033[2K", pos)) != std::string::npos) {
    pos += 5;
    const size_t end = std::min(out.find('\r', pos), out.find('\n', pos));
    EXPECT_LT(out.substr(pos, end - pos).size(), 20u) << out;
  }
  std::fclose(f);
}

TEST(ProgressTest, ColourOnlyWhenTheStyleAllowsIt) {
  for (bool colour : {false, true}) {
    std::FILE* f = std::tmpfile();
    FakeClock clock;
    {
      Progress p(2, false, f, ProgressStyle{true, colour, 80}, clock.fn());
      p.cell_done(result("a", "fork", Verdict::kFail));
    }
    const std::string out = contents(f);
    EXPECT_EQ(out.find("\033[31m") != std::string::npos, colour) << out;
    std::fclose(f);
  }
}

TEST(ProgressTest, EtaIsWholeSecondsThenMinutes) {
  EXPECT_EQ(mpc::cli::eta_text(12.4), "12 s");
  EXPECT_EQ(mpc::cli::eta_text(119.6), "2 min 00 s");
  EXPECT_EQ(mpc::cli::eta_text(125), "2 min 05 s");
  EXPECT_EQ(mpc::cli::eta_text(-3), "0 s");
}

// A real terminal (a pseudo-terminal): detected as live; colour unless NO_COLOR.
class TerminalProgressTest : public ::testing::Test {
 protected:
  std::string run_on_terminal() {
    int master = -1, slave = -1;
    winsize size{};
    size.ws_col = 100;
    size.ws_row = 30;
    EXPECT_EQ(openpty(&master, &slave, nullptr, nullptr, &size), 0);
    std::FILE* out = fdopen(slave, "w");
    {
      Progress p(2, false, out);
      p.cell_done(result("a", "fork", Verdict::kFail));
      p.cell_done(result("b", "fork", Verdict::kPass));
    }
    std::fclose(out);
    fcntl(master, F_SETFL, O_NONBLOCK);
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) s.append(buf, n);
    close(master);
    return s;
  }
  void TearDown() override { unsetenv("NO_COLOR"); }
};

TEST_F(TerminalProgressTest, UpdatesInPlaceWithColour) {
  unsetenv("NO_COLOR");
  const std::string out = run_on_terminal();
  EXPECT_NE(out.find("\r\033[2K[1/2] \033[31m1 FAIL\033[0m"), std::string::npos) << out;
}

TEST_F(TerminalProgressTest, NoColourWhenNoColorIsSet) {
  setenv("NO_COLOR", "1", 1);
  const std::string out = run_on_terminal();
  EXPECT_NE(out.find("\r\033[2K[1/2] 1 FAIL"), std::string::npos) << out;
  EXPECT_EQ(out.find("\033[3"), std::string::npos) << out;
  EXPECT_EQ(out.find("\033[0m"), std::string::npos) << out;
}
