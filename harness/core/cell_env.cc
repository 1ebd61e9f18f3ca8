#include "cell_env.h"

#include <algorithm>

namespace mpc {
namespace {

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

std::vector<std::string> cell_environment(const std::vector<std::string>& caller,
                                          const CellEnvInputs& in) {
  std::vector<std::string> env;
  for (const auto& entry : caller)
    if (!starts_with(entry, "PYTHON") && !starts_with(entry, "MPCONFORM_")) env.push_back(entry);
  env.push_back("PYTHONPATH=" + (in.hooks_dir.empty() ? "" : in.hooks_dir + ":") + in.fixtures_dir);
  env.push_back("PYTHONHASHSEED=0");
  env.push_back("MPCONFORM_CHANNEL=" + in.channel);
  env.push_back(in.token);
  for (const auto& knob : in.knobs) env.push_back("MPCONFORM_KNOB_" + knob);
  if (in.check_hooks) env.push_back("MPCONFORM_CHECK_HOOKS=1");
  if (!in.os_lens.empty() && in.os_lens != "linux") env.push_back("MPCONFORM_OS=" + in.os_lens);
  if (!in.tmpdir.empty()) {
    env.erase(std::remove_if(env.begin(), env.end(), [](const std::string& e) { return starts_with(e, "TMPDIR="); }),
              env.end());
    env.push_back("TMPDIR=" + in.tmpdir);
  }
  return env;
}

std::vector<std::string> relevant_entries(const std::vector<std::string>& env) {
  std::vector<std::string> out;
  for (const auto& entry : env)
    if (starts_with(entry, "PYTHON") || starts_with(entry, "MPCONFORM_") ||
        starts_with(entry, "LANG=") || starts_with(entry, "LC_ALL="))
      out.push_back(entry);
  return out;
}

}  // namespace mpc
