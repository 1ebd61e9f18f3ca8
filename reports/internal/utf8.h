// UTF-8 for report text. Captured output is arbitrary bytes; every report is
// UTF-8, so bytes are made valid once, and widths count characters, not bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mpconform::reports {

// `bytes` with each invalid sequence (stray continuation, truncated, overlong,
// surrogate, beyond U+10FFFF) replaced by one U+FFFD.
std::string valid_utf8(std::string_view bytes);

// Terminal columns taken by valid UTF-8 `text`, one per code point: report text
// is ASCII apart from the few narrow symbols the reports choose (≠, …).
std::size_t display_width(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when anything was cut.
std::string fit_width(std::string_view text, std::size_t width);

}  // namespace mpconform::reports
