#!/usr/bin/env bash
# The answer stage on window_variants.py's hits caches (twenty-third round, issues #15/#22):
#
#   VARIANTS="add6 order" SETS="realq3 blind" bash benchmarks/window_variants.sh OUT [BASE]
#
# writes OUT/<variant>/<set>.json|.txt. BASE (default /work/lead/final28) holds the
# windows-off replay of the same code, whose rows are reused where a variant's five
# passages are the windows-off five (answer_replay.py --reuse): only changed rows are
# answered again. add6 reads six passages (--passages 6). The caches: .bench/winvar.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: window_variants.sh OUT [BASE]}
base=${2:-/work/lead/final28}
py=${PYTHON:-.venv/bin/python}
for v in ${VARIANTS:-on swap5 add6 order}; do
  mkdir -p "$out/$v"
  for s in ${SETS:?SETS is required}; do
    case $s in
      notesqa) args=(--questions benchmarks/data/notes_qa.jsonl) ;;
      realq*) args=(--questions "benchmarks/data/${s}_qa.jsonl" --folders examples/notes ../shared/notes-samples) ;;
      *) args=(--questions "benchmarks/data/${s}_qa.jsonl" --folders "benchmarks/data/${s}-notes") ;;
    esac
    [ "$v" = add6 ] && args+=(--passages 6)
    echo "== $v $s $(date -u +%H:%M:%S)" >&2
    PYTHONPATH=src nice -n 10 "$py" benchmarks/answer_replay.py --set notesqa "${args[@]}" \
      --workdir ".bench/winvar/$v/fresh-$s" --reuse "$base/$s.json" ".bench/fresh-$s/hits-k5.pkl" \
      --out "$out/$v/$s.json" >"$out/$v/$s.txt" 2>&1
    grep -E '^ *all:' "$out/$v/$s.txt" >&2 || true
  done
done
