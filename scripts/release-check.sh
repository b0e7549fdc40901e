#!/usr/bin/env bash
# The release checks as `make release-check` runs them: can the `iuran` crate be
# published as it is? Its package (with the embedded data), its documentation (no
# broken links, every public item documented), a build at the declared `rust-version`,
# and `cargo semver-checks` against the last release (release/baseline: a breaking
# change needs a version bump). Installs the 1.88 toolchain when missing, and
# cargo-semver-checks when missing outside CI. The last line is the suite's summary,
# also added to IURAN_TEST_SUMMARY.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
# shellcheck source=progress.sh
source "$root/scripts/progress.sh"
checks=0

step "cargo package -p iuran: the package holds the embedded data"
list="$("$CARGO" package -p iuran --list --allow-dirty)"
for f in data/rates.json data/sectors.json data/benefits.json data/regions.csv \
    data/rates.toml data/sectors.toml data/benefits.toml src/lib.rs README.md; do
    if ! grep -qx "$f" <<<"$list"; then
        echo "the iuran package lacks $f (core/Cargo.toml's include)" >&2
        exit 1
    fi
done
# Builds the crate from the packaged files alone: a file the build needs but the
# package leaves out fails here.
talk "cargo package" "$CARGO" package -p iuran --allow-dirty
checks=$((checks + 1))

step "cargo doc -p iuran --no-deps, warnings as errors"
RUSTDOCFLAGS="-D warnings" talk "cargo doc" "$CARGO" doc -p iuran --no-deps
checks=$((checks + 1))

msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"
step "cargo +$msrv check -p iuran: the declared rust-version builds it"
if ! rustup toolchain list | grep -q "^$msrv-"; then
    talk "rustup" rustup toolchain install "$msrv" --profile minimal
fi
talk "cargo +$msrv check" rustup run "$msrv" cargo check -p iuran --lib --locked
talk "cargo +$msrv check (no default features)" rustup run "$msrv" cargo check -p iuran --lib --locked --no-default-features
checks=$((checks + 1))

baseline="$(tr -d '[:space:]' <release/baseline)"
step "cargo semver-checks -p iuran against $baseline (release/baseline)"
# cargo-semver-checks builds from source (no prebuilt binary can be fetched here) in
# tens of minutes on two cores: a CI run on a machine without it skips this check and
# says so; `make release-check` outside CI installs it.
semver="semver against $(git rev-parse --short "$baseline")"
if ! command -v cargo-semver-checks >/dev/null && [[ -n "${CI:-}" ]]; then
    echo "cargo-semver-checks is not installed: skipped in CI (make release-check installs it)"
    semver="semver skipped: cargo-semver-checks not installed"
else
    if ! command -v cargo-semver-checks >/dev/null; then
        talk "cargo install cargo-semver-checks" "$CARGO" install --locked cargo-semver-checks
    fi
    # The baseline commit must be in the clone (a shallow clone fetches it).
    if ! git cat-file -e "$baseline^{commit}" 2>/dev/null; then
        git fetch --quiet origin "$baseline"
    fi
    talk "cargo semver-checks" "$CARGO" semver-checks -p iuran --baseline-rev "$baseline"
    checks=$((checks + 1))
fi

summary "release: $checks checks passed (package, docs, rust $msrv, $semver) in $(elapsed) s"
