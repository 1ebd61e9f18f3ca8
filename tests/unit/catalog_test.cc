#include "catalog.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "results.h"

namespace mpc {
namespace {

std::string case_text(const std::string& id) {
  return "# ---\n# id: " + id + "\n# title: t\n# source: s\n# claim: c\n# expect:\n#   all: ok\n# ---\n";
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mpconform-catalog-test-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(dir_ + "/" + rel).parent_path());
    std::ofstream(dir_ + "/" + rel) << text;
  }
  std::string dir_;
};

TEST_F(CatalogTest, MalformedCaseIsAnErrorAndTheRestStillLoads) {
  write("good.py", case_text("good"));
  write("theme/also-good.py", case_text("also-good"));
  write("bad.py", "# ---\n# id: bad\n# title: [unclosed\n# ---\n");
  Catalog c = load_catalog({dir_});
  ASSERT_EQ(c.cases.size(), 2u);
  EXPECT_EQ(c.cases[0].id, "also-good");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].file.find("bad.py"), std::string::npos);
  EXPECT_GT(c.errors[0].line, 0);
}

TEST_F(CatalogTest, HelpersAndCachesAreNotCases) {
  write("good.py", case_text("good"));
  write("_helper.py", "x = 1\n");
  write("__pycache__/good.cpython-311.py", "junk\n");
  write("README.md", "# not a case\n");
  Catalog c = load_catalog({dir_});
  EXPECT_EQ(c.cases.size(), 1u);
  EXPECT_TRUE(c.errors.empty());
}

TEST_F(CatalogTest, DuplicateIdIsAnError) {
  write("a/same.py", case_text("same"));
  write("b/same.py", case_text("same"));
  Catalog c = load_catalog({dir_});
  EXPECT_EQ(c.cases.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message.find("duplicate"), std::string::npos);
}

TEST_F(CatalogTest, OnlyTheWantedCasesAreRead) {
  write("good.py", case_text("good"));
  write("theme/other.py", case_text("other"));
  write("bad.py", "# ---\n# id: bad\n# title: [unclosed\n# ---\n");
  write("a/same.py", case_text("same"));
  write("b/same.py", case_text("same"));
  Catalog c = load_catalog({dir_}, {"good", "same"});
  ASSERT_EQ(c.cases.size(), 2u);
  EXPECT_EQ(c.cases[0].id, "good");
  EXPECT_EQ(c.cases[1].id, "same");
  // The malformed file is not read; the duplicate of a wanted id still is.
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message.find("duplicate"), std::string::npos);
}

TEST_F(CatalogTest, MissingFolderIsAnError) {
  Catalog c = load_catalog({dir_ + "/nope"});
  ASSERT_EQ(c.errors.size(), 1u);
}

TEST_F(CatalogTest, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
  const std::string path = dir_ + "/results.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "second");
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  EXPECT_THROW(write_file_atomically(dir_ + "/no/such/dir/x.json", "x"), std::runtime_error);
}

}  // namespace
}  // namespace mpc
