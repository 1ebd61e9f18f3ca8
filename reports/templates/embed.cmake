# Turns report.html, report.css and report.js into byte arrays in one header, so
# the page is part of the library and `mpconform` needs no files at run time.
# Byte arrays rather than raw strings: no delimiter can clash with the text, and no
# compiler's string-literal length limit applies. Usage:
#   cmake -DDIR=<templates> -DOUT=<header> -P embed.cmake
set(content "// Generated from reports/templates by embed.cmake; do not edit.\n#pragma once\n")
foreach(pair "kReportHtml;report.html" "kReportCss;report.css" "kReportJs;report.js")
  list(GET pair 0 name)
  list(GET pair 1 file)
  file(READ "${DIR}/${file}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND content "static const char ${name}[] = {${bytes}0};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${content}")
# Only a changed header makes its users recompile.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
