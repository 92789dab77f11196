/*
 * lsp.h - `scomc lsp`: the Language Server Protocol server (lsp.c: the
 * protocol and the open documents; lsp_lang.c: what it answers).
 */
#ifndef SCOMC_LSP_H
#define SCOMC_LSP_H

#include <stdio.h>

struct cli;
struct refpacks;
struct xsd_cache;

/* Serves one client on stdin/stdout until "exit" or end of input; returns
 * 0 if the client asked for shutdown first, else 1. */
int lsp_main(struct cli *c);

/* The message loop of lsp_main(): reads Content-Length framed JSON-RPC
 * messages from in until "exit", end of input or broken framing, and
 * writes every reply and notification to out (flushed after each). Both
 * streams, the schemas xsd and the reference packs refs (NULL: none) are
 * borrowed: the caller opens and closes them (a test drives the loop on
 * fmemopen()/open_memstream() streams). The open documents live and die
 * inside the call. Returns 0 after "shutdown", 1 if the client stopped
 * without it, -1 on broken framing (why[0..whylen) says how). */
int lsp_serve(FILE *in, FILE *out, struct xsd_cache *xsd, struct refpacks *refs, char *why,
	      size_t whylen);
extern const char lsp_usage[];

#endif
