// The job summary made from check.json (check_job_summary.h): the grid, the
// breaks with their lines and remedies, the hazards, user text escaped, and a
// page that stops under its cap between items, with a note.
#include <gtest/gtest.h>

#include "check_job_summary.h"
#include "check_json_samples.h"

using nlohmann::json;

namespace mpc {
namespace {

TEST(CheckJobSummaryTest, GridBreaksAndHazards) {
  const std::string md = render_check_job_summary(samples::two_breaks(), "/ws");
  EXPECT_NE(md.find("## mpconform check: prog.py --n 3\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| python | fork | spawn | forkserver | default |\n|---|---|---|---|---|\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| 3.11.2 | ✅ ok (baseline) ⚠️ | ❌ **pickling-error** | ❌ **pickling-error** | ✅ ok |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("### Breaks\n\n- **object that cannot be pickled** at app/prog.py:7 (3.11.2 spawn, 3.11.2 "
                    "forkserver)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("  - sent by Process.start at app/prog.py:12\n"), std::string::npos) << md;
  EXPECT_NE(md.find("  - remedy: move \\`producer\\` to module level\n"), std::string::npos) << md;
  EXPECT_NE(md.find("### Hazards"), std::string::npos) << md;
  EXPECT_NE(md.find("at app/lib/seed.py:11"), std::string::npos) << md;
  EXPECT_EQ(md.find("cut short"), std::string::npos) << md;
}

TEST(CheckJobSummaryTest, UserTextCannotBreakTheMarkdown) {
  json doc = samples::two_breaks();
  doc["breaks"][0]["cause"] = "a | b <script> *x*\nnext";
  doc["breaks"][1]["cause"] = doc["breaks"][0]["cause"];
  const std::string md = render_check_job_summary(doc);
  EXPECT_NE(md.find("a \\| b \\<script\\> \\*x\\* next"), std::string::npos) << md;
  EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
}

TEST(CheckJobSummaryTest, WhatVariesByItselfIsSaid) {
  json doc = samples::two_breaks();
  doc["baselines"] = {{{"python", "3.11.2"}, {"method", "fork"}, {"runs", 2},
                       {"discounted", {"2 lines of stdout vary between runs only in numbers"}}}};
  const std::string md = render_check_job_summary(doc);
  EXPECT_NE(md.find("### What varies by itself"), std::string::npos) << md;
  EXPECT_NE(md.find("- 3.11.2 fork (baseline): 2 lines of stdout vary between runs only in numbers\n"),
            std::string::npos)
      << md;
}

// 1500 breaks at 1500 lines with long sentences: far over any cap.
TEST(CheckJobSummaryTest, StopsUnderItsCapBetweenItemsWithANote) {
  json doc = samples::two_breaks();
  json breaks = json::array();
  for (int i = 0; i < 1500; ++i) {
    json b = samples::pickling_break("spawn");
    b["culprit"]["line"] = i + 1;
    b["cause"] = std::string(300, 'x') + " | " + std::to_string(i);
    breaks.push_back(b);
  }
  doc["breaks"] = breaks;
  const size_t cap = 64 * 1024;
  const std::string md = render_check_job_summary(doc, "", cap);
  EXPECT_LE(md.size(), cap);
  EXPECT_GT(md.size(), cap / 2);
  const size_t note = md.find("\n**Summary cut short:** ");
  ASSERT_NE(note, std::string::npos) << md.substr(md.size() - 500);
  EXPECT_NE(md.find("more items are not shown here", note), std::string::npos);
  // Cut between items: the last item before the note is whole (it ends in its remedy).
  EXPECT_EQ(md.rfind("module level\n", note) + std::string("module level\n").size(), note);
}

TEST(CheckJobSummaryTest, TheDefaultCapIsWellUnderGitHubsLimit) {
  EXPECT_LE(kJobSummaryMaxBytes, 512u * 1024);
}

TEST(CheckJobSummaryTest, ALongSentenceIsCut) {
  json doc = samples::two_breaks();
  doc["breaks"][0]["cause"] = std::string(100000, 'y');
  doc["breaks"][1]["cause"] = doc["breaks"][0]["cause"];
  const std::string md = render_check_job_summary(doc);
  EXPECT_LT(md.size(), 10000u);
  EXPECT_NE(md.find("yyy…"), std::string::npos);
}

}  // namespace
}  // namespace mpc
