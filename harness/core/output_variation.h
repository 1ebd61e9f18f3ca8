// What a program's output does by itself from one run to the next, learned from
// runs of the same cell, so that `check` calls a difference a break only when it
// goes beyond that. Real programs print elapsed times, timestamps, pids and
// addresses, and how many lines some of them print depends on timing (a thread
// logging as fast as it can; pool workers terminated before they flush). Two
// lessons are learned per stream:
//   - lines whose text differed between runs are compared by their shape (each
//     word holding a digit is '#'), so "done in 0.1088s" matches "done in 0.0991s";
//   - lines (or shapes) whose count differed between runs are compared as "some":
//     present or absent, not how many.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mpc {

// "12:01:33 pid 4242 took 0.52s at 0x7f3a" -> "# pid # took # at #": every
// word (letters, digits, '_', '.') that holds a digit becomes '#', and runs of
// blanks one blank (numbers padded to a width shift the columns).
std::string line_shape(const std::string& line);

// One run's output, as lines.
struct RunText {
  std::vector<std::string> out, err;
  std::optional<int> exit_code;
};

struct StreamVariation {
  std::set<std::string> by_shape;  // shapes whose lines' text differed between runs
  std::set<std::string> some;      // keys whose count differed between runs

  // How a line is compared: its shape when its shape varies, else itself.
  std::string key(const std::string& line) const;
  void merge(const StreamVariation& other);
  bool empty() const { return by_shape.empty() && some.empty(); }
};

struct OutputVariation {
  StreamVariation out, err;
  size_t runs = 0;  // how many runs it was learned from (1: nothing learned)

  void merge(const OutputVariation& other);
};

// What differed between these runs of one cell (fewer than two: nothing).
OutputVariation learn_variation(const std::vector<RunText>& runs);

}  // namespace mpc
