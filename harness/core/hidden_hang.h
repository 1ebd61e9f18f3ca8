// Hangs the program hides: a child that deadlocked on its own while nothing waited
// for it without a timeout (a request handler's `join(timeout)`, then
// `terminate()`). The tree ran on and the program may exit 0, saying only "5 of 40
// requests timed out"; the supervisor saw the child wait on itself for the quiet
// window (TreeRun::deadlocked_unwaited). Joined here to the at-fork record of that
// child: which thread of the parent was inside a lock the child can need.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "at_fork.h"
#include "hang_explanation.h"
#include "supervisor.h"

namespace mpc {

// One sentence: "pid 4242 deadlocked on its own 0.6 s after the start (its only
// thread waits without a timeout on a lock private to the process) while nothing
// waited for it without a timeout, and was dead when the program ended (last seen
// waiting at 3.0 s): killed by the program, for it could never have woken and the
// harness ends nothing before the end. At its fork (app.py:24, `child.start()`), thread
// 'access-log' was inside logging's emit() (...)."
std::string hidden_hang_sentence(const TreeRun::UnwaitedDeadlock& d, const AtFork* fork, const SourceLine& source);

// evidence.deadlocked_unwaited: [{pid, ppid, since_s, last_seen_s, gone, why,
// explanation}], in pid order; [] when none.
nlohmann::json hidden_hangs_json(const TreeRun& tree, const std::vector<AtFork>& forks, const SourceLine& source);

}  // namespace mpc
