/*
 * unseal_cmd.c - `scomc unseal`: extracts the management pack XML of sealed
 * .mp files (read by mpread.c / unseal.c) into DIR/<ID>.xml and prints each
 * file's strong-name signature status and public key token.
 */
#include "unseal_cmd.h"

#include "check.h"
#include "cli.h"
#include "mpread.h"
#include "out.h"
#include "source.h"
#include "strbuf.h"
#include "unseal.h"

const char unseal_usage[] =
	"Usage: scomc unseal [OPTION]... FILE.mp...\n"
	"Extract the management pack XML of sealed .mp files into DIR/<ID>.xml\n"
	"(UTF-8) and print, for each file, two lines on standard output:\n"
	"  signature: valid | invalid | none\n"
	"  token: <public key token> | none\n"
	"\n"
	"  -o, --output=DIR         write into DIR (default: .); '-' writes the XML\n"
	"                           of a single file to standard output instead of\n"
	"                           the two lines\n"
	"      --force              extract even when the signature does not verify\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif (then the\n"
	"                           two lines are not printed)\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --werror             treat warnings as errors\n"
	"      --color=WHEN         colour diagnostics: auto, always or never\n"
	"  -q, --quiet              do not report warnings\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"A file whose signature does not verify (changed after sealing) is an\n"
	"error [E604]: nothing is written and the exit status is 1, unless --force.\n"
	"Exit status: 0 success, 1 bad input, 2 usage error, 3 I/O error.\n";

static const char *sig_word(int sig)
{
	return sig == UNSEAL_SIG_OK ? "valid" : sig == UNSEAL_SIG_BAD ? "invalid"
								      : "none";
}

/* The output name: the MP ID from the XML, else the assembly name. */
static char *output_name(struct mp_file *mp)
{
	struct diag_sink quiet;
	diag_sink_init(&quiet, 1);
	const char *id = NULL;
	if (mp_parse(mp, true, &quiet) == 0 && mp->root) {
		mp_index(mp);
		id = mp->id;
	}
	diag_sink_release(&quiet);
	if (!id || !check_is_mp_id(id) || strlen(id) > CHECK_MAX_ID)
		id = check_is_mp_id(mp->asm_name) ? mp->asm_name : NULL;
	if (!id)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s.xml", id);
	return strbuf_detach(&sb, NULL);
}

/* What one run keeps: the diagnostics, the packs they point into, the
 * staged outputs. */
struct unsealing {
	const struct cli *cli;
	struct diag_sink sink;
	struct mp_files kept;
	struct out out;
	bool lines; /* print the signature and token lines */
};

static void unseal_file(struct unsealing *u, const char *path)
{
	struct diag_sink *sink = &u->sink;
	struct mp_file *mp = mp_files_add(&u->kept);
	if (mp_read(mp, path, sink) < 0)
		return;
	if (!mp->sealed) {
		diag_file_error(sink, mp->src, "E603", "not a sealed management pack (no 'MZ' signature)");
		diag_hint(sink, "'scomc verify' and 'scomc decompile' read MP XML directly");
		return;
	}
	if (u->lines)
		printf("signature: %s\ntoken: %s\n", sig_word(mp->signature), *mp->token ? mp->token : "none");
	if (mp->signature == UNSEAL_SIG_BAD) {
		const char *msg = "strong-name signature does not verify: the file was changed after it was sealed";
		if (!u->cli->arg[CLI_FORCE]) {
			diag_file_error(sink, mp->src, "E604", "%s", msg);
			diag_hint(sink, "nothing was extracted; --force extracts it anyway");
			return;
		}
		mp_file_warning(sink, mp->src, "E604", false, "%s (extracted because of --force)", msg);
	}
	char *name = output_name(mp);
	if (!name) {
		diag_file_error(sink, mp->src, "E603", "cannot tell the management pack ID: no Identity/ID and no assembly name");
		return;
	}
	out_write(&u->out, name, mp->src->data, mp->src->len, sink);
	free(name);
}

int unseal_main(struct cli *c)
{
	struct unsealing u = { .cli = c };
	cli_sink_init(c, &u.sink);
	out_init(&u.out, c->out_dir);
	u.lines = !u.out.to_stdout && (c->format == FORMAT_TEXT || c->diag_output);
	for (int i = 0; i < c->nfiles && !u.sink.env_error; i++)
		unseal_file(&u, c->files[i]);
	int code = cli_finish(c, &u.sink, &u.out, false);
	out_release(&u.out);
	diag_sink_release(&u.sink);
	mp_files_release(&u.kept);
	return code;
}
