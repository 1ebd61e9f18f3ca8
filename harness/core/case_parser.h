// Reads a case file's metadata block into a Case. Never throws: a malformed case
// comes back as a CaseError naming the file, the line and what is wrong.
#pragma once
#include <string>
#include <variant>

#include "case.h"

namespace mpc {

using ParsedCase = std::variant<Case, CaseError>;

ParsedCase parse_case_file(const std::string& path);
// `text` is the file's content; `path` names it in errors and must end in <id>.py.
ParsedCase parse_case_text(const std::string& text, const std::string& path);

}  // namespace mpc
