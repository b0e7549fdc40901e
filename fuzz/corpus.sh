#!/usr/bin/env bash
# The fuzzing corpus: kept in the repository minimised and packed, one archive per
# target (`corpus/<target>.tar.gz`), and unpacked into `corpus/<target>/` to fuzz.
#
#   bash fuzz/corpus.sh unpack          every archive into its folder (existing files stay)
#   bash fuzz/corpus.sh pack [TARGET…]  minimise each folder (libFuzzer -merge=1: the
#                                       smallest set of inputs with the same coverage)
#                                       and write its archive
set -euo pipefail
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$self")"
targets=(policy_toml policy_json scenario rates roster_csv roster_xlsx evaluate columns partition)

case "${1:-}" in
unpack)
    for t in "${targets[@]}"; do
        mkdir -p "corpus/$t"
        if [[ -f "corpus/$t.tar.gz" ]]; then
            tar -xzf "corpus/$t.tar.gz" -C "corpus/$t"
        fi
    done
    ;;
pack)
    shift
    (($#)) && targets=("$@")
    for t in "${targets[@]}"; do
        min="$(mktemp -d)"
        rustup run nightly cargo fuzz run -s none "$t" -- -merge=1 -rss_limit_mb=4096 -timeout=30 \
            "$min" "corpus/$t" 2>"corpus/$t.merge.log"
        # Sorted names and fixed metadata: the same corpus packs to the same bytes.
        tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$min" -cf - . |
            gzip -9n >"corpus/$t.tar.gz"
        echo "$t: $(find "$min" -type f | wc -l) inputs, $(stat -c %s "corpus/$t.tar.gz") bytes packed"
        rm -rf "$min" "corpus/$t.merge.log"
    done
    ;;
*)
    sed -n '2,9p' "$self" >&2
    exit 2
    ;;
esac
