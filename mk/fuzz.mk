# mk/fuzz.mk - fuzzing, hostile inputs and leak checks (included by Makefile).
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_JOBS=J]   build tests/fuzz/fuzz_compile.c
#        with clang -fsanitize=fuzzer,address,undefined and run it on
#        build/fuzz/corpus (seeded from tests/ and packs/) for N seconds
#   make fuzz-build      only build build/fuzz/fuzz_compile
#   make fuzz-afl        build build/fuzz/afl_compile with afl-clang-fast
#   make fuzz-afl-run    run afl-fuzz on it for FUZZ_SECONDS
#   make check-hostile   tests/hostile/run.sh against $(SCOMC) (mk/tests.mk)
#   make check-fuzz      tests/fuzz/run.sh (regressions + a short smoke run)
#   make leakcheck       valgrind over every golden, negative and hostile case
#   make inject-errors   build build/inject_errors.so (LD_PRELOAD I/O faults)
#   make fuzz-snk        build tests/fuzz/fuzz_snk.c (signing keys, issue 12)
#        and run it for FUZZ_SECONDS on seeds from tests/sealed and openssl

FUZZ_CC ?= clang
AFL_CC ?= afl-clang-fast
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_MAX_LEN ?= 65536
FUZZ_DIR = build/fuzz
FUZZ_BIN = $(FUZZ_DIR)/fuzz_compile
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -g -O1 $(FUZZ_SAN) -DFUZZ_ROOT='"$(CURDIR)"'
FUZZ_OBJS = $(SRCS:compiler/%.c=$(FUZZ_DIR)/obj/%.o)
AFL_OBJS = $(SRCS:compiler/%.c=$(FUZZ_DIR)/afl-obj/%.o)
INJECT_SO = build/inject_errors.so

.PHONY: fuzz-snk fuzz-snk-build fuzz fuzz-build fuzz-afl fuzz-afl-run fuzz-seeds leakcheck inject-errors

$(FUZZ_DIR)/obj/%.o: compiler/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BIN): tests/fuzz/fuzz_compile.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Icompiler $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

$(FUZZ_DIR)/fuzz_snk: tests/fuzz/fuzz_snk.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Icompiler $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-snk-build: $(FUZZ_DIR)/fuzz_snk

fuzz-snk: $(FUZZ_DIR)/fuzz_snk
	@bash tests/fuzz/seeds-snk.sh $(FUZZ_DIR)/snk-seeds
	@mkdir -p $(FUZZ_DIR)/snk-corpus $(FUZZ_DIR)/snk-artifacts
	cd $(FUZZ_DIR) && ./fuzz_snk -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=20 \
		-artifact_prefix=snk-artifacts/ snk-corpus snk-seeds

-include $(FUZZ_OBJS:.o=.d)

# Seeds: every .alert and model XML the tests and packs hold.
fuzz-seeds:
	@bash tests/fuzz/seeds.sh $(FUZZ_DIR)/seeds

fuzz: $(FUZZ_BIN) fuzz-seeds
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	cd $(FUZZ_DIR) && ./fuzz_compile -max_total_time=$(FUZZ_SECONDS) \
		-max_len=$(FUZZ_MAX_LEN) -timeout=20 -rss_limit_mb=4096 \
		-dict=$(CURDIR)/tests/fuzz/alert.dict -artifact_prefix=artifacts/ \
		$(if $(filter-out 1,$(FUZZ_JOBS)),-jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS)) \
		corpus seeds

# AFL++: the same harness with afl's libFuzzer-compatible driver.
$(FUZZ_DIR)/afl-obj/%.o: compiler/%.c
	@mkdir -p $(@D)
	$(AFL_CC) $(ALL_CPPFLAGS) -std=c11 -g -O1 -c -o $@ $<

$(FUZZ_DIR)/afl_compile: tests/fuzz/fuzz_compile.c $(AFL_OBJS)
	$(AFL_CC) $(ALL_CPPFLAGS) -Icompiler -std=c11 -g -O1 -DFUZZ_ROOT='"$(CURDIR)"' \
		-fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-afl: $(FUZZ_DIR)/afl_compile

# Runs afl-fuzz for FUZZ_SECONDS on the same seeds (findings in build/fuzz/afl).
fuzz-afl-run: $(FUZZ_DIR)/afl_compile fuzz-seeds
	AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
		afl-fuzz -i $(FUZZ_DIR)/seeds -o $(FUZZ_DIR)/afl -x tests/fuzz/alert.dict \
		-V $(FUZZ_SECONDS) -t 20000 -- $(FUZZ_DIR)/afl_compile

$(INJECT_SO): tests/fuzz/inject_errors.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -O2 -g -fPIC -shared -o $@ $< -ldl

inject-errors: $(INJECT_SO)

leakcheck: $(SCOMC)
	ROOT=$(CURDIR) SCOMC=$(CURDIR)/$(SCOMC) bash tests/fuzz/leakcheck.sh
