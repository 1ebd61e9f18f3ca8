#include "expectation.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

Expected expect(std::vector<std::string> outcomes, ExpectedObservations obs = {}) {
  Expected e;
  for (const auto& o : outcomes) e.outcomes.push_back(*Outcome::Parse(o));
  e.observations = std::move(obs);
  return e;
}

TEST(ExpectationTest, AllowedOutcomePasses) {
  EXPECT_EQ(judge(expect({"ok"}), Outcome::Ok(), {}).verdict, Verdict::kPass);
}

TEST(ExpectationTest, OtherOutcomeFailsWithReason) {
  Judgement j = judge(expect({"ok"}), Outcome::Of(OutcomeKind::kDeadlock), {});
  EXPECT_EQ(j.verdict, Verdict::kFail);
  EXPECT_EQ(j.reason, "expected ok, got deadlock");
}

TEST(ExpectationTest, IntermittentAlternativePasses) {
  EXPECT_EQ(judge(expect({"ok", "deadlock"}), Outcome::Of(OutcomeKind::kDeadlock), {}).verdict,
            Verdict::kPass);
}

TEST(ExpectationTest, NoExpectationIsNew) {
  EXPECT_EQ(judge(std::nullopt, Outcome::Ok(), {}).verdict, Verdict::kNew);
}

TEST(ExpectationTest, WrongObservationFails) {
  Judgement j = judge(expect({"ok"}, {{"sees", {"import-time"}}}), Outcome::Ok(), {{"sees", "parent"}});
  EXPECT_EQ(j.verdict, Verdict::kFail);
  EXPECT_NE(j.reason.find("observed sees=parent"), std::string::npos) << j.reason;
}

TEST(ExpectationTest, MissingObservationFails) {
  Judgement j = judge(expect({"ok"}, {{"sees", {"x"}}}), Outcome::Ok(), {});
  EXPECT_EQ(j.verdict, Verdict::kFail);
}

TEST(ExpectationTest, ObservationWithAnyAllowedValuePasses) {
  EXPECT_EQ(judge(expect({"ok"}, {{"sees", {"a", "b"}}}), Outcome::Ok(), {{"sees", "b"}}).verdict,
            Verdict::kPass);
}

TEST(ExpectationTest, ObservationsAreNotRequiredOfAnIntermittentAlternative) {
  EXPECT_EQ(judge(expect({"ok", "deadlock"}, {{"sees", {"a"}}}), Outcome::Of(OutcomeKind::kDeadlock), {})
                .verdict,
            Verdict::kPass);
}

TEST(OutcomeTest, RoundTripsEveryWord) {
  for (const char* w : {"ok", "pickling-error", "bootstrap-error", "exception:ValueError", "deadlock",
                        "timeout", "crash:SIGSEGV", "exit:3", "exit:-1", "unsupported", "harness-error",
                        "exception:pickle.PicklingError"})
    EXPECT_EQ(Outcome::Parse(w)->str(), w);
}

TEST(OutcomeTest, RejectsWordsOutsideTheVocabulary) {
  for (const char* w : {"okay", "ok:1", "exception", "exception:", "exit:x", "crash:SEGV", "exit:",
                        "exception:Bad Name", ""})
    EXPECT_FALSE(Outcome::Parse(w)) << w;
}

TEST(OutcomeTest, CrashNamesTheSignal) { EXPECT_EQ(Outcome::Crash(11).str(), "crash:SIGSEGV"); }

}  // namespace
}  // namespace mpc
