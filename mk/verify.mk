# mk/verify.mk - targets of `scomc verify`, `unseal` and `decompile`
# (issue 6; docs/verify.md).
#   make check-verify    the suite tests/verify/run.sh (mk/tests.mk)
#   make bench-verify    time verify on a generated ~2 MB pack against
#                        xmllint --schema; fails at 1 s or more.
#                        Knobs: VERIFY_BENCH_ALERTS=380 (about 2 MB), RUNS=5
# Needs xmllint, xsltproc and iconv (Debian libxml2-utils, xsltproc, libc-bin).

VERIFY_BENCH_ALERTS ?= 380

.PHONY: bench-verify

bench-verify: $(SCOMC)
	@bash tests/verify/bench.sh "$(abspath $(SCOMC))" "$(abspath $(BUILD))/bench-verify" \
		$(VERIFY_BENCH_ALERTS)

# --references (issue 11): make check-refs runs tests/refs/run.sh (mk/tests.mk)
