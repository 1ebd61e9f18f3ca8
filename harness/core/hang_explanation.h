// Why a tree hangs, in one or two sentences: joins what a hung child waits for (its
// blocked thread's Python and native stacks) to what the parent's other threads were
// doing at the fork that made it (at_fork.h). A lock fork copied in its held state
// is held by a thread the child does not have; the sentence names that thread and
// where it stood, e.g. "pid 4242 waits for the lock of sys.stderr's buffer in
// print() (case.py:11); at its fork (case.py:15, `p.start()`), thread 'Thread-1
// (chatter)' was inside print() (case.py:7), holding it."
//
// Recognised: stdio buffer locks, logging's handler and module locks, the import
// lock, a named threading lock taken at a line (`with NAME:`, `NAME.acquire()`)
// another thread was inside, and native thread pools (OpenMP, OpenBLAS, torch)
// from the native stacks. Anything else is said as far as it is known.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "at_fork.h"
#include "supervisor.h"

namespace mpc {

// Line `line` (from 1) of `file` as written, "" when it cannot be read.
using SourceLine = std::function<std::string(const std::string& file, int line)>;
SourceLine source_from_disk();

// "" when no process of the hang waits in a way that can be told.
std::string explain_hang(const std::vector<HungProcess>& hang, const std::vector<AtFork>& forks,
                         const SourceLine& source);

// What the other threads of the forking process were inside at fork `f` that a
// child can need: "thread 'access-log' was inside logging's emit() (logging/__init__.py:1113,
// from app.py:33, `log.info(...)`)"; several joined by "; ". "" when none was
// seen inside a lock (a fork beside threads that held nothing known).
std::string locks_held_at_fork(const AtFork& f, const SourceLine& source);

// A file as people name it in a sentence: its base name, with its folder for a
// package's __init__.py ("logging/__init__.py").
std::string short_file(const std::string& path);

}  // namespace mpc
