# mk/tests.mk - the core test suites (included by the Makefile).
#
#   make unit-tests      build tests/unit/test_*.c into $(BUILD)/unit/ against
#                        the compiler's objects (SANITIZE=... builds them in
#                        build/san with the same flags)
#   make check-unit | check-errors | check-golden | check-cli | check-docs
#                        one suite against $(SCOMC)
#   make update-golden   UPDATE=1 for tests/golden and tests/errors (review
#                        the diff before committing)
# `make check` builds the unit tests first, then runs every suite.

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: unit-tests update-golden

unit-tests: $(UNIT_BINS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/harness.h $(OBJS) | $(BUILD)/unit
	$(CC) $(ALL_CPPFLAGS) -Icompiler $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(OBJS) $(LDLIBS)

$(BUILD)/unit:
	mkdir -p $@

check: unit-tests

check-unit: unit-tests $(SCOMC)
	@SUITES=unit bash tests/run-all.sh $(SCOMC)
check-errors: $(SCOMC)
	@SUITES=errors bash tests/run-all.sh $(SCOMC)
check-golden: $(SCOMC)
	@SUITES=golden bash tests/run-all.sh $(SCOMC)
check-cli: $(SCOMC)
	@SUITES=cli bash tests/run-all.sh $(SCOMC)
check-docs: $(SCOMC)
	@SUITES=docs bash tests/run-all.sh $(SCOMC)

update-golden: $(SCOMC)
	@UPDATE=1 SUITES="golden errors" bash tests/run-all.sh $(SCOMC)
