# mk/tests.mk - the core test suites (included by the Makefile).
#
#   make unit-tests      build tests/unit/test_*.c into $(BUILD)/unit/ against
#                        the compiler's objects (SANITIZE=... builds them in
#                        build/san with the same flags)
#   make check-SUITE     one suite against $(SCOMC): tests/SUITE/run.sh,
#                        for every suite there is (check-unit, check-cli,
#                        check-schemas, check-templates, check-sealed, ...)
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

# tests/hostile/packs/mkbomb.c: the hostile sealed packs of tests/hostile/packs.sh
.PHONY: hostile-tools
hostile-tools: $(BUILD)/hostile/mkbomb
$(BUILD)/hostile/mkbomb: tests/hostile/packs/mkbomb.c $(OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Icompiler $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(OBJS) $(LDLIBS)

check: unit-tests

# One suite: check-<name> runs tests/<name>/run.sh, for every suite there is.
SUITE_NAMES = $(patsubst tests/%/run.sh,%,$(wildcard tests/*/run.sh))
SUITE_CHECKS = $(addprefix check-,$(SUITE_NAMES))
.PHONY: $(SUITE_CHECKS)
$(SUITE_CHECKS): check-%: $(SCOMC)
	@SUITES=$* bash tests/run-all.sh $(SCOMC)
check-unit: unit-tests

update-golden: $(SCOMC)
	@UPDATE=1 SUITES="golden errors" bash tests/run-all.sh $(SCOMC)
