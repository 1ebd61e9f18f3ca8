// Text from a results document made safe inside report.html: as element text,
// and as JSON inside a <script> element, which HTML ends at the first "</script"
// whatever JavaScript would make of it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mpconform::reports {

// Valid UTF-8 (see utf8.h) with & < > " ' as character references: for element
// text and quoted attribute values.
std::string html_text(std::string_view bytes);

// `value` as JSON with every '<' written as \u003c, so no "</script" or "<!--"
// (which would change how the HTML parser ends the element) can appear; invalid
// UTF-8 in strings becomes U+FFFD instead of throwing. JSON.parse reads it back
// unchanged.
std::string script_json(const nlohmann::json& value);

}  // namespace mpconform::reports
