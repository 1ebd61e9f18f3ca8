// Where the command finds what the build made and what the source tree holds.
#pragma once
#include <string>

namespace mpc::cli {

std::string executable_dir();    // the folder of the running `mpconform`
std::string runners_dir();       // <executable_dir>/runners
std::string builtin_cases_dir(); // <source>/cases
std::string fixtures_dir();      // <source>/fixtures
std::string hooks_dir();         // <source>/harness/pyhooks

}  // namespace mpc::cli
