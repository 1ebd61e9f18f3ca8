// check.json's findings as SARIF 2.1.0 (sarif.h): the document's frame, a rule
// per kind with help, results at their lines relative to %SRCROOT%, related
// locations, stable fingerprints. (tests/integration/github_outputs_test.py also
// runs the SARIF multitool's validator on a real run's file.)
#include <gtest/gtest.h>

#include <set>

#include "check_json_samples.h"
#include "sarif.h"

using nlohmann::json;

namespace mpc {
namespace {

json sarif_of(const json& check) {
  return json::parse(render_sarif(check_findings(check, "/ws"), {"0.1.0", "https://example.org/mpconform"},
                                  "/ws", "app/prog.py")
                         .dump());
}

TEST(SarifTest, OneRunOfTheToolWithItsRules) {
  const json s = sarif_of(samples::two_breaks());
  EXPECT_EQ(s["version"], "2.1.0");
  EXPECT_NE(s["$schema"].get<std::string>().find("sarif-schema-2.1.0.json"), std::string::npos);
  ASSERT_EQ(s["runs"].size(), 1u);
  const json& driver = s["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "mpconform");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://example.org/mpconform");
  EXPECT_EQ(driver["rules"].size(), finding_rules().size());
  std::set<std::string> ids;
  for (const auto& rule : driver["rules"]) {
    EXPECT_TRUE(ids.insert(rule["id"].get<std::string>()).second) << "two rules are " << rule["id"];
    EXPECT_NE(rule["id"], rule["name"]);
    EXPECT_FALSE(rule["id"].get<std::string>().empty());
    EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty()) << rule["id"];
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty()) << rule["id"];
  }
  EXPECT_EQ(s["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///ws/");
}

TEST(SarifTest, ResultsAtTheirLinesWithRelatedLocations) {
  const json s = sarif_of(samples::two_breaks());
  const json& results = s["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  const json& r = results[0];
  EXPECT_EQ(r["ruleId"], "MPC1001");
  const json& rule = s["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()];
  EXPECT_EQ(rule["id"], "MPC1001");
  EXPECT_EQ(rule["name"], "UnpicklableObject");
  EXPECT_EQ(r["level"], "error");
  EXPECT_NE(r["message"]["text"].get<std::string>().find("run.<locals>.producer"), std::string::npos);
  const json& loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "app/prog.py");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(loc["region"]["startLine"], 7);
  const json& related = r["relatedLocations"][0];
  EXPECT_EQ(related["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(related["message"]["text"], "sent by Process.start");
  EXPECT_EQ(results[1]["level"], "warning");
  EXPECT_EQ(results[1]["ruleId"], "MPC1006");
}

TEST(SarifTest, FingerprintsAreStableAndSurviveMovedLines) {
  json moved = samples::two_breaks();
  for (auto& b : moved["breaks"]) {
    b["culprit"]["line"] = 17;
    b["cause"] = "run.<locals>.producer (local function, defined at prog.py:17) cannot be pickled; sent by "
                 "Process.start at prog.py:22";
  }
  const json a = sarif_of(samples::two_breaks()), b = sarif_of(samples::two_breaks()), c = sarif_of(moved);
  const json fa = a["runs"][0]["results"][0]["partialFingerprints"];
  EXPECT_EQ(fa, b["runs"][0]["results"][0]["partialFingerprints"]);
  EXPECT_EQ(fa, c["runs"][0]["results"][0]["partialFingerprints"]);
  EXPECT_NE(fa, a["runs"][0]["results"][1]["partialFingerprints"]);
  EXPECT_EQ(fa["mpconformFinding/v1"].get<std::string>().size(), 16u);
}

TEST(SarifTest, AFindingWithoutALineIsPlacedOnTheProgram) {
  json doc = samples::two_breaks();
  for (auto& b : doc["breaks"]) {
    b["culprit"] = nullptr;
    b["outcome"] = "deadlock";
  }
  const json r = sarif_of(doc)["runs"][0]["results"][0];
  EXPECT_EQ(r["ruleId"], "MPC1008");
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "app/prog.py");
  EXPECT_FALSE(r["locations"][0]["physicalLocation"].contains("region"));
}

TEST(SarifTest, PathsBecomeRelativeUris) {
  EXPECT_EQ(uri_path("src/my file#1.py"), "src/my%20file%231.py");
  EXPECT_EQ(uri_path("a/b_c-d.e~f"), "a/b_c-d.e~f");
}

}  // namespace
}  // namespace mpc
