// A short, stable digest of some text: FNV-1a, 64 bits, as 16 hex digits. For keys
// that must stay the same across runs and machines (a runner's cache entry, a SARIF
// result's fingerprint), not for security.
#pragma once
#include <string>

namespace mpc {

std::string digest(const std::string& text);

}  // namespace mpc
