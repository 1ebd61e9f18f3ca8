#include "cell_run.h"

#include <atomic>
#include <filesystem>
#include <unistd.h>

#include "cell_env.h"
#include "channel.h"
#include "hang_explanation.h"
#include "hidden_hang.h"
#include "os_lens.h"
#include "supervisor.h"

namespace fs = std::filesystem;

namespace mpc {
namespace {

std::atomic<int> g_cell_counter{0};

// The main process's own traceback is in stderr too; what remains came from children.
std::vector<PythonException> child_tracebacks_of(const std::string& stderr_text,
                                                 const std::optional<PythonException>& main) {
  std::vector<PythonException> all = parse_tracebacks(stderr_text);
  if (main) {
    for (auto it = all.end(); it != all.begin();) {
      --it;
      if (it->type == main->type && it->message == main->message) {
        all.erase(it);
        break;
      }
    }
  }
  return all;
}

CellResult harness_error(const Cell& cell, const std::string& message) {
  CellResult r;
  r.cell = cell;
  r.outcome = Outcome::Of(OutcomeKind::kHarnessError);
  r.harness_error = message;
  r.because = message;
  r.judgement = {Verdict::kFail, message};
  r.resolved_method = cell.method;
  return r;
}

// What a pytest suite's cells put before the user's own arguments (so a user's
// `--` still ends only theirs, and their own -o wins over ours):
// - its junit file beside the channel, never in the user's folder (nothing of the
//   harness in a cell's cwd), one per cell;
// - xunit1, whose `file` attribute gives back the test's node id (junit_report.h);
// - no cache provider: every cell runs in the user's folder, and a shared
//   .pytest_cache would let one cell's last-failed list change the next cell's run
//   (--lf, --ff, --sw) and make cells with --jobs race on its files;
// - the check hooks' plugin, which streams each test's outcome as it finishes
//   (check_hooks.py's PYTEST_PLUGIN).
std::vector<std::string> pytest_suite_args(const Case& kase, const std::string& junit_file) {
  if (!kase.pytest_suite) return {};
  return {"--junitxml=" + junit_file, "-o", "junit_family=xunit1", "-p", "no:cacheprovider",
          "-p", "mpconform_check_plugin"};
}

}  // namespace

std::string cgroup_prefix() { return "mpconform-" + std::to_string(getpid()) + "-"; }

ConditionFacts condition_facts(const Cell& cell, const nlohmann::json& facts,
                               const std::string& host_os) {
  ConditionFacts f;
  const std::string version = facts.value("python_version", cell.python.version);
  f.python = PythonVersion::Parse(version).value_or(PythonVersion{});
  // A lens cell's conditions see the emulated platform (`os == "macos"`).
  f.os = is_lens(cell.os) ? cell.os : host_os;
  return f;
}

// macOS's temporary folder, /var/folders/xx/<26 characters>/T, is 44 characters
// long, which is what brings a Manager's or the fork server's socket path near
// the 104-byte limit there: the lens gives the cell a folder of that length of its
// own (under /tmp, wherever the caller's TMPDIR points), removed after the cell.
constexpr size_t kMacosTmpdirLength = 44;

std::string make_macos_tmpdir(int serial) {
  std::string base = "/tmp/mpconform-macos-" + std::to_string(getpid()) + "-" + std::to_string(serial) + "-";
  if (base.size() + 2 < kMacosTmpdirLength) base += std::string(kMacosTmpdirLength - 2 - base.size(), 'x');
  std::error_code ec;
  fs::create_directories(base + "/T", ec);
  return ec ? "" : base + "/T";
}

namespace {

CellResult run_cell_once(const Cell& cell, const CellContext& ctx) {
  if (!cell.kase) return harness_error(cell, cell.error ? cell.error->str() : "no case");
  const Case& kase = *cell.kase;

  const int serial = ++g_cell_counter;
  // The cell's working directory is `work` inside its folder, and what the harness
  // keeps there (the channel) sits beside it: a case may empty, remove or replace
  // its working directory without touching the evidence.
  const fs::path dir = fs::path(ctx.scratch_dir) / (std::to_string(serial) + "-" + kase.id);
  const fs::path work = dir / "work";
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) return harness_error(cell, "cannot create " + work.string() + ": " + ec.message());
  const std::string channel = (dir / "channel.jsonl").string();
  const std::string token = "MPCONFORM_CELL=" + std::to_string(getpid()) + "-" + std::to_string(serial);

  LaunchSpec spec;
  spec.argv = {cell.python.runner, "--mpconform-cell", kase.module.empty() ? "--case" : "--module",
               kase.module.empty() ? kase.file : kase.module, "--method", cell.method,
               "--exe-mode", cell.exe_mode, "--python-exe", cell.python.executable,
               "--channel", channel};
  for (const Requirement& req : kase.requirements) {  // checked by the runner: unsupported if absent
    spec.argv.push_back("--require");
    spec.argv.push_back(req.str());
  }
  const std::string junit = (dir / "junit.xml").string();
  for (const std::string& arg : pytest_suite_args(kase, junit)) {
    spec.argv.push_back("--arg");
    spec.argv.push_back(arg);
  }
  for (const std::string& arg : kase.args) {  // a user's program's own arguments (check)
    spec.argv.push_back("--arg");
    spec.argv.push_back(arg);
  }
  if (kase.diagnose) {
    spec.argv.push_back("--diagnose");
    spec.argv.push_back("1");
  }
  // Every cell gathers the evidence of causes (pyhooks/mpconform_check.py): `check`
  // compares it with a baseline, `run` keeps it as the cell's evidence.causes.
  CellEnvInputs env_in{ctx.hooks_dir, ctx.fixtures_dir, channel, token, ctx.knobs, /*check_hooks=*/true,
                       /*os_lens=*/is_lens(cell.os) ? cell.os : "", /*tmpdir=*/""};
  if (cell.os == "macos") env_in.tmpdir = make_macos_tmpdir(serial);
  spec.env = cell_environment(ctx.caller_env, env_in);
  // A user's program runs where the user is, to read its own files (check).
  spec.cwd = kase.cwd.empty() ? work.string() : kase.cwd;
  spec.waits_on_ready_fd = true;
  spec.cell_token = token;
  const CellLimits limits = effective_limits(kase.limits, ctx.limits);
  spec.deadline = std::chrono::milliseconds(static_cast<long long>(limits.timeout_s * 1000));
  spec.max_processes = limits.processes;
  spec.max_memory = limits.memory_bytes;
  spec.max_output = limits.output_bytes;
  spec.cgroup_name = cgroup_prefix() + std::to_string(serial);
  spec.output_cap = ctx.output_cap;
  spec.stderr_backpressure_ms = ctx.stderr_backpressure_ms;

  CellResult r;
  r.cell = cell;
  r.limits = limits;
  // A suite runs on while its tests finish (suite_pacing.h); its progress is read
  // from the channel as it grows.
  ChannelTail tail(channel);
  SuiteProgress live;
  if (kase.pytest_suite && ctx.suite_pacing) {
    r.suite_deadlines = ctx.suite_pacing->next();
    spec.deadline = std::chrono::milliseconds(static_cast<long long>(r.suite_deadlines->idle_s * 1000));
    spec.deadline_cap = std::chrono::milliseconds(static_cast<long long>(r.suite_deadlines->cap_s * 1000));
    r.limits.timeout_s = r.suite_deadlines->cap_s;
    spec.progress = [&] {
      const size_t before = live.steps();
      for (const auto& ev : tail.read_new()) live.observe(ev);
      if (live.steps() != before && ctx.on_suite_progress) ctx.on_suite_progress(cell, live);
      return live.steps();
    };
  }
  r.tree = run_tree(spec, ctx.hold_hung_tree);
  if (r.suite_deadlines) ctx.suite_pacing->finished(r.tree.duration_s, r.tree.end == TreeEnd::kExited);
  ChannelContents ch = read_channel(channel);
  r.facts = ch.start_facts;
  r.facts["env"] = relevant_entries(spec.env);
  r.facts["os"] = ctx.host_os;
  r.observations = ch.observations;
  r.observation_log = ch.observation_log;
  r.marks = ch.marks;
  r.at_forks = read_at_forks(ch.at_forks);
  r.forks_counted = ch.forks_counted;
  r.check_events = ch.check_events;
  r.suite = ch.suite;
  if (r.tree.end == TreeEnd::kCrashLoop)
    r.hang_explanation = crashes_sentence(r.tree.crashes, true, source_from_disk()) + ".";
  else if (!r.tree.hang.empty())
    r.hang_explanation = explain_hang(r.tree.hang, r.at_forks, source_from_disk());
  r.exception = ch.report.exception;
  r.child_tracebacks = child_tracebacks_of(r.tree.err.text, ch.report.exception);
  r.resolved_method = r.facts.value("resolved_method", cell.method);
  if (kase.pytest_suite) r.junit = read_junit_file(junit);

  Observation observed{r.tree, ch.report, r.child_tracebacks};
  Classification c = classify(observed);
  r.outcome = c.outcome;
  r.because = c.because;
  r.root_cause = c.root_cause;
  // The crash sentence again with the crashing line's code, which classify does
  // not read.
  if (r.outcome.kind == OutcomeKind::kCrash && r.tree.end != TreeEnd::kSignaled && r.tree.crashes.count() > 0) {
    const bool loop = r.tree.end == TreeEnd::kCrashLoop;
    const std::string bare = crashes_sentence(r.tree.crashes, loop, nullptr);
    if (r.because.rfind(bare, 0) == 0)
      r.because = crashes_sentence(r.tree.crashes, loop, source_from_disk()) + r.because.substr(bare.size());
    if (!loop) r.hang_explanation = r.because + "." + (r.hang_explanation.empty() ? "" : " " + r.hang_explanation);
  }
  // A child the program ended itself after it deadlocked: the program's outcome
  // stands (it may be `ok`), and the cause says what happened beside it.
  if (!r.tree.deadlocked_unwaited.empty() && r.outcome.kind != OutcomeKind::kDeadlock) {
    const auto& first = r.tree.deadlocked_unwaited.front();
    r.because += "; beside it, " + hidden_hang_sentence(first, at_fork_of(r.at_forks, first.pid), source_from_disk());
    const size_t more = r.tree.deadlocked_unwaited.size() - 1;
    if (more) r.because += " " + std::to_string(more) + (more == 1 ? " more child" : " more children") +
                           " deadlocked the same way.";
  }
  if (r.outcome.kind == OutcomeKind::kHarnessError) r.harness_error = c.because;

  const ConditionFacts facts = condition_facts(cell, r.facts, ctx.host_os);
  if (const MethodExpectation* m = kase.expectation_for(cell.method)) r.expected = m->resolve(facts);
  r.judgement = judge(r.expected, r.outcome, r.observations);
  if (const MethodExpectation* m = kase.documented_for(cell.method)) r.documented = m->resolve(facts);
  if (r.documented && r.outcome.kind != OutcomeKind::kHarnessError)
    r.claim_holds = judge(r.documented, r.outcome, r.observations).verdict == Verdict::kPass;
  if (r.outcome.kind == OutcomeKind::kHarnessError && r.judgement.verdict != Verdict::kFail)
    r.judgement = {Verdict::kFail, r.because};  // the harness failing is never a pass
  // Like lit's UNSUPPORTED: a method or module this interpreter lacks is shown with
  // its reason, never judged a failure, and says nothing about the claim.
  if (r.outcome.kind == OutcomeKind::kUnsupported) {
    r.judgement = {Verdict::kPass, "unsupported here: " + r.because};
    r.claim_holds.reset();
  }

  fs::remove_all(dir, ec);
  if (!env_in.tmpdir.empty()) fs::remove_all(fs::path(env_in.tmpdir).parent_path(), ec);
  return r;
}

}  // namespace

// An exception out of a cell (a filesystem error, a channel line of an unexpected
// shape) would leave the scheduler's thread and end the whole run without a report:
// it becomes this cell's harness error instead, with what was thrown.
CellResult run_cell(const Cell& cell, const CellContext& ctx) {
  try {
    return run_cell_once(cell, ctx);
  } catch (const std::exception& e) {
    return harness_error(cell, std::string("mpconform failed on this cell: ") + e.what());
  }
}

}  // namespace mpc
