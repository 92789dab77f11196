# scomc - management pack compiler. Plain GNU make (house style I).
#
#   make run      build (installing Debian packages only if pkg-config misses a
#                 library: it says which), compile packs/ into build/
#   make check    the whole test suite
#   make check SANITIZE=address,undefined     the same with ASan+UBSan
#   make SANITIZE=thread      build/tsan/scomc with ThreadSanitizer
#   make check-SUITE  one suite (tests/SUITE/run.sh), e.g. check-verify
#   make format / lint   clang-format the sources / check format + analyzer
#   make leakcheck / bench / fuzz / install / uninstall / clean

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/scomc
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
DESTDIR ?=

DEPS = libxml-2.0 libxslt jansson libcmark zlib libdeflate libcrypto
DEB_PACKAGES = build-essential pkg-config libxml2-dev libxml2-utils libxslt1-dev xsltproc \
	libjansson-dev libcmark-dev zlib1g-dev libdeflate-dev libssl-dev libmimalloc-dev

ifeq ($(SANITIZE),)
BUILD = build
SANFLAGS =
else
BUILD = build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ifeq ($(SANITIZE),thread) # ThreadSanitizer (decompile's threads): objects of their own
BUILD = build/tsan
endif

WARNINGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla -fno-common
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARNINGS) $(CFLAGS) $(SANFLAGS)
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSCOMC_DATADIR='"$(DATADIR)"' $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null) $(CPPFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LDLIBS += $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null)
LDLIBS += -pthread # scomc seal builds one pack while it verifies the next; decompile's threads

# The allocator: scomc builds DOMs of millions of small nodes, and with
# Microsoft's mimalloc (Debian libmimalloc-dev) compile with the site runs
# ~20% and decompile ~13% faster than with glibc's malloc, at the same peak
# memory (bench/RESULTS.md). It replaces malloc for the whole process when
# linked first. MALLOC=libc builds without it; sanitizer builds always do
# (ASan brings its own), as does a machine without the library.
ifeq ($(origin MALLOC),undefined)
MALLOC := $(if $(SANITIZE),libc,$(shell printf 'int main(void){return 0;}\n' | \
	$(CC) -x c - -o /dev/null -lmimalloc 2>/dev/null && echo mimalloc || echo libc))
WANT_MIMALLOC := $(if $(SANITIZE),,yes)
endif
ifeq ($(MALLOC),mimalloc)
MALLOC_LIBS = -lmimalloc
endif

SRCS = $(filter-out compiler/main.c,$(wildcard compiler/*.c))
OBJS = $(SRCS:compiler/%.c=$(BUILD)/obj/%.o)
SCOMC = $(BUILD)/scomc
PACKS = $(wildcard packs/*.alert)

.PHONY: all run deps test-deps check leakcheck bench fuzz install uninstall clean distclean \
	format lint

all: $(SCOMC)

$(SCOMC): $(OBJS) $(BUILD)/obj/main.o $(BUILD)/obj/malloc-$(MALLOC)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(BUILD)/obj/main.o $(MALLOC_LIBS) $(LDLIBS)

# relinks when MALLOC changes
$(BUILD)/obj/malloc-$(MALLOC): | $(BUILD)/obj
	rm -f $(BUILD)/obj/malloc-*
	touch $@

$(BUILD)/obj/%.o: compiler/%.c | $(BUILD)/obj
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj:
	mkdir -p $@

-include $(OBJS:.o=.d) $(BUILD)/obj/main.d

# Install what is missing (Debian/Ubuntu); no-ops when everything is there.
# deps: what building and `make run` need; test-deps: what `make check`
# needs on top (a browser for the page tests, clang for the fuzz smoke run,
# valgrind and strace for the safety tests, Mono (sn, monodis, mcs) and
# openssl for the independent checks of sealed packs).
TEST_PACKAGES = libxml2-utils xsltproc chromium clang libclang-rt-14-dev valgrind strace python3 perl \
	mono-devel mono-mcs mono-utils openssl patch neovim zsh python3-yaml
define apt_install_missing
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# Installs packages $(2) when command $(1) is missing (node and npm may come
# from another source than Debian's packages, so dpkg -s cannot tell).
define install_if_no_command
	@command -v $(1) >/dev/null 2>&1 || { \
	  echo "installing: $(2)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(2); }
endef

# deps: nothing to do when the compiler, pkg-config and every pkg-config
# module of DEPS are there (whatever installed them); otherwise names what
# is missing and, unless NO_APT=1 or there is no apt-get, installs the
# Debian packages that provide it.
DEP_PACKAGES = libxml-2.0:libxml2-dev libxslt:libxslt1-dev jansson:libjansson-dev \
	libcmark:libcmark-dev zlib:zlib1g-dev libdeflate:libdeflate-dev libcrypto:libssl-dev
deps:
	@missing=""; pkgs=""; \
	command -v $(CC) >/dev/null 2>&1 || { missing="$$missing $(CC)"; pkgs="$$pkgs build-essential"; }; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
	  for d in $(DEP_PACKAGES); do \
	    $(PKG_CONFIG) --exists $${d%%:*} 2>/dev/null || { missing="$$missing $${d%%:*}"; pkgs="$$pkgs $${d#*:}"; }; \
	  done; \
	else missing="$$missing $(PKG_CONFIG)"; pkgs="$$pkgs pkg-config $(foreach d,$(DEP_PACKAGES),$(lastword $(subst :, ,$(d))))"; fi; \
	if [ "$(WANT_MIMALLOC)" = yes ] && [ "$(MALLOC)" = libc ] && [ "$(NO_APT)" != 1 ] && \
	  command -v apt-get >/dev/null 2>&1; then missing="$$missing mimalloc"; pkgs="$$pkgs libmimalloc-dev"; fi; \
	[ -z "$$missing" ] && exit 0; \
	echo "missing to build scomc:$$missing (Debian/Ubuntu packages:$$pkgs)"; \
	if [ "$(NO_APT)" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "install them (or point PKG_CONFIG_PATH at their .pc files), then run make again"; exit 1; fi; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	echo "installing:$$pkgs"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$pkgs

test-deps:
	$(call apt_install_missing,$(TEST_PACKAGES))
	$(call install_if_no_command,npm,nodejs npm)

run: deps
	$(MAKE) all
	./$(SCOMC) -o build $(PACKS)
	@echo "compiled $(words $(PACKS)) pack(s) into build/ (site: build/docs/index.html)"

check: test-deps all
	@bash tests/run-all.sh $(SCOMC)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schemas/mp $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(MANDIR)/man1
	install -m 755 $(SCOMC) $(DESTDIR)$(BINDIR)/scomc
	install -m 644 schemas/*.xsd $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 schemas/mp/*.xsd $(DESTDIR)$(DATADIR)/schemas/mp/
	install -m 644 templates/*.xsl templates/*.css templates/*.js $(DESTDIR)$(DATADIR)/templates/
	install -d $(DESTDIR)$(DATADIR)/templates/vendor
	install -m 644 templates/vendor/minisearch.js templates/vendor/minisearch.LICENSE.txt \
		$(DESTDIR)$(DATADIR)/templates/vendor/
	install -m 644 docs/scomc.1 $(DESTDIR)$(MANDIR)/man1/scomc.1
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 contrib/completion/scomc.bash $(DESTDIR)$(BASHCOMPDIR)/scomc
	install -m 644 contrib/completion/_scomc $(DESTDIR)$(ZSHCOMPDIR)/_scomc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/scomc $(DESTDIR)$(MANDIR)/man1/scomc.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/scomc $(DESTDIR)$(ZSHCOMPDIR)/_scomc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

distclean: clean

# Extra targets owned by the test, fuzz, bench and verify work (one file each).
-include mk/*.mk
