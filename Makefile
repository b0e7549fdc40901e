# Task file: every recipe CI uses is here. `make help` lists them.
# The README's two commands are `make sample` (the main job) and `make test` (everything).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
CARGO ?= cargo

.PHONY: help sample test test-rust test-python test-wasm test-docs release-check docs lint fmt figures bench bench-roster bench-scale compare fuzz

help: ## List the recipes
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

sample: ## Run the main job on the built-in sample (Kab. Tegal 2025, 3,000 synthetic rows)
	$(CARGO) run --release -p iuran-cli

# Each suite ends with one summary line ("python: 312 passed, 4 skipped in 290 s"); `make
# test` collects them in a scratch file and prints them all at the end, passed or not.
test: ## Run every test: Rust, Python, WASM (Node), browser, docs site, release checks; installs what they need first
	@summary="$$(mktemp)"; status=0; \
	IURAN_TEST_SUMMARY="$$summary" $(MAKE) --no-print-directory test-rust test-python test-wasm test-docs release-check || status=$$?; \
	printf '\n== summary\n'; cat "$$summary"; rm -f "$$summary"; \
	if [ "$$status" -eq 0 ]; then echo "all test suites passed: Rust, Python, WebAssembly (Node and Chromium), documentation site, release checks"; fi; \
	exit "$$status"

# Long cargo steps go through scripts/progress.sh's `talk`: their output passes through,
# with a line whenever cargo is quiet for 20 s.
TALK := source scripts/progress.sh && talk

lint: ## cargo fmt --check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) fmt --manifest-path fuzz/Cargo.toml -- --check
	$(TALK) clippy $(CARGO) clippy --workspace --all-targets -- -D warnings
	$(TALK) "clippy (fuzz)" $(CARGO) clippy --manifest-path fuzz/Cargo.toml --no-default-features --bins -- -D warnings

test-rust: lint ## Rust unit, golden, property, CLI and doc tests
	CARGO="$(CARGO)" bash scripts/test-rust.sh

test-python: ## Python package: fresh venv, maturin wheel, pytest (golden cases, tables, stubs, notebook)
	bash bindings-python/test.sh

test-wasm: ## WebAssembly package: wasm32 target, wasm-bindgen-cli, Chromium; Node and browser tests
	bash bindings-wasm/test.sh

release-check: ## Can the iuran crate be published: cargo package, docs without warnings, build at rust-version, semver-checks against release/baseline
	CARGO="$(CARGO)" bash scripts/release-check.sh

docs: ## Build the documentation site (Indonesian and English) into docs/book/
	bash docs/build.sh

test-docs: ## Documentation site: build it, run every code block of the guide, open every page in Chromium
	bash docs/test.sh

fmt: ## Format the code
	$(CARGO) fmt --all

figures: ## Measure the sizes and timings the READMEs quote (fresh builds) and rewrite them there, dated (not in test)
	python3 scripts/figures.py

bench: ## Criterion benchmarks of the core
	$(CARGO) bench -p iuran-benches

bench-roster: ## iuran evaluate on 10^6 and 10^7-row CSV rosters against polars read+write, side by side (not in test)
	bash benches/roster/run.sh

SCALE_ROWS ?= 1000000,10000000

bench-scale: ## A synthetic Parquet roster decided by Dask (2 worker processes), Spark local[2] and one process: rows/s, peak memory per process; SCALE_ROWS sizes (not in test)
	bash benches/scale/run.sh --rows $(SCALE_ROWS)

compare: ## Side-by-side comparison with pandas, polars, numpy, OpenFisca, ZEN (own venv; not in test)
	bash benches/compare/run.sh

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := policy_toml policy_json scenario rates roster_csv roster_xlsx evaluate columns partition

fuzz: ## Run every cargo-fuzz target for FUZZ_SECONDS each from the committed corpus (nightly via rustup; installs cargo-fuzz if missing); `bash fuzz/corpus.sh pack` minimises and repacks it
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	bash fuzz/corpus.sh unpack
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		rustup run nightly cargo fuzz run -s none -a $$t corpus/$$t seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 || exit 1; \
	done
