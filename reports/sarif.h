// `check --sarif FILE`: the findings (check_findings.h) as SARIF 2.1.0, the format
// code-scanning tools read (GitHub's upload-sarif among them): one run of the tool
// `mpconform`, a rule per kind of finding with its help, a result per finding at
// its line (relative to %SRCROOT%), the other lines involved as related
// locations, and a fingerprint that survives the lines moving.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check_findings.h"

namespace mpc {

struct SarifTool {
  std::string version;          // mpconform's
  std::string information_uri;  // where people read about it
};

// `root`: the absolute folder %SRCROOT% stands for (the findings' files are
// relative to it); `program`: the checked file relative to it ("" for -m), where
// a finding with no line of its own is placed, since code scanning wants one.
nlohmann::ordered_json render_sarif(const std::vector<Finding>& findings, const SarifTool& tool,
                                    const std::string& root, const std::string& program);

// Bytes outside RFC 3986's unreserved set and "/" as %XX: a path as a relative URI.
std::string uri_path(const std::string& path);

}  // namespace mpc
