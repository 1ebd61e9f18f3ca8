// What a program's output does by itself from one run to the next, learned from
// runs of the same cell, so that `check` calls a difference a break only when it
// goes beyond that. Real programs print elapsed times, timestamps, pids and
// addresses, and how many lines some of them print depends on timing (a thread
// logging as fast as it can; pool workers terminated before they flush). Two
// lessons are learned per stream:
//   - lines whose text differed between runs are compared by their shape (each
//     word holding a digit is '#'), so "done in 0.1088s" matches "done in 0.0991s";
//     only the words that did vary are blanked: in "worker 4242 saw limit 0.75",
//     where the pid varies and the limit does not, a child that saw 0.0 differs;
//   - lines (or shapes) whose count differed between runs are compared as "some":
//     present or absent, not how many.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mpc {

// "12:01:33 pid 4242 took 0.52s at 0x7f3a" -> "# pid # took # at #": every
// word (a run of non-blank characters) that holds a digit becomes '#', and runs
// of blanks one blank (numbers padded to a width shift the columns).
std::string line_shape(const std::string& line);

// The words of `line` that line_shape() blanks, in order.
std::vector<std::string> shape_words(const std::string& line);

// One run's output, as lines.
struct RunText {
  std::vector<std::string> out, err;
  std::optional<int> exit_code;
};

struct StreamVariation {
  // Shapes whose lines' text differed between runs, with which of their blanked
  // words differed (by position).
  std::map<std::string, std::set<size_t>> by_shape;
  std::set<std::string> some;  // keys whose count differed between runs

  // How a line is compared: when its shape varies, its shape with the words that
  // did not vary put back; else the line itself. Clock times and addresses are
  // blanked in any line.
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
