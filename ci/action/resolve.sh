#!/bin/bash
# The GitHub action's first step (action.yml): each interpreter named in $PYTHONS
# as a path, and the key its build is cached under. hashFiles() reads only the
# workspace, not the action's own folder, so the sources are hashed here.
# Outputs (to $GITHUB_OUTPUT): paths (one a line, as `check --python` takes them),
# first and extra (the base interpreters the runners are built for, extra
# ;-separated for CMake), build-dir, key.
set -euo pipefail
action_dir="$(cd "$(dirname "$0")/../.." && pwd)"
out="${GITHUB_OUTPUT:-/dev/null}"

paths=() bases=() seen=()
for word in $(printf '%s' "${PYTHONS:-python3}" | tr ',' ' '); do
  case "$word" in
    */*) exe="$word" ;;
    [0-9]*.[0-9]*) exe="$(command -v "python$word" || true)" ;;  # "3.12": setup-python's python3.12
    *) exe="$(command -v "$word" || true)" ;;
  esac
  if [ -z "$exe" ] || [ ! -x "$exe" ]; then
    echo "::error title=mpconform::no interpreter '${word//%/%25}' (input python; install it with actions/setup-python before this action)"
    exit 2
  fi
  # The interpreter itself, not a shim (pyenv's) or a second name for it; a venv's
  # python stays the venv's, and runs with its base interpreter's runner.
  { read -r exe; read -r base; read -r same; } < <("$exe" -c 'import os, sys
print(sys.executable)
print(os.path.realpath(getattr(sys, "_base_executable", "") or sys.executable))
print(sys.prefix + "|" + os.path.realpath(sys.executable))')
  case " ${seen[*]-} " in *" $same "*) continue ;; esac
  seen+=("$same")
  paths+=("$exe")
  case " ${bases[*]-} " in *" $base "*) ;; *) bases+=("$base") ;; esac
done
if [ "${#paths[@]}" -eq 0 ]; then
  echo "::error title=mpconform::the python input names no interpreter"
  exit 2
fi

# What the build depends on: the action's sources, and each interpreter's exact
# build (a runner links its libpython; setup-python's 3.12 moves to 3.12.x+1).
sources="$(cd "$action_dir" && find CMakeLists.txt CMakePresets.json cmake harness reports cases fixtures ci/setup.sh \
  -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
interpreters="$(for b in "${bases[@]}"; do "$b" -c 'import sys; print(sys.executable, sys.version)'; done |
  sha256sum | cut -c1-16)"

extra=""
for b in "${bases[@]:1}"; do extra="${extra:+$extra;}$b"; done
delimiter="mpconform_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
{
  echo "paths<<$delimiter"
  printf '%s\n' "${paths[@]}"
  echo "$delimiter"
  echo "first=${bases[0]}"
  echo "extra=$extra"
  echo "build-dir=$action_dir/build"
  echo "key=${ImageOS:-image}-$sources-$interpreters"
} >> "$out"
echo "mpconform: interpreters ${paths[*]}; build key ${ImageOS:-image}-$sources-$interpreters"
