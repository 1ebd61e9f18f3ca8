// Captured output made safe to show anywhere: a case's stdout and stderr may
// hold colour codes, progress-bar carriage returns, NULs or broken UTF-8, and
// none of that may reach a terminal, an XML file or a Markdown page raw.
#pragma once

#include <string>
#include <string_view>

namespace mpconform::reports {

// Valid UTF-8 with terminal escape sequences removed, CR LF and lone CR turned
// into LF, and every other control character (C0 except tab and LF, DEL) and
// the noncharacters U+FFFE and U+FFFF dropped. What is left is also legal
// XML 1.0 character data.
std::string printable_text(std::string_view bytes);

}  // namespace mpconform::reports
