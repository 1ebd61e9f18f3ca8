file(READ "${IN}" source)
file(WRITE "${OUT}" "// Generated from boot.py by embed_boot.cmake; do not edit.\n#pragma once\nstatic const char kBootPy[] = R\"MPCBOOT(${source})MPCBOOT\";\n")
