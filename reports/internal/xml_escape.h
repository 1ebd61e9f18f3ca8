// Any bytes made into well-formed XML 1.0: printable first (see printable.h),
// so characters XML forbids never reach the file, then markup characters escaped.
#pragma once

#include <string>
#include <string_view>

namespace mpconform::reports {

// For element content.
std::string xml_text(std::string_view bytes);

// For a double- or single-quoted attribute value. Tab and newline become
// character references, which attribute-value normalisation would otherwise
// turn into spaces.
std::string xml_attribute(std::string_view bytes);

}  // namespace mpconform::reports
