# mk/style.mk - formatting and static analysis (included by the Makefile).
#
#   make format   clang-format -i every compiler/*.c and *.h (.clang-format)
#   make lint     fails if a file is not formatted, or on any warning of the
#                 clang static analyzer (clang-tidy clang-analyzer-*, less
#                 the insecureAPI advice and clang 14's false va_list alarm)
# Needs clang-format and clang-tidy (Debian: clang-format, clang-tidy).

CLANG_FORMAT ?= clang-format
CLANG_TIDY ?= clang-tidy
STYLE_FILES = $(wildcard compiler/*.c compiler/*.h)
LINT_CHECKS = -*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,-clang-analyzer-valist.Uninitialized

format:
	$(CLANG_FORMAT) -i $(STYLE_FILES)

lint:
	$(CLANG_FORMAT) --dry-run --Werror $(STYLE_FILES)
	$(CLANG_TIDY) --quiet --warnings-as-errors='*' -checks='$(LINT_CHECKS)' $(SRCS) compiler/main.c \
		-- $(ALL_CPPFLAGS) -std=c11
