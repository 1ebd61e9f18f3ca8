// The OS lens (`--os macos|windows`): a cell runs here, on Linux, with another
// platform's start methods and documented differences applied by the Python hooks
// (harness/pyhooks/mpconform_os_lens.py holds the rules). Linux cells are the
// host's own and stay unlabelled, so a run without --os is what it always was.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mpc {

inline constexpr const char* kHostOs = "linux";

// "linux" first, then each lens asked for, once, in the order given. Throws
// std::runtime_error naming the flag for an OS no lens exists for.
std::vector<std::string> plan_oses(const std::vector<std::string>& asked);

// "macOS (emulated)", "Windows (emulated)"; "" for the host's own linux.
std::string os_label(const std::string& os);

bool is_lens(const std::string& os);

// A results.json cell's emulated OS ("macos"), "" for the host's own: what keys
// that tell cells apart (compare, merge) add, so host cells keep their keys.
std::string lens_of_cell(const nlohmann::json& cell);

}  // namespace mpc
