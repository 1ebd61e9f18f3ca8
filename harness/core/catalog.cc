#include "catalog.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "case_parser.h"

namespace fs = std::filesystem;

namespace mpc {
namespace {

// yaml-cpp reads about 10 MB/s, so the catalog's ~60 metadata blocks took ~10 ms
// of every command's start; the files are independent, so they are read on every
// core. Results stay in file order: which of two equal ids wins does not change.
std::vector<ParsedCase> parse_all(const std::vector<std::string>& files) {
  std::vector<ParsedCase> parsed(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();) parsed[i] = parse_case_file(files[i]);
  };
  const size_t extra = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()) - 1, files.size() / 8);
  std::vector<std::thread> helpers;
  for (size_t t = 0; t < extra; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
  return parsed;
}

}  // namespace

const Case* Catalog::find(const std::string& id) const {
  for (const auto& c : cases)
    if (c.id == id) return &c;
  return nullptr;
}

Catalog load_catalog(const std::vector<std::string>& dirs, const std::vector<std::string>& only_ids) {
  const std::set<std::string> wanted(only_ids.begin(), only_ids.end());
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
      if (it->is_regular_file() && p.extension() == ".py" && name[0] != '_' &&
          (wanted.empty() || wanted.count(p.stem().string())))
        files.push_back(fs::absolute(p).lexically_normal().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<ParsedCase> parsed = parse_all(files);
  std::map<std::string, std::string> first_file_of;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    if (auto* error = std::get_if<CaseError>(&parsed[i])) {
      catalog.errors.push_back(*error);
      continue;
    }
    Case c = std::get<Case>(std::move(parsed[i]));
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
