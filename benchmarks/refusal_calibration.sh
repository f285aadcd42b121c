#!/usr/bin/env bash
# The rows benchmarks/refusal_calibration.py fits on: every answer set collected with
# the calibration off (issue #15, seventeenth round), from the replay caches.
#
#   bash benchmarks/refusal_calibration.sh OUT [CACHE]
#
# SETS="notesqa blind7" limits it (as benchmarks/replay_sets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: refusal_calibration.sh OUT [CACHE]}
cache=${2:-.bench}
mkdir -p "$out"
py=${PYTHON:-.venv/bin/python}
sets=${SETS:-"korquad xquad notesqa blind blind2 blind3 blind4 blind5 blind6 blind7"}
run() {
  local name=$1
  shift
  echo "== $name $(date -u +%H:%M:%S)" >&2
  PYTHONPATH=src nice -n 10 "$py" benchmarks/refusal_calibration.py collect "$@" \
    --out "$out/$name.json" >"$out/$name.log" 2>&1 || { echo "$name failed" >&2; return 1; }
}
for s in $sets; do
  case $s in
    korquad) run korquad --set korquad --limit 1000 --workdir "$cache/korquad" ;;
    xquad) run xquad --set xquad --limit 1190 --workdir "$cache/xquad" ;;
    notesqa) run notesqa --set notesqa --workdir "$cache/fresh-notesqa" ;;
    blind) run blind --set notesqa --questions benchmarks/data/blind_qa.jsonl \
      --folders benchmarks/data/blind-notes --workdir "$cache/fresh-blind" ;;
    blind[2-9]) run "$s" --set notesqa --questions "benchmarks/data/${s}_qa.jsonl" \
      --folders "benchmarks/data/${s}-notes" --workdir "$cache/fresh-$s" ;;
    *) echo "unknown set: $s" >&2; exit 2 ;;
  esac
done
echo "== done $(date -u +%H:%M:%S)" >&2
