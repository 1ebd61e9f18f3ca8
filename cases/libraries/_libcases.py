"""Helpers shared by the cases in this folder (the catalog skips files whose name
starts with '_'). Each case imports it from its own folder, so it runs standalone
as `python3 case.py` too."""
import ctypes
import os
import sysconfig


def openblas_dir(variant):
    """Debian's folder for one OpenBLAS build: 'openmp' or 'pthread'."""
    multiarch = sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"
    return os.path.join("/usr/lib", multiarch, "openblas-" + variant)


def use_openblas(variant):
    """Makes this process's NumPy use one OpenBLAS variant, whatever the system's
    alternatives (update-alternatives) point libblas.so.3 at: loading the variant's
    libraries globally before NumPy is imported lets the dynamic loader satisfy
    NumPy's libblas.so.3 and libopenblas.so.0 with the ones already loaded (it
    matches by soname). Must run before the first `import numpy`; spawn and
    forkserver children run it again when they import the main module."""
    folder = openblas_dir(variant)
    for name in ("libopenblas.so.0", "libblas.so.3", "liblapack.so.3"):
        ctypes.CDLL(os.path.join(folder, name), mode=ctypes.RTLD_GLOBAL)
    return folder


def mapped_blas():
    """The OpenBLAS variant and threading runtime this process has mapped, e.g.
    'openmp+libgomp', read from /proc/self/maps."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "/" in line}
    variants = sorted({p.split("openblas-")[1].split("/")[0] for p in paths
                       if "openblas-" in p and "libopenblas" in p})
    gomp = any(os.path.basename(p).startswith("libgomp") for p in paths)
    return "+".join(variants + (["libgomp"] if gomp else [])) or "none"
