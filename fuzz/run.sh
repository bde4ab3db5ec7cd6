#!/usr/bin/env bash
# Fuzzes quartier's input paths with cargo fuzz (libFuzzer), each target for a bounded time.
#   bash fuzz/run.sh            # 600 s per target (the documented run)
#   bash fuzz/run.sh 60         # a quick run
#   bash fuzz/run.sh 600 search_text
# The machine's toolchain is stable; RUSTC_BOOTSTRAP=1 lets it take the sanitizer flags
# cargo fuzz passes. Seeds come from the default site and the test fixtures. A crash leaves
# its input in fuzz/artifacts/<target>/; turn it into a fixture under tests/fixtures/invalid/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(content_file markdown_page search_text)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seed() { # seed TARGET KIND-BYTE FILE
  local dir="fuzz/corpus/$1" name
  mkdir -p "$dir"
  name="$(sha256sum "$3" | cut -c1-16)-$2"
  { printf "\\x$(printf %02x "$2")"; cat "$3"; } >"$dir/$name"
}
for f in $(find content tests/fixtures -path '*/expected' -prune -o -type f -print); do
  case "$f" in
    */offices/*.yaml) kind=0 ;;
    */opening-hours/*.yaml) kind=1 ;;
    */partners/*.yaml) kind=2 ;;
    */district.yaml) kind=3 ;;
    */guide.*.md) kind=4 ;;
    */pages/*.md) kind=5 ;;
    *site-config.yaml) kind=6 ;;
    *) continue ;;
  esac
  seed content_file "$kind" "$f"
  case "$f" in *.md)
    mkdir -p fuzz/corpus/markdown_page
    cp "$f" "fuzz/corpus/markdown_page/$(sha256sum "$f" | cut -c1-16)"
    seed search_text "$((RANDOM % 8))" "$f" ;;
  esac
done
[ -f site-config.yaml ] && seed content_file 6 site-config.yaml

export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  echo "== $target: ${seconds} s"
  # -rss_limit_mb: 2 GB per input; -timeout: an input taking over 10 s counts as a hang.
  cargo fuzz run -O "$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 2>&1 | tee "fuzz/$target.log" | grep -E '^(#[0-9]+.*(DONE|pulse)|stat::|==|SUMMARY|Done)' || true
  if ls "fuzz/artifacts/$target"/* >/dev/null 2>&1; then
    echo "!! $target found inputs that fail: fuzz/artifacts/$target/"
  fi
done
