#include "catalog.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "case_parser.h"

namespace fs = std::filesystem;

namespace mpc {

const Case* Catalog::find(const std::string& id) const {
  for (const auto& c : cases)
    if (c.id == id) return &c;
  return nullptr;
}

Catalog load_catalog(const std::vector<std::string>& dirs) {
  Catalog catalog;
  std::vector<std::string> files;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      catalog.errors.push_back({dir, 0, "no such folder of cases"});
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      if (it->is_directory() && (name == "__pycache__" || name[0] == '.')) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && p.extension() == ".py" && name[0] != '_')
        files.push_back(fs::absolute(p).lexically_normal().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> first_file_of;
  for (const auto& file : files) {
    ParsedCase parsed = parse_case_file(file);
    if (auto* error = std::get_if<CaseError>(&parsed)) {
      catalog.errors.push_back(*error);
      continue;
    }
    Case c = std::get<Case>(std::move(parsed));
    auto [it, fresh] = first_file_of.emplace(c.id, file);
    if (!fresh) {
      catalog.errors.push_back({file, 0, "duplicate case id '" + c.id + "' (also " + it->second + ")"});
      continue;
    }
    catalog.cases.push_back(std::move(c));
  }
  std::sort(catalog.cases.begin(), catalog.cases.end(),
            [](const Case& a, const Case& b) { return a.id < b.id; });
  return catalog;
}

}  // namespace mpc
