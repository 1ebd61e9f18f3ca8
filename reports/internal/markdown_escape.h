// Text that Markdown renderers (CommonMark, GitHub's tables) show literally.
// Case output mentions things like `<locals>` and `__main__`, which would
// otherwise vanish as HTML tags or turn into bold.
#pragma once

#include <string>
#include <string_view>

namespace mpconform::reports {

// One line of literal text, safe inside a table cell: printable (see
// printable.h), markup punctuation and pipes backslash-escaped, line breaks
// turned into spaces.
std::string md_inline(std::string_view bytes);

// A fenced code block holding `bytes` verbatim (made printable), with a fence
// longer than any run of backticks inside, so the text cannot close it early.
std::string md_code_block(std::string_view bytes);

}  // namespace mpconform::reports
