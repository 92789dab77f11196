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

/* Event IDs are given out per family of sources that one event can match:
 * family 0 is the pack's default source, family 1 + i product i (its
 * wildcard, its ?-pattern and its named sources match one another's
 * events). Authors give each event of a source to one alert (scomc warns
 * about the others, W307), so the generator does too: no two items of a
 * pack share an event ID within a family. */
enum { NFAM = 1 + sizeof(products) / sizeof(products[0]), ID_LOW = 1000, ID_HIGH = 65535 };
static unsigned char used[NFAM][ID_HIGH + 1];

struct span {
	unsigned from, to; /* offsets from the first ID */
};

/* The first base from a random start whose spans are all free in fam, or 0. */
static unsigned free_base(unsigned fam, const struct span *sp, int n, unsigned reach)
{
	unsigned room = ID_HIGH - reach - ID_LOW + 1, start = rnd(room);
	for (unsigned k = 0; k < room; k++) {
		unsigned base = ID_LOW + (start + k) % room;
		int ok = 1;
		for (int i = 0; i < n && ok; i++)
			for (unsigned id = base + sp[i].from; id <= base + sp[i].to && ok; id++)
				ok = !used[fam][id];
		if (ok)
			return base;
	}
	return 0;
}

/* event 9317 | 9317, 9318 | 9300-9310 | 9400, 9410-9415: IDs not yet given
 * in fam, then marked as given. Returns 0, or -1 when fam has no room. */
static int events(char *buf, size_t n, unsigned fam)
{
	struct span sp[3];
	int ns, shape = (int)rnd(20);
	if (shape < 4) {
		unsigned d = 1 + rnd(5);
		sp[0] = (struct span){ 0, 0 };
		sp[1] = (struct span){ d, d };
		ns = 2;
	} else if (shape < 7) {
		sp[0] = (struct span){ 0, 1 + rnd(40) };
		ns = 1;
	} else if (shape < 9) {
		sp[0] = (struct span){ 0, 0 };
		sp[1] = (struct span){ 10, 12 + rnd(9) };
		sp[2] = (struct span){ 30, 30 };
		ns = 3;
	} else {
		sp[0] = (struct span){ 0, 0 };
		ns = 1;
	}
	unsigned base = free_base(fam, sp, ns, sp[ns - 1].to);
	if (!base)
		return -1;
	for (int i = 0; i < ns; i++)
		for (unsigned id = base + sp[i].from; id <= base + sp[i].to; id++)
			used[fam][id] = 1;
	if (shape < 4)
		snprintf(buf, n, "%u, %u", base, base + sp[1].from);
	else if (shape < 7)
		snprintf(buf, n, "%u-%u", base, base + sp[0].to);
	else if (shape < 9)
		snprintf(buf, n, "%u, %u-%u, %u", base, base + 10, base + sp[1].to, base + 30);
	else
		snprintf(buf, n, "%u", base);
	return 0;
}

/* A source of family fam; kind (0-9, drawn by source_events()) chooses
 * between a product's wildcard, ?-pattern and named sources. */
static void source_in(char *buf, size_t n, unsigned fam, unsigned kind, unsigned pack)
{
	const char *p = fam ? products[fam - 1] : NULL;
	if (!p)
		snprintf(buf, n, "ContosoSvc%u", pack); /* the default */
	else if (kind < 2)
		snprintf(buf, n, "%s*", p);
	else if (kind == 2)
		snprintf(buf, n, "%s?%u", p, rnd(10));
	else
		snprintf(buf, n, "%s%s", p, PICK(stems));
}

/* The source and events of one item: 20% product wildcards, 10%
 * ?-patterns, 30% named product sources, 40% the pack default. When a
 * family has no free IDs left (tens of thousands of items in one pack),
 * the item takes a named source of the next product with room. */
static void source_events(char *src, size_t ns, char *ev, size_t nev, unsigned pack)
{
	unsigned kind = rnd(10);
	unsigned fam = kind < 6 ? 1 + rnd(NFAM - 1) : 0;
	for (unsigned tries = 0; tries < NFAM; tries++) {
		if (events(ev, nev, fam) == 0) {
			source_in(src, ns, fam, kind, pack);
			return;
		}
		fam = 1 + fam % (NFAM - 1);
		kind = 5;
	}
	fputs("gen: no free event IDs left in this pack\n", stderr);
	exit(1);
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
	source_events(src, sizeof(src), ev, sizeof(ev), pack);
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
	source_events(src, sizeof(src), ev, sizeof(ev), pack);
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
		source_events(src, sizeof(src), ev, sizeof(ev), pack);
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
	memset(used, 0, sizeof(used)); /* event IDs are given per pack */
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
