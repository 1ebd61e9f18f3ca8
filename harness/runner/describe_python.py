# Run by `mpconform` with the interpreter a runner is to be built for (runners built
# on demand, harness/core/runner_cache.cc): prints, as one JSON object, the facts the
# build recipe (harness/core/runner_build.cc) needs. The same questions as
# cmake/Runner.cmake asks at configure time. Runs with -E -s -S; its syntax is kept
# to what Python 2.7 parses, so an old interpreter still says its version.
import json
import os
import struct
import sys

facts = {
    "version": "%d.%d.%d" % sys.version_info[:3],
    "executable": os.path.realpath(sys.executable),
}
if sys.version_info < (3, 6):
    print(json.dumps(facts))
    sys.exit(0)

import sysconfig  # noqa: E402

v = sysconfig.get_config_var


def elf_loader(path):
    """The program interpreter (PT_INTERP) of a 64-bit little-endian ELF, or ""."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if head[:6] != b"\x7fELF\x02\x01":
                return ""
            phoff, = struct.unpack_from("<Q", head, 32)
            phentsize, phnum = struct.unpack_from("<HH", head, 54)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
            for i in range(phnum):
                kind, = struct.unpack_from("<I", table, i * phentsize)
                if kind == 3:  # PT_INTERP
                    offset, = struct.unpack_from("<Q", table, i * phentsize + 8)
                    size, = struct.unpack_from("<Q", table, i * phentsize + 32)
                    f.seek(offset)
                    return f.read(size).rstrip(b"\0").decode()
    except (OSError, struct.error, UnicodeDecodeError):
        pass
    return ""


# A relocated tree (a private sysroot unpacked from .debs) keeps the paths of the
# prefix it was built for in its config vars: map them onto where it is now, found
# from the include folder sysconfig computes at run time.
built_include = v("INCLUDEPY") or ""
live_include = sysconfig.get_paths().get("include", built_include)
old_root = new_root = ""
if built_include != live_include:
    a, b = built_include.split("/"), live_include.split("/")
    while len(a) > 2 and len(b) > 2 and a[-1] == b[-1]:  # keep a root: "/usr", not ""
        a.pop()
        b.pop()
    old_root, new_root = "/".join(a), "/".join(b)


def here(path):
    if old_root and path.startswith(old_root + "/"):
        return new_root + path[len(old_root):]
    return path


try:
    with open("/proc/self/maps") as maps:
        shared = any("libpython" in line for line in maps)
except (IOError, OSError):
    shared = True  # cannot tell: keep the shared library, as Runner.cmake does
archive = here(os.path.join(v("LIBPL") or "", v("LIBRARY") or ""))
own_loader = elf_loader(facts["executable"])
host_loader = elf_loader("/bin/sh")
facts.update({
    "prefix": sys.base_prefix if hasattr(sys, "base_prefix") else sys.prefix,
    "include_dir": here(built_include),
    "lib_dir": here(v("LIBDIR") or ""),
    "ldlibrary": v("LDLIBRARY") or "",
    "libs": " ".join(x for x in (v("LIBS"), v("SYSLIBS")) if x),
    "static_archive": archive if not shared and os.path.isfile(archive) else "",
    "static_libs": " ".join(v(k) or "" for k in ("LINKFORSHARED", "MODLIBS", "LIBS", "SYSLIBS")),
    # An interpreter with a loader of its own (a sysroot's newer glibc): the runner
    # must be loaded by it too.
    "loader": own_loader if own_loader and host_loader and
    os.path.realpath(own_loader) != os.path.realpath(host_loader) else "",
})
print(json.dumps(facts))
