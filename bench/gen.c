/*
 * gen.c - writes deterministic, realistic .alert packs for the benchmark.
 *
 * Usage: gen ALERTS OUTDIR [ALERTS_PER_PACK]. Writes OUTDIR/BenchNNNN.alert,
 * each pack holding up to ALERTS_PER_PACK alerts (default: all in one).
 * Every alert has a knowledge article of about 1.5 KB (Summary, Causes as a
 * bulleted list, Resolution as a numbered list with links, More information
 * with a link). Events mix single IDs, lists, ranges and lists of ranges;
 * about a fifth of the sources are wildcards; every eighth block of alerts
 * is a `table` whose template carries the shared article; every sixteenth
 * item is an event monitor (each of the five kinds in turn, half of them
 * raising an alert, some with a filter on an event parameter). Output
 * depends only on the arguments (a fixed-seed xorshift generator).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)((rng_state >> 11) % n);
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const nouns[] = {
	"service", "database", "mailbox store", "transport queue", "certificate",
	"replication partner", "domain controller", "worker process", "connector",
	"cache", "index", "log volume", "backup job", "scheduler", "listener",
	"configuration store", "message queue", "storage group", "cluster node",
	"application pool", "search catalog", "directory service", "proxy",
};
static const char *const verbs[] = {
	"failed to start", "stopped responding", "could not connect", "timed out",
	"rejected the request", "reported corruption", "ran out of space",
	"lost its connection", "could not be reached", "returned an error",
	"exceeded its threshold", "could not authenticate", "was restarted",
};
static const char *const adjs[] = {
	"remote", "local", "primary", "secondary", "configured", "default",
	"active", "passive", "external", "internal", "shared", "dedicated",
};
static const char *const stems[] = {
	"Connect", "Start", "Stop", "Auth", "Replicate", "Backup", "Index",
	"Queue", "Cert", "Disk", "Memory", "Network", "Config", "Search", "Sync",
};
static const char *const outcomes[] = {
	"Failed", "Timeout", "Error", "Degraded", "Unavailable", "Rejected",
	"Corrupt", "Slow", "Lost", "Exceeded",
};
static const char *const products[] = {
	"ContosoMail", "ContosoDirectory", "ContosoStore", "ContosoGateway",
	"ContosoSearch", "ContosoBackup",
};
static const char *const types[] = { "Information", "Warning", "Error", "Critical Error" };
static const char *const prios[] = { "low", "normal", "high" };
static const char *const hosts[] = {
	"learn.microsoft.com/troubleshoot", "support.contoso.com/kb",
	"docs.contoso.com/operations", "wiki.contoso.com/runbooks",
};

/* One sentence about the alert's component; ~100 bytes. */
static void sentence(FILE *f, const char *comp)
{
	switch (rnd(6)) {
	case 0:
		fprintf(f, "The %s %s %s while the %s %s processed a request from a %s client.",
			PICK(adjs), comp, PICK(verbs), PICK(adjs), PICK(nouns), PICK(adjs));
		break;
	case 1:
		fprintf(f, "This usually means that the %s %s %s or that the %s is not reachable from this server.",
			PICK(adjs), PICK(nouns), PICK(verbs), PICK(nouns));
		break;
	case 2:
		fprintf(f, "If the %s %s again within an hour, the %s %s may need attention from an administrator.",
			comp, PICK(verbs), PICK(adjs), PICK(nouns));
		break;
	case 3:
		fprintf(f, "Check the **%s** settings and make sure the account used by the %s has the required permissions.",
			PICK(nouns), comp);
		break;
	case 4:
		fprintf(f, "Events logged by the `%s` component before this one often show why the %s %s.",
			PICK(stems), PICK(nouns), PICK(verbs));
		break;
	default:
		fprintf(f, "Operators have seen the %s %s after maintenance on the %s %s, when the %s is *still* restarting.",
			comp, PICK(verbs), PICK(adjs), PICK(nouns), PICK(nouns));
		break;
	}
}

static void sentences(FILE *f, const char *comp, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(' ', f);
		sentence(f, comp);
	}
}

/* The knowledge block, indented by ind spaces; about 1.5 KB of text. */
static void knowledge(FILE *f, const char *ind, const char *comp, unsigned k)
{
	fprintf(f, "%sknowledge {\n", ind);
	fprintf(f, "%s  section \"Summary\" \"\"\"\n%s    ", ind, ind);
	sentences(f, comp, 3);
	fprintf(f, "\n%s    \"\"\"\n\n", ind);
	fprintf(f, "%s  section \"Causes\" \"\"\"\n%s    Possible causes:\n\n", ind, ind);
	for (int i = 0; i < 3; i++) {
		fprintf(f, "%s    - ", ind);
		sentence(f, comp);
		fputc('\n', f);
	}
	fprintf(f, "%s    \"\"\"\n\n", ind);
	fprintf(f, "%s  section \"Resolution\" \"\"\"\n%s    To resolve this problem:\n\n", ind, ind);
	for (int i = 1; i <= 3; i++) {
		fprintf(f, "%s    %d. ", ind, i);
		sentence(f, comp);
		if (i == 2)
			fprintf(f, " See [article %u](https://%s/%u).", k, PICK(hosts), 100000 + k);
		fputc('\n', f);
	}
	fprintf(f, "%s    \"\"\"\n\n", ind);
	fprintf(f, "%s  section \"More information\" \"\"\"\n%s    ", ind, ind);
	sentence(f, comp);
	fprintf(f, " For background, read [the %s guide](https://%s/guide-%u.html).\n",
		comp, PICK(hosts), k % 997);
	fprintf(f, "%s    \"\"\"\n%s}\n", ind, ind);
}

/* event 9317 | 9317, 9318 | 9300-9310 | 9400, 9410-9415 */
static void events(char *buf, size_t n)
{
	unsigned base = 1000 + rnd(60000);
	switch (rnd(20)) {
	case 0: case 1: case 2: case 3:
		snprintf(buf, n, "%u, %u", base, base + 1 + rnd(5));
		break;
	case 4: case 5: case 6:
		snprintf(buf, n, "%u-%u", base, base + 1 + rnd(40));
		break;
	case 7: case 8:
		snprintf(buf, n, "%u, %u-%u, %u", base, base + 10, base + 12 + rnd(9), base + 30);
		break;
	default:
		snprintf(buf, n, "%u", base);
		break;
	}
}

static void source(char *buf, size_t n, unsigned pack)
{
	unsigned r = rnd(10);
	if (r < 2)
		snprintf(buf, n, "%s*", PICK(products));
	else if (r == 2)
		snprintf(buf, n, "%s?%u", PICK(products), rnd(10));
	else if (r < 6)
		snprintf(buf, n, "%s%s", PICK(products), PICK(stems));
	else
		snprintf(buf, n, "ContosoSvc%u", pack); /* the default */
}

static void alert_name(char *buf, size_t n, unsigned k)
{
	snprintf(buf, n, "%s%s%05u", PICK(stems), PICK(outcomes), k);
}

static void title(char *buf, size_t n, const char *comp)
{
	snprintf(buf, n, "The %s %s %s", PICK(adjs), comp, PICK(verbs));
}

static void plain_alert(FILE *f, unsigned k, unsigned pack)
{
	char name[64], ev[64], src[64], ttl[160];
	const char *comp = PICK(nouns);
	alert_name(name, sizeof(name), k);
	events(ev, sizeof(ev));
	source(src, sizeof(src), pack);
	title(ttl, sizeof(ttl), comp);
	fprintf(f, "  alert %s {\n    event    %s\n", name, ev);
	if (strncmp(src, "ContosoSvc", 10) != 0)
		fprintf(f, "    source   %s\n", src);
	fprintf(f, "    type     %s\n    priority %s\n", PICK(types), PICK(prios));
	fprintf(f, "    title    \"%s\"\n", ttl);
	if (rnd(3) == 0)
		fprintf(f, "    rule     \"%s (rule %u)\"\n", ttl, k);
	if (rnd(2) == 0)
		fprintf(f, "    description \"{description} on {computer}: %s {param1}\"\n", comp);
	if (rnd(4) == 0)
		fputs("    suppress id, source, computer\n", f);
	if (rnd(5) == 0)
		fputs("    class    SQL!Contoso.Bench.Database\n", f);
	if (rnd(10) == 0)
		fputs("    log      System\n", f);
	fputc('\n', f);
	knowledge(f, "    ", comp, k);
	fputs("  }\n\n", f);
}

/* An event monitor of kind (k / 16) % 5: reset event, timer, manual,
 * repeated with a timer, repeated with a manual reset. */
static void monitor(FILE *f, unsigned k, unsigned pack)
{
	char name[64], ev[64], src[64], ttl[160];
	const char *comp = PICK(nouns);
	static const char *const parents[] = { "availability", "configuration", "performance",
					       "security" };
	alert_name(name, sizeof(name), k);
	events(ev, sizeof(ev));
	source(src, sizeof(src), pack);
	title(ttl, sizeof(ttl), comp);
	fprintf(f, "  monitor %s {\n    event  %s\n", name, ev);
	if (strncmp(src, "ContosoSvc", 10) != 0)
		fprintf(f, "    source %s\n", src);
	fprintf(f, "    state  %s\n    parent %s\n", rnd(2) ? "Error" : "Warning", PICK(parents));
	switch ((k / 16) % 5) {
	case 0:
		fprintf(f, "    reset  event %u\n", 1000 + rnd(60000));
		break;
	case 1:
		fprintf(f, "    reset  timer %uh\n", 1 + rnd(12));
		break;
	case 2:
		fputs("    reset  manual\n", f);
		break;
	case 3:
		fprintf(f, "    repeat %u within %um\n    reset  timer 2h\n", 2 + rnd(5), 5 + rnd(55));
		break;
	default:
		fprintf(f, "    repeat %u within %um\n    reset  manual\n", 2 + rnd(5), 5 + rnd(55));
		break;
	}
	fprintf(f, "    title  \"%s\"\n", ttl);
	if (rnd(3) == 0)
		fprintf(f, "    filter { param 1 is \"%s\" }\n", PICK(stems));
	if (rnd(2) == 0)
		fprintf(f, "    alert {\n      priority %s\n      description \"{description} (%s)\"\n    }\n",
			PICK(prios), comp);
	fputc('\n', f);
	knowledge(f, "    ", comp, k);
	fputs("  }\n\n", f);
}

static void table(FILE *f, unsigned first, unsigned n, unsigned pack)
{
	const char *comp = PICK(nouns);
	fputs("  table {\n    template {\n", f);
	fprintf(f, "      type     %s\n      priority %s\n", PICK(types), PICK(prios));
	knowledge(f, "      ", comp, first);
	fputs("    }\n    columns name event source title\n", f);
	for (unsigned i = 0; i < n; i++) {
		char name[64], ev[64], src[64], ttl[160];
		alert_name(name, sizeof(name), first + i);
		events(ev, sizeof(ev));
		source(src, sizeof(src), pack);
		title(ttl, sizeof(ttl), comp);
		fprintf(f, "    row %s \"%s\" %s \"%s\"\n", name, ev, src, ttl);
	}
	fputs("  }\n\n", f);
}

static void header(FILE *f, unsigned pack, unsigned nalerts)
{
	fprintf(f, "# Generated by bench/gen: %u alerts. Do not edit.\n\n", nalerts);
	fprintf(f, "pack Contoso.Bench.Pack%04u {\n", pack);
	fprintf(f, "  version     1.0.%u.0\n", pack);
	fprintf(f, "  name        \"Contoso Benchmark Pack %u\"\n", pack);
	fprintf(f, "  description \"Generated alerts for the scomc benchmark (pack %u, %u alerts).\"\n",
		pack, nalerts);
	fputs("  target      2007r2\n  language    ENU\n  modified    2024-03-01\n\n", f);
	fputs("  reference Contoso.Bench.Database.Library {\n    version 1.0.0.0\n"
	      "    key     31bf3856ad364e35\n    alias   SQL\n  }\n\n", f);
	fprintf(f, "  defaults {\n    product         \"Contoso Platform\"\n"
		   "    product-version \"%u.0\"\n    source          ContosoSvc%u\n"
		   "    log             Application\n"
		   "    path            \"Contoso/Platform/Pack %u\"\n"
		   "    class           Windows!Microsoft.Windows.Computer\n"
		   "    intro \"\"\"\n"
		   "      The Contoso management pack raises this alert when the event in the\n"
		   "      Details table below is logged. Review the event description first.\n"
		   "      \"\"\"\n  }\n\n", 2020 + pack % 5, pack, pack);
}

static int write_pack(const char *dir, unsigned pack, unsigned first, unsigned n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/Bench%04u.alert", dir, pack);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	header(f, pack, n);
	for (unsigned k = first; k < first + n;) {
		unsigned left = first + n - k;
		if ((k / 40) % 8 == 7 && left >= 2) { /* a table of up to 40 rows */
			unsigned rows = left < 40 ? left : 40;
			table(f, k, rows, pack);
			k += rows;
		} else {
			if (k % 16 == 5)
				monitor(f, k, pack);
			else
				plain_alert(f, k, pack);
			k++;
		}
	}
	fputs("}\n", f);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fputs("usage: gen ALERTS OUTDIR [ALERTS_PER_PACK]\n", stderr);
		return 2;
	}
	unsigned total = (unsigned)strtoul(argv[1], NULL, 10);
	unsigned per = argc == 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 0;
	if (total == 0) {
		fputs("gen: ALERTS must be a positive number\n", stderr);
		return 2;
	}
	if (per == 0 || per > total)
		per = total;
	if (mkdir(argv[2], 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: cannot create '%s': %s\n", argv[2], strerror(errno));
		return 1;
	}
	unsigned pack = 1;
	for (unsigned k = 0; k < total; k += per, pack++)
		if (write_pack(argv[2], pack, k, total - k < per ? total - k : per))
			return 1;
	return 0;
}
