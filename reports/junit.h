// junit.xml: a results document as JUnit XML, the format CI systems (GitLab,
// Jenkins, GitHub test reporters) show as a test list.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

// One <testsuite> per interpreter, one <testcase classname="<case>"
// name="<method> [python X.Y.Z]"> per cell. A FAIL cell carries one <failure>
// (one <error> when its outcome is harness-error: the harness, not the case,
// failed); a passing `unsupported` cell is <skipped>; a NEW cell passes, with
// its outcome in <system-out>. Captured output goes, tail-first and capped, in
// <system-out> and <system-err>. Always well-formed UTF-8 XML 1.0, whatever
// bytes the cases printed.
std::string render_junit(const nlohmann::json& results);
