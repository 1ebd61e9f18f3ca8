#!/bin/sh
# Installs what a fresh Debian 12 (bookworm) machine lacks, from Debian's archive.
#   sh ci/setup.sh           to build mpconform and run the matrix: the compiler and
#                            build tools, the system Python with its embedding files,
#                            the C++ libraries
#   sh ci/setup.sh --tests   that, and what the tests and the library cases use:
#                            the libraries the `libraries` cases import (PyTorch,
#                            gRPC, NumPy with both OpenBLAS builds...), Chromium and
#                            Selenium for the report's browser test, gdb, clang,
#                            valgrind
# Without --tests, the library cases whose library is absent are `unsupported`,
# with the reason ("requires torch"). Safe to run again: it only calls apt-get when
# a package is missing.
set -eu

PACKAGES="
  g++ cmake ninja-build
  python3 python3-dev libpython3-dev
  libgtest-dev libgmock-dev
  libboost1.81-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
"
if [ "${1:-}" = "--tests" ]; then
  PACKAGES="$PACKAGES
  libxml2-utils
  chromium chromium-driver python3-selenium fonts-dejavu-core python3-yaml
  python3-torch python3-grpcio python3-numpy libopenblas0-pthread libopenblas0-openmp python3-joblib python3-multiprocess python3-cloudpickle python3-pytest gdb
  clang-14 libclang-rt-14-dev valgrind
"
elif [ -n "${1:-}" ]; then
  echo "ci/setup.sh: unknown argument '$1' (only --tests)" >&2
  exit 2
fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "ci/setup.sh: all ${1:+test and }build dependencies are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "ci/setup.sh: these packages are missing and installing them needs root:$missing" >&2
  exit 1
fi

echo "ci/setup.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q
# shellcheck disable=SC2086
$as_root apt-get install -y -q --no-install-recommends $missing
