// The end of long captured output: where a traceback or the last words before
// a hang usually are. Both cuts say how much they left out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mpconform::reports {

// The last lines of `text` within `max_bytes`, starting at a line boundary when
// one is near (else at a character boundary), after a "[... N bytes omitted]" line.
std::string tail_bytes(std::string_view text, std::size_t max_bytes);

// The last `max_lines` lines of `text`, after a "[... N lines omitted]" line.
std::string tail_lines(std::string_view text, std::size_t max_lines);

}  // namespace mpconform::reports
