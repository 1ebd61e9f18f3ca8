#include "list_command.h"

#include <CLI/CLI.hpp>

#include <array>
#include <cstdio>
#include <iostream>

#include "catalog.h"
#include "interpreter.h"
#include "paths.h"

namespace mpc::cli {
namespace {

// Asks a runner, acting as its interpreter, which start methods it has. This also
// proves the runner starts at all, so a broken one is listed with the reason.
std::string probe_methods(const Interpreter& i) {
  const std::string cmd = "env -u PYTHONPATH -u PYTHONHOME '" + i.runner +
                          "' -c 'import multiprocessing as m; print(\" \".join(m.get_all_start_methods()), "
                          "\"(default: %s)\" % m.context._default_context._default_context._name)' 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    std::array<char, 512> buf;
    while (fgets(buf.data(), buf.size(), p)) out += buf.data();
    int status = pclose(p);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    if (status != 0) return "UNUSABLE: " + out;
  }
  return out;
}

}  // namespace

void add_list_command(CLI::App& app, ListOptions& o, int& exit_code) {
  CLI::App* list = app.add_subcommand("list", "Show the cases, interpreters and start methods found");
  list->add_option("--cases-dir", o.cases_dirs, "List the cases in DIR (repeatable)")->check(CLI::ExistingDirectory);
  list->add_flag("--builtin", o.builtin, "With --cases-dir: the built-in catalog too");
  list->callback([&o, &exit_code] { exit_code = list_command(o); });
}

int list_command(const ListOptions& o) {
  std::vector<std::string> dirs = o.cases_dirs;
  if (dirs.empty() || o.builtin) dirs.insert(dirs.begin(), builtin_cases_dir());
  Catalog catalog = load_catalog(dirs);

  std::cout << "Cases (" << catalog.cases.size() << ", from " ;
  for (size_t i = 0; i < dirs.size(); ++i) std::cout << (i ? ", " : "") << dirs[i];
  std::cout << "):\n";
  for (const auto& c : catalog.cases) {
    std::string tags;
    for (const auto& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
    std::printf("  %-36s %s%s\n", c.id.c_str(), c.title.c_str(), tags.empty() ? "" : ("  [" + tags + "]").c_str());
  }
  if (!catalog.errors.empty()) {
    std::cout << "Cases that cannot be read (" << catalog.errors.size() << "):\n";
    for (const auto& e : catalog.errors) std::cout << "  " << e.str() << "\n";
  }

  std::cout << "Interpreters (runners in " << runners_dir() << "):\n";
  auto built = built_interpreters(runners_dir());
  if (built.empty()) std::cout << "  none: build the project first (see README.md)\n";
  for (const auto& i : built)
    std::printf("  %-8s %s%s\n           methods: %s\n", i.version.c_str(), i.executable.c_str(),
                i.is_default ? "  (default)" : "", probe_methods(i).c_str());

  for (const auto& u : unusable_interpreters(runners_dir()))
    std::printf("  UNUSABLE %s: %s\n", u.python.c_str(), u.reason.c_str());
  const auto on_demand = built_interpreters(runner_cache_dir());
  if (!on_demand.empty()) {
    std::cout << "Interpreters with runners built on demand (in " << runner_cache_dir() << "):\n";
    for (const auto& i : on_demand) std::printf("  %-8s %s\n", i.version.c_str(), i.executable.c_str());
  }

  std::cout << "Start methods: fork spawn forkserver default (default: whatever the interpreter picks)\n";
  return catalog.errors.empty() ? 0 : 1;
}

}  // namespace mpc::cli
