# Run at build time by the interpreter a runner is for: compiles boot.py and writes
# its code object, marshalled (a format of that one version), as a C array. The
# runner then evaluates it at each cell instead of parsing and compiling ~150 lines
# of source there, which took about 9M instructions of every cell's start-up.
# Usage: python -I -S compile_boot.py boot.py [MORE.py...] boot_code.h: the sources
# are compiled as one, so they share one namespace. Kept to Python 3.6.
import marshal
import sys

source_paths, out_path = sys.argv[1:-1], sys.argv[-1]
source = b""
for path in source_paths:
    with open(path, "rb") as f:
        source += f.read() + b"\n"
code = compile(source, "mpconform-boot.py", "exec", dont_inherit=True)
data = marshal.dumps(code)
lines = [", ".join(str(b) for b in data[i:i + 24]) for i in range(0, len(data), 24)]
with open(out_path, "w") as out:
    out.write("// Generated from boot.py by compile_boot.py for Python %d.%d.%d; do not edit.\n"
              % sys.version_info[:3])
    out.write("#pragma once\nstatic const unsigned char kBootCode[] = {\n  %s\n};\n" % ",\n  ".join(lines))
