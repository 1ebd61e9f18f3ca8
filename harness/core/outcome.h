// The closed vocabularies of DESIGN.md: what happened in a cell (Outcome) and how
// that compares with what the case expects (Verdict). Their names are exactly the
// words used in results.json and every report.
#pragma once
#include <optional>
#include <string>

namespace mpc {

enum class OutcomeKind {
  kOk,
  kPicklingError,
  kBootstrapError,
  kException,  // detail: the exception class name
  kDeadlock,
  kTimeout,
  kLimit,  // detail: the limit the tree hit (processes, memory, output)
  kCrash,  // detail: the signal name, e.g. SIGSEGV
  kExit,   // detail: the exit code
  kUnsupported,
  kHarnessError,
};

struct Outcome {
  OutcomeKind kind = OutcomeKind::kHarnessError;
  std::string detail;

  static Outcome Ok() { return {OutcomeKind::kOk, ""}; }
  static Outcome Exception(std::string type) { return {OutcomeKind::kException, std::move(type)}; }
  static Outcome Crash(int signal);
  static Outcome Limit(std::string name) { return {OutcomeKind::kLimit, std::move(name)}; }
  static Outcome Exit(int code) { return {OutcomeKind::kExit, std::to_string(code)}; }
  static Outcome Of(OutcomeKind kind) { return {kind, ""}; }

  // "ok", "exception:ValueError", "crash:SIGKILL", "exit:3", ...
  std::string str() const;
  // The inverse of str(); nullopt for anything outside the vocabulary.
  static std::optional<Outcome> Parse(const std::string& text);

  bool operator==(const Outcome& o) const { return kind == o.kind && detail == o.detail; }
  bool operator!=(const Outcome& o) const { return !(*this == o); }
};

enum class Verdict { kPass, kFail, kNew };
const char* to_string(Verdict v);

std::string signal_name(int signal);

}  // namespace mpc
