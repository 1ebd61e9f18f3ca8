#!/bin/bash
# The GitHub action's check step (action.yml): `mpconform check --github --sarif`
# with the action's inputs (from the environment, never pasted into a script),
# then its outputs from check.json and the step's status: a break fails it only
# with fail-on-break; a usage error (2) or an interruption always does.
set -uo pipefail
out="${GITHUB_OUTPUT:-/dev/null}"
REPORT_DIR="${REPORT_DIR:-mpconform-reports}"
first_python="$(head -n 1 <<< "$PYTHON_PATHS")"

fail() {
  echo "::error title=mpconform::$1"
  echo "exit-code=2" >> "$out"
  exit 2
}

# The program's words as a shell would split them ("app.py --name 'a b'").
words() {
  "$first_python" -c 'import shlex, sys; sys.stdout.write("\0".join(shlex.split(sys.argv[1])))' "$1"
}

mkdir -p "$REPORT_DIR" || fail "cannot make the report folder $REPORT_DIR"
report_dir="$(cd "$REPORT_DIR" && pwd)"
sarif="$report_dir/mpconform.sarif"
check_json="$report_dir/check.json"
rm -f "$check_json" "$sarif"  # a previous run's must not pass for this one's

args=(check --github --report-dir "$report_dir" --sarif "$sarif")
while IFS= read -r p; do
  if [ -n "$p" ]; then args+=(--python "$p"); fi
done <<< "$PYTHON_PATHS"
for m in $(printf '%s' "${METHODS:-}" | tr ',' ' '); do args+=(--method "$m"); done
if [ -n "${RERUNS:-}" ]; then args+=(--reruns "$RERUNS"); fi
if [ -n "${TIMEOUT:-}" ]; then args+=(--timeout "$TIMEOUT"); fi

if [ -n "${PROGRAM:-}" ] && [ -n "${MODULE_ARGS:-}" ]; then
  fail "give program or module-args, not both"
elif [ -n "${MODULE_ARGS:-}" ]; then
  mapfile -d '' -t target < <(words "$MODULE_ARGS")
  [ "${target[0]:-}" = "-m" ] || fail "module-args starts with -m (\"-m pytest tests/\")"
elif [ -n "${PROGRAM:-}" ]; then
  mapfile -d '' -t target < <(words "$PROGRAM")
else
  fail "give program (\"app.py ARGS\") or module-args (\"-m pytest tests/\")"
fi
[ "${#target[@]}" -gt 0 ] || fail "the program or module-args input is empty"
args+=("${target[@]}")

echo "mpconform ${args[*]}"
status=0
"$MPCONFORM" "${args[@]}" || status=$?

{
  echo "exit-code=$status"
  echo "report-dir=$report_dir"
  if [ -f "$check_json" ]; then echo "check-json=$check_json"; fi
  if [ -f "$sarif" ]; then echo "sarif=$sarif"; fi
} >> "$out"
if [ -f "$check_json" ]; then
  "$first_python" - "$check_json" >> "$out" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
print("breaks=%d" % len(doc.get("breaks") or []))
delimiter = "mpconform_" + os.urandom(8).hex()
print("verdict<<%s\n%s\n%s" % (delimiter, doc.get("verdict", ""), delimiter))
PY
fi

case "$status" in
  0) exit 0 ;;
  1)
    if [ "${FAIL_ON_BREAK:-true}" = "false" ]; then
      echo "mpconform: something breaks; the step passes (fail-on-break: false)"
      exit 0
    fi
    exit 1 ;;
  *) exit "$status" ;;
esac
