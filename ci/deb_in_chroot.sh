#!/bin/sh
# Issue 23: the Debian package as a user gets it. Makes mpconform_<version>_amd64.deb
# (cpack -G DEB in the build folder), then in a fresh `debootstrap --variant=minbase
# bookworm` root (no compiler, no python3, no sudo): `apt-get install ./the.deb`,
# and `mpconform run` and `mpconform check` from an empty folder as an ordinary
# user. Needs root and Debian's archive; not part of the test command (it takes
# minutes and the network).
# Usage: sh ci/deb_in_chroot.sh [BUILD_DIR] [CHROOT_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
root=${2:-/var/tmp/mpconform-deb-root}
[ "$(id -u)" -eq 0 ] || { echo "ci/deb_in_chroot.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap

(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/mpconform_*_amd64.deb | head -1)
echo "package: $deb"
dpkg-deb --field "$deb" Depends Recommends

if [ ! -x "$root/usr/bin/apt-get" ]; then
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
cp "$deb" "$root/tmp/"
cleanup() { umount "$root/proc" 2>/dev/null || true; umount -R "$root/dev" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"; mount --make-rslave "$root/dev"
chroot "$root" sh -eu -c '
  export DEBIAN_FRONTEND=noninteractive
  # A root that had the package before has what it pulled in (python3.11).
  command -v mpconform >/dev/null || for tool in gcc g++ python3 sudo curl; do
    if command -v $tool >/dev/null; then echo "not a minimal root: $tool is there" >&2; exit 1; fi
  done
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends /tmp/'"$(basename "$deb")"' >/dev/null
  id mpuser >/dev/null 2>&1 || useradd -m mpuser
  su mpuser -c "
    set -e
    mkdir -p ~/empty && cd ~/empty
    mpconform --version
    mpconform run -q --tag pickling --report-dir reports > run.txt; tail -3 run.txt
    test -s reports/results.json
    printf \"import multiprocessing\\n\\ndef main():\\n    def square(n):\\n        return n * n\\n    with multiprocessing.Pool(2) as pool:\\n        print(pool.map(square, range(4)))\\n\\nif __name__ == \\\"__main__\\\":\\n    main()\\n\" > local_target.py
    rc=0; mpconform check -q --report-dir check-reports local_target.py > check.txt || rc=\$?
    tail -4 check.txt
    test \$rc -eq 1 && test -s check-reports/check.json
    echo \"installed: run and check work from an empty folder (check exit \$rc: the local function breaks)\"
  "
'
