/*
 * harness.h - the unit tests' ten-line harness (cmark api_test/harness.h).
 *
 * OK(cond), INT_EQ(got, want) and STR_EQ(got, want) count a check and, when
 * it fails, print "file:line: ..." with both values. harness_done(name)
 * prints the suite's one line ("ok   name (N checks)" or "FAIL name ...")
 * and returns the exit status for main(). Header-only: each test_*.c is
 * one program linked against the compiler's objects.
 */
#ifndef SCOMC_TEST_HARNESS_H
#define SCOMC_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_checks, h_failed;

static void h_fail(const char *file, int line, const char *what)
{
	h_failed++;
	fprintf(stdout, "    %s:%d: %s\n", file, line, what);
}

static void h_ok(const char *file, int line, int cond, const char *expr)
{
	h_checks++;
	if (!cond)
		h_fail(file, line, expr);
}

static void h_int_eq(const char *file, int line, long long got, long long want,
		     const char *expr)
{
	h_checks++;
	if (got != want) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s is %lld, expected %lld", expr, got, want);
		h_fail(file, line, msg);
	}
}

static void h_str_eq(const char *file, int line, const char *got, const char *want,
		     const char *expr)
{
	h_checks++;
	if (got == want || (got && want && strcmp(got, want) == 0))
		return;
	h_fail(file, line, expr);
	fprintf(stdout, "      got:      \"%s\"\n      expected: \"%s\"\n",
		got ? got : "(null)", want ? want : "(null)");
}

#define OK(cond) h_ok(__FILE__, __LINE__, (cond) != 0, #cond)
#define INT_EQ(got, want) \
	h_int_eq(__FILE__, __LINE__, (long long)(got), (long long)(want), #got)
#define STR_EQ(got, want) h_str_eq(__FILE__, __LINE__, (got), (want), #got)

static int harness_done(const char *name)
{
	if (h_failed)
		printf("FAIL %s (%d of %d checks failed)\n", name, h_failed, h_checks);
	else
		printf("ok   %s (%d checks)\n", name, h_checks);
	return h_failed ? 1 : 0;
}

#endif
