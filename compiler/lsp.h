/*
 * lsp.h - `scomc lsp`: the Language Server Protocol server (lsp.c: the
 * protocol and the open documents; lsp_lang.c: what it answers).
 */
#ifndef SCOMC_LSP_H
#define SCOMC_LSP_H

struct cli;

/* Serves one client on stdin/stdout until "exit" or end of input; returns
 * 0 if the client asked for shutdown first, else 1. */
int lsp_main(struct cli *c);
extern const char lsp_usage[];

#endif
