// The environment a cell runs in. The caller's PYTHON* variables never reach a
// case (PYTHONUNBUFFERED=1 would hide buffering behaviour, PYTHONPATH could shadow
// the stdlib); the harness sets its own, so outcomes do not depend on who ran it.
#pragma once
#include <string>
#include <vector>

namespace mpc {

struct CellEnvInputs {
  std::string hooks_dir;     // harness/pyhooks: imported at start-up (stack dumps)
  std::string fixtures_dir;  // importable by cases (mpconform_case)
  std::string channel;       // the runner's channel file
  std::string token;         // NAME=VALUE unique to the cell
  std::vector<std::string> knobs;  // NAME=VALUE, given to the case as MPCONFORM_KNOB_NAME
  // Every process of the cell gathers evidence for the causes of output
  // differences (MPCONFORM_CHECK_HOOKS=1, read by pyhooks/sitecustomize.py).
  bool check_hooks = false;
  // An emulated OS (os_lens.h): MPCONFORM_OS turns on the lens's rules in every
  // process (pyhooks/mpconform_os_lens.py); "" or linux for none.
  std::string os_lens{};
  // TMPDIR for the cell, where the lens wants a platform-shaped temporary folder.
  std::string tmpdir{};
};

// `caller` is the harness's own environment (NAME=VALUE entries).
std::vector<std::string> cell_environment(const std::vector<std::string>& caller,
                                          const CellEnvInputs& in);

// The entries the harness itself set or kept that can change a case's behaviour.
std::vector<std::string> relevant_entries(const std::vector<std::string>& env);

}  // namespace mpc
