#!/bin/sh
# The containment tests where users are, not only where the developers are (root on
# cgroup v1): (a) as root with the cgroup hierarchy hidden, as in a container or a
# chroot (a mount namespace with an empty tmpfs over /sys/fs/cgroup), and (b) as an
# ordinary user made for the purpose. Each runs the supervisor and cgroup unit tests,
# the hostile fixtures, the interruption test, two runs at once and the whole matrix
# with the leak checks. Run as root from the top of a built tree (after the test
# workflow); .ci/run calls it.
#
# While the hierarchy is hidden, a fork bomb is held only by what the harness can do
# about it; an outer pids cgroup made first (which the kernel enforces though the
# harness cannot see it) keeps a failure from filling the machine.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
build=$top/build
user=mpconform-ci
tests="hostile interrupt concurrent_runs full_matrix"
unit_filter='SupervisorTest.*:CgroupSiteTest.*'

if [ "$(id -u)" -ne 0 ]; then
  echo "ci/containment_elsewhere.sh: needs root (it hides the cgroup hierarchy and makes a user)" >&2
  exit 1
fi

run_suite() {  # $1: what to call this environment; the rest: how to run a command in it
  label=$1
  shift
  echo "=== containment, $label: unit tests"
  "$@" "$build/tests/core_test --gtest_filter='$unit_filter' --gtest_brief=1"
  for t in $tests; do
    echo "=== containment, $label: integration/$t"
    "$@" "MPCONFORM=$build/mpconform MPCONFORM_SOURCE_DIR=$top PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 $top/tests/integration/${t}_test.py"
  done
}

# (a) Root, hierarchy hidden, inside an outer pids cgroup.
outer=""
if [ -w /sys/fs/cgroup/pids ]; then
  outer=/sys/fs/cgroup/pids/mpconform-ci-outer-$$
elif grep -qw pids /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
  grep -qw pids /sys/fs/cgroup/cgroup.subtree_control || echo +pids > /sys/fs/cgroup/cgroup.subtree_control
  outer=/sys/fs/cgroup/mpconform-ci-outer-$$
fi
hidden() {  # a command as root, in a mount namespace where /sys/fs/cgroup is empty
  sh -c "echo \$\$ > $outer/cgroup.procs && exec unshare --mount --propagation private sh -c 'mount -t tmpfs none /sys/fs/cgroup && cd $top && $1'"
}
if [ -n "$outer" ]; then
  mkdir "$outer"
  echo 6000 > "$outer/pids.max"
  status=0
  run_suite "root, cgroup hierarchy hidden" hidden || status=$?
  # Seen from outside, nothing of the runs' cells may be left in the real hierarchy.
  left=$(find "$outer" -mindepth 1 -type d -name 'mpconform-*' 2>/dev/null || true)
  refused=$(sed -n 's/^max //p' "$outer/pids.events" 2>/dev/null || echo 0)
  rmdir "$outer" 2>/dev/null || true
  [ "$status" -eq 0 ] || { echo "ci/containment_elsewhere.sh: failed with the hierarchy hidden" >&2; exit 1; }
  [ -z "$left" ] || { echo "ci/containment_elsewhere.sh: cell cgroups left: $left" >&2; exit 1; }
  echo "=== containment, hierarchy hidden: passed (forks the outer cgroup refused: $refused)"
else
  echo "ci/containment_elsewhere.sh: warning: no pids cgroup for an outer ceiling here; the hidden-hierarchy run is skipped" >&2
fi

# (b) An ordinary user: no cgroup it may write, RLIMIT_NPROC, a user namespace for
# its private /dev/shm. It needs to read the tree and the build.
id "$user" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/sh "$user"
# The build names the source tree by its path, so the user must be able to reach
# it: folders above it that others may not enter (a checkout under /root) are
# opened to them for the run, and closed again on the way out.
opened=""
restore() { for d in $opened; do chmod o-x "$d"; done; }
trap restore EXIT
dir=$top
while [ "$dir" != / ]; do
  if ! su "$user" -s /bin/sh -c "test -x '$dir'"; then
    chmod o+x "$dir" && opened="$opened $dir"
    echo "ci/containment_elsewhere.sh: $dir opened to others (o+x) for the user run"
  fi
  dir=$(dirname "$dir")
done
if ! su "$user" -s /bin/sh -c "test -r '$top/cases' && test -x '$build/mpconform'"; then
  echo "ci/containment_elsewhere.sh: $user cannot read $top; the user run needs a checkout others may read" >&2
  exit 1
fi
as_user() { su "$user" -s /bin/sh -c "cd /tmp && $1"; }
run_suite "as the user $user" as_user
echo "=== containment, as a user: passed"
