// The plan: which cells a run holds. A cell is one case under one start method on
// one interpreter in one executable mode; a case that could not be read still
// yields its cells, as harness errors, so it cannot vanish from a report.
#pragma once
#include <string>
#include <vector>

#include "catalog.h"
#include "interpreter.h"

namespace mpc {

struct Cell {
  std::string case_id;
  const Case* kase = nullptr;        // null when the case file is malformed
  const CaseError* error = nullptr;  // set when kase is null
  std::string method;                // fork, spawn, forkserver, default
  Interpreter python;
  std::string exe_mode;  // python: children exec the real interpreter; host: the runner
  // linux: the host's own; macos, windows: that platform emulated here (os_lens.h).
  std::string os = "linux";
};

// Cases with this tag run only under --os, --tag os-lens or --case ID.
inline constexpr const char* kOsLensTag = "os-lens";

struct PlanFilter {
  std::vector<std::string> case_ids;  // empty: every case
  std::vector<std::string> tags;      // empty: any
  std::vector<std::string> skip_tags;  // cases with any of these are left out
  std::vector<std::string> methods;   // empty: all four
  std::vector<std::string> exe_modes = {"python"};
  std::vector<std::string> oses = {"linux"};  // plan_oses(--os): linux, then each lens
  int shard_index = 1, shard_count = 1;  // --shard K/N: every Nth cell from the Kth
};

// "K/N" with 1 <= K <= N; throws std::runtime_error naming the flag otherwise.
std::pair<int, int> parse_shard(const std::string& text);

// Throws std::runtime_error for a filter that names an unknown case or method.
std::vector<Cell> make_plan(const Catalog& catalog, const std::vector<Interpreter>& pythons,
                            const PlanFilter& filter);

// The case id a malformed file would have had: its name without ".py".
std::string case_id_of_file(const std::string& path);

}  // namespace mpc
