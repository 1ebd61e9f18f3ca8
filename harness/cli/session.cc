#include "session.h"

#include <stdlib.h>
#include <sys/utsname.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "interpreters.h"
#include "paths.h"
#include "containment.h"
#include "results.h"
#include "scheduler.h"

extern char** environ;
using nlohmann::json;

namespace mpc::cli {
namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

json host_json() {
  utsname u{};
  uname(&u);
  return {{"os", "linux"}, {"kernel", u.release}, {"machine", u.machine},
          {"cpus", std::thread::hardware_concurrency()}};
}

// A private scratch folder per run, so two runs at once never share a name.
std::string make_scratch_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mpconform-XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch folder: " + pattern);
  return pattern;
}

}  // namespace

Session::~Session() {
  std::error_code ec;
  if (!ctx.scratch_dir.empty()) std::filesystem::remove_all(ctx.scratch_dir, ec);
}

int default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

void open_session(Session& s, std::vector<std::string> dirs, bool builtin,
                  const std::vector<std::string>& pythons, const std::vector<std::string>& case_ids) {
  if (dirs.empty() || builtin) dirs.insert(dirs.begin(), builtin_cases_dir());
  s.cases_dirs = dirs;
  s.catalog = load_catalog(dirs, case_ids);
  for (const auto& e : s.catalog.errors) std::cerr << "mpconform: case error: " << e.str() << "\n";
  open_session_without_catalog(s, pythons);
}

void open_session_without_catalog(Session& s, const std::vector<std::string>& pythons) {
  s.pythons = choose_interpreters(pythons);
  s.ctx.hooks_dir = hooks_dir();
  s.ctx.fixtures_dir = fixtures_dir();
  for (char** e = environ; *e; ++e) s.ctx.caller_env.push_back(*e);
  s.ctx.scratch_dir = make_scratch_dir();
  // Found once per run; what it could not have is said here, once.
  const Containment& box = run_containment();
  for (const auto& note : box.notes()) std::cerr << "mpconform: note: " << note << "\n";
  remove_stale_cgroups(box.cgroup);  // of runs that were killed before they could clean up
  s.started = utc_now();
  s.t0 = std::chrono::steady_clock::now();
}

void apply_limit_flags(Session& s, const std::vector<std::string>& flags) {
  for (const auto& flag : flags) {
    const std::string problem = set_limit_flag(s.ctx.limits, flag);
    if (!problem.empty()) throw std::runtime_error("--limit " + flag + ": " + problem);
  }
}

json build_document(const Session& s, const std::vector<CellResult>& results, const RunFacts& f) {
  json cell_docs = json::array();
  for (const auto& r : results) cell_docs.push_back(cell_to_json(r));
  json interpreters = json::array();
  for (const auto& p : s.pythons) interpreters.push_back({{"version", p.version}, {"executable", p.executable}});
  json case_errors = json::array();
  for (const auto& e : s.catalog.errors)
    case_errors.push_back({{"file", e.file}, {"line", e.line}, {"message", e.message}});
  return {
      {"schema", 1},
      {"run",
       {{"tool", "mpconform"}, {"version", MPCONFORM_VERSION}, {"started", s.started},
        {"finished", utc_now()},
        {"duration_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - s.t0).count()},
        {"complete", results.size() == f.planned_cells}, {"planned_cells", f.planned_cells},
        {"command", f.command}, {"host", host_json()}, {"jobs", effective_jobs(f.jobs)}, {"cases_dirs", s.cases_dirs},
        {"containment", run_containment().to_json()},
        {"interpreters", interpreters}, {"methods", f.methods.empty() ? all_methods() : f.methods},
        {"shard", f.shard.empty() ? json(nullptr) : json(f.shard)},
        {"counts", count_verdicts(cell_docs)}, {"case_errors", case_errors}}},
      {"cases", cases_to_json(s.catalog)},
      {"cells", cell_docs},
  };
}

}  // namespace mpc::cli
