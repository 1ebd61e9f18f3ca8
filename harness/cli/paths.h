// Where the command finds what the build made and what the source tree holds: in
// a build tree, runners/ beside the binary and the rest in the source tree; in an
// install, <prefix>/libexec/mpconform/runners and <prefix>/share/mpconform/{cases,
// fixtures,pyhooks,runner-src}, relative to the binary. Runners built on demand
// live in the user's cache, whichever the layout.
#pragma once
#include <string>

namespace mpc::cli {

std::string executable_dir();    // the folder of the running `mpconform`
std::string runners_dir();       // <executable_dir>/runners, or libexec/mpconform/runners
std::string builtin_cases_dir(); // <source>/cases, or share/mpconform/cases
std::string fixtures_dir();      // <source>/fixtures, or share/mpconform/fixtures
std::string hooks_dir();         // <source>/harness/pyhooks, or share/mpconform/pyhooks
std::string runner_sources_dir(); // <source>/harness/runner, or share/mpconform/runner-src
std::string runner_cache_dir();   // $XDG_CACHE_HOME/mpconform/runners (default ~/.cache): runners built on demand

}  // namespace mpc::cli
