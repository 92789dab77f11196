# mk/fuzz.mk - fuzzing, hostile inputs and leak checks (included by Makefile).
#
# Every fuzz harness is tests/fuzz/fuzz_NAME.c, listed in FUZZ_HARNESSES;
# one pattern rule each builds it for libFuzzer and for AFL++:
#   make fuzz-build            every harness, build/fuzz/fuzz_NAME
#   make fuzz-build-NAME       one harness
#   make fuzz-run-NAME [FUZZ_SECONDS=N] [FUZZ_JOBS=J]   run it for N seconds
#        in build/fuzz/NAME/ (corpus/, seeds/, artifacts/ for crashes)
#   make fuzz-afl              every harness, build/fuzz/afl_NAME (afl-clang-fast)
#   make fuzz-afl-run-NAME     afl-fuzz for FUZZ_SECONDS (findings: build/fuzz/NAME/afl)
#   make fuzz-list             the harness names (tests/fuzz/run.sh reads them)
#   make fuzz / fuzz-afl-run / fuzz-snk    fuzz-run-compile / fuzz-afl-run-compile / fuzz-run-snk
#   make check-hostile   tests/hostile/run.sh against $(SCOMC) (mk/tests.mk)
#   make check-fuzz      tests/fuzz/run.sh (regressions + a short smoke run of each harness)
#   make leakcheck       valgrind over every golden, negative and hostile case
#   make inject-errors   build build/inject_errors.so (LD_PRELOAD I/O faults)
#
# Adding a harness NAME (tests/fuzz/README.md):
#   FUZZ_HARNESSES += NAME           on its own line below
#   tests/fuzz/fuzz_NAME.c           the target (may use tests/fuzz/harness.h)
#   tests/fuzz/seeds-NAME.sh DIR     writes the seeds into DIR (required)
#   tests/fuzz/NAME.dict             dictionary (optional; FUZZ_DICT_NAME overrides)
#   tests/fuzz/replay-NAME.sh FILE   one regression input through the CLI (optional)
#   tests/fuzz/regressions/NAME/     inputs that once failed (compile: regressions/*)
#   FUZZ_LEN_NAME = bytes            -max_len (default FUZZ_MAX_LEN)
#   FUZZ_OPTS_NAME = options         more libFuzzer options (-rss_limit_mb=...)

FUZZ_CC ?= clang
AFL_CC ?= afl-clang-fast
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_MAX_LEN ?= 65536
FUZZ_DIR = build/fuzz
FUZZ_RUN_DIR ?= $(FUZZ_DIR)
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -g -O1 $(FUZZ_SAN) -DFUZZ_ROOT='"$(CURDIR)"'
FUZZ_OBJS = $(SRCS:compiler/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/fuzz-harness.o
AFL_OBJS = $(SRCS:compiler/%.c=$(FUZZ_DIR)/afl-obj/%.o) $(FUZZ_DIR)/afl-obj/fuzz-harness.o
INJECT_SO = build/inject_errors.so

FUZZ_HARNESSES = compile snk
FUZZ_HARNESSES += unseal pack fragment
FUZZ_HARNESSES += seal lsp

FUZZ_DICT_compile = tests/fuzz/alert.dict
FUZZ_OPTS_compile = -rss_limit_mb=4096
FUZZ_LEN_snk = 8192
FUZZ_LEN_unseal = 262144
FUZZ_LEN_pack = 262144
FUZZ_LEN_fragment = 131072
FUZZ_DICT_fragment = tests/fuzz/pack.dict
FUZZ_OPTS_seal = -rss_limit_mb=4096
FUZZ_LEN_lsp = 16384
FUZZ_OPTS_lsp = -rss_limit_mb=4096

fuzz_dict = $(or $(FUZZ_DICT_$(1)),$(wildcard tests/fuzz/$(1).dict))
fuzz_len = $(or $(FUZZ_LEN_$(1)),$(FUZZ_MAX_LEN))

# The objects are kept (pattern rules would delete them as intermediates).
.SECONDARY: $(FUZZ_OBJS) $(AFL_OBJS)

.PHONY: fuzz fuzz-build fuzz-afl fuzz-afl-run fuzz-list fuzz-snk fuzz-snk-build leakcheck inject-errors

$(FUZZ_DIR)/obj/%.o: compiler/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/obj/fuzz-harness.o: tests/fuzz/harness.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Icompiler $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Icompiler -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)
fuzz-build-%: $(FUZZ_DIR)/fuzz_% ;
fuzz-list:
	@echo $(FUZZ_HARNESSES)

-include $(FUZZ_OBJS:.o=.d)

# Runs one harness for FUZZ_SECONDS in $(FUZZ_RUN_DIR)/NAME (seeds made anew).
fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_RUN_DIR)/$*/corpus $(FUZZ_RUN_DIR)/$*/artifacts
	@bash tests/fuzz/seeds-$*.sh $(FUZZ_RUN_DIR)/$*/seeds
	cd $(FUZZ_RUN_DIR)/$* && $(CURDIR)/$(FUZZ_DIR)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
		-max_len=$(call fuzz_len,$*) -timeout=20 -print_final_stats=1 -artifact_prefix=artifacts/ \
		$(if $(call fuzz_dict,$*),-dict=$(CURDIR)/$(call fuzz_dict,$*)) $(FUZZ_OPTS_$*) \
		$(if $(filter-out 1,$(FUZZ_JOBS)),-jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS)) \
		corpus seeds

fuzz: fuzz-run-compile
fuzz-snk: fuzz-run-snk
fuzz-snk-build: $(FUZZ_DIR)/fuzz_snk

# AFL++: the same harnesses with afl's libFuzzer-compatible driver.
$(FUZZ_DIR)/afl-obj/%.o: compiler/%.c
	@mkdir -p $(@D)
	$(AFL_CC) $(ALL_CPPFLAGS) -std=c11 -g -O1 -c -o $@ $<

$(FUZZ_DIR)/afl-obj/fuzz-harness.o: tests/fuzz/harness.c
	@mkdir -p $(@D)
	$(AFL_CC) $(ALL_CPPFLAGS) -Icompiler -std=c11 -g -O1 -DFUZZ_ROOT='"$(CURDIR)"' -c -o $@ $<

$(FUZZ_DIR)/afl_%: tests/fuzz/fuzz_%.c $(AFL_OBJS)
	$(AFL_CC) $(ALL_CPPFLAGS) -Icompiler -Itests/fuzz -std=c11 -g -O1 -DFUZZ_ROOT='"$(CURDIR)"' \
		-fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-afl: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/afl_%)

# afl-fuzz for FUZZ_SECONDS on the harness's seeds (findings in build/fuzz/NAME/afl).
fuzz-afl-run-%: $(FUZZ_DIR)/afl_%
	@bash tests/fuzz/seeds-$*.sh $(FUZZ_RUN_DIR)/$*/seeds
	AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
		afl-fuzz -i $(FUZZ_RUN_DIR)/$*/seeds -o $(FUZZ_RUN_DIR)/$*/afl \
		$(if $(call fuzz_dict,$*),-x $(call fuzz_dict,$*)) \
		-V $(FUZZ_SECONDS) -t 20000 -- $(FUZZ_DIR)/afl_$*

fuzz-afl-run: fuzz-afl-run-compile

$(INJECT_SO): tests/fuzz/inject_errors.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -O2 -g -fPIC -shared -o $@ $< -ldl

inject-errors: $(INJECT_SO)

leakcheck: $(SCOMC)
	ROOT=$(CURDIR) SCOMC=$(CURDIR)/$(SCOMC) bash tests/fuzz/leakcheck.sh
