#include "os_lens.h"

#include <algorithm>
#include <stdexcept>

namespace mpc {

bool is_lens(const std::string& os) { return os == "macos" || os == "windows"; }

std::vector<std::string> plan_oses(const std::vector<std::string>& asked) {
  std::vector<std::string> oses = {kHostOs};
  for (const auto& os : asked) {
    if (os != kHostOs && !is_lens(os))
      throw std::runtime_error("--os " + os + ": unknown (macos, windows; linux, the host's own, always runs)");
    if (std::find(oses.begin(), oses.end(), os) == oses.end()) oses.push_back(os);
  }
  return oses;
}

std::string lens_of_cell(const nlohmann::json& cell) {
  const auto os = cell.find("os");
  return os != cell.end() && os->is_object() ? os->value("name", std::string()) : std::string();
}

std::string os_label(const std::string& os) {
  if (os == "macos") return "macOS (emulated)";
  if (os == "windows") return "Windows (emulated)";
  return "";
}

}  // namespace mpc
