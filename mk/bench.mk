# mk/bench.mk - `make bench`: compile time and memory against xmllint at
# 1k, 10k and 50k generated alerts (issue 7; bench/run.sh, bench/RESULTS.md),
# then scomc verify against xmllint on the 10k MP and a 4 MB UTF-16 pack
# (issue 10).
# Knobs: BENCH_SIZES="1000 10000 50000" BENCH_RUNS=3 BENCH_PER_PACK=5000
# (0: one pack per size), BENCH_OUT=DIR (default: tmpfs when available).
# Then bench/seal.sh: scomc seal of the MPs of 10k alerts against gzip -6 of
# the same UTF-16LE bytes (issue 12; SEAL_BENCH_ALERTS, SEAL_BENCH_PER_PACK,
# SEAL_BENCH_RUNS). `make bench-seal` runs that section alone.
# Needs xmllint (Debian libxml2-utils, part of `make deps`); the timings
# come from bench/rusage (wait4), not /usr/bin/time.

BENCH_DIR = $(BUILD)/bench

bench: $(SCOMC) $(BENCH_DIR)/gen $(BENCH_DIR)/rusage
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/run.sh
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/seal.sh
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/refs.sh
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/trip.sh

$(BENCH_DIR)/gen: bench/gen.c | $(BENCH_DIR)
	$(CC) $(WARNINGS) -O2 $(ALL_LDFLAGS) -o $@ $<

$(BENCH_DIR)/rusage: bench/rusage.c | $(BENCH_DIR)
	$(CC) $(WARNINGS) -O2 $(ALL_LDFLAGS) -o $@ $<

$(BENCH_DIR):
	mkdir -p $@

bench-seal: $(SCOMC) $(BENCH_DIR)/gen $(BENCH_DIR)/rusage
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/seal.sh

# bench/refs.sh (issue 11): verify --references of the 10k-alert MPs against
# xmllint --schema, and indexing 150 library packs (REFS_BENCH_RUNS).
.PHONY: bench-refs
bench-refs: $(SCOMC) $(BENCH_DIR)/gen $(BENCH_DIR)/rusage
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/refs.sh

# bench/trip.sh (issue 14): decompile and diff of the 10k-alert MPs against
# xmllint --schema on the same files (TRIP_BENCH_RUNS, TRIP_BENCH_ALERTS).
.PHONY: bench-trip
bench-trip: $(SCOMC) $(BENCH_DIR)/gen $(BENCH_DIR)/rusage
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/trip.sh

# bench/run.sh alone (issues 7 and 16): (a), (a'), (b), (c) at BENCH_SIZES,
# the site's index size and (b)'s peak RSS for one pack of each of
# BENCH_SITE_SIZES, then the verify section; without seal, refs and trip.
.PHONY: bench-compile
bench-compile: $(SCOMC) $(BENCH_DIR)/gen $(BENCH_DIR)/rusage
	@ROOT="$(CURDIR)" SCOMC="$(CURDIR)/$(SCOMC)" BENCH_DIR="$(CURDIR)/$(BENCH_DIR)" \
		bash bench/run.sh
