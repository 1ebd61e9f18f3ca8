#include "outcome.h"

#include <cctype>
#include <csignal>
#include <cstring>

namespace mpc {
namespace {

struct Name {
  OutcomeKind kind;
  const char* word;
  bool has_detail;
};
constexpr Name kNames[] = {
    {OutcomeKind::kOk, "ok", false},
    {OutcomeKind::kPicklingError, "pickling-error", false},
    {OutcomeKind::kBootstrapError, "bootstrap-error", false},
    {OutcomeKind::kException, "exception", true},
    {OutcomeKind::kDeadlock, "deadlock", false},
    {OutcomeKind::kTimeout, "timeout", false},
    {OutcomeKind::kLimit, "limit", true},
    {OutcomeKind::kCrash, "crash", true},
    {OutcomeKind::kExit, "exit", true},
    {OutcomeKind::kUnsupported, "unsupported", false},
    {OutcomeKind::kHarnessError, "harness-error", false},
};

bool valid_detail(OutcomeKind kind, const std::string& d) {
  if (d.empty()) return false;
  switch (kind) {
    case OutcomeKind::kExit: {
      size_t start = d[0] == '-' ? 1 : 0;
      if (start == d.size()) return false;
      for (size_t i = start; i < d.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
      return true;
    }
    case OutcomeKind::kCrash:
      return d.rfind("SIG", 0) == 0 && d.size() > 3;
    case OutcomeKind::kLimit:
      return d == "processes" || d == "memory" || d == "output";
    default:  // an exception class name, possibly dotted
      for (char c : d)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return false;
      return true;
  }
}

}  // namespace

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "SIG" + std::to_string(signal);
}

Outcome Outcome::Crash(int signal) { return {OutcomeKind::kCrash, signal_name(signal)}; }

std::string Outcome::str() const {
  for (const Name& n : kNames)
    if (n.kind == kind) return n.has_detail ? std::string(n.word) + ":" + detail : n.word;
  return "harness-error";
}

std::optional<Outcome> Outcome::Parse(const std::string& text) {
  const size_t colon = text.find(':');
  const std::string word = text.substr(0, colon);
  for (const Name& n : kNames) {
    if (word != n.word) continue;
    if (!n.has_detail) {
      if (colon != std::string::npos) return std::nullopt;
      return Outcome{n.kind, ""};
    }
    if (colon == std::string::npos) return std::nullopt;
    std::string detail = text.substr(colon + 1);
    if (!valid_detail(n.kind, detail)) return std::nullopt;
    return Outcome{n.kind, detail};
  }
  return std::nullopt;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "PASS";
    case Verdict::kFail: return "FAIL";
    case Verdict::kNew: return "NEW";
  }
  return "FAIL";
}

}  // namespace mpc
