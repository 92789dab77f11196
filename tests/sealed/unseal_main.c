/* unseal_main.c - test driver for compiler/unseal.c.
 *
 *   unseal_main FILE [XML-OUT]   unseal FILE, print the result as key=value
 *                                lines, write the XML to XML-OUT if given
 *   unseal_main --sweep STEP FILE
 *                                call unseal_mp on every prefix of FILE
 *                                whose length is a multiple of STEP (each in
 *                                an exact-size heap block, so ASan sees
 *                                overreads), then on FILE with each STEP-th
 *                                byte flipped
 * Exit status: 0 if unseal_mp returned 0 (or the sweep held), 1 if it
 * returned -1 (or the sweep broke an invariant), 2 on usage or I/O errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/unseal.h"

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *p = realloc(buf, cap *= 2);
        if (!p)
            free(buf);
        buf = p;
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(s, 1, n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

static int show(const char *path, const char *xml_out)
{
    size_t len;
    unsigned char *data = read_file(path, &len);
    if (!data) {
        perror(path);
        return 2;
    }
    struct unseal_result r;
    int rc = unseal_mp(data, len, &r);
    printf("rc=%d\nsignature=%d\ntoken=%s\nname=%s\nversion=%s\n"
           "resource=%s\nxml_len=%zu\nxml_null=%d\nerror=%s\n"
           "error_offset=%zu\n", rc, r.signature, r.token, r.name,
           r.version, r.resource, r.xml_len, r.xml == NULL, r.error,
           r.error_offset);
    int status = rc == 0 ? 0 : 1;
    if (rc == 0 && xml_out && write_file(xml_out, r.xml, r.xml_len)) {
        perror(xml_out);
        status = 2;
    }
    unseal_result_release(&r);
    free(data);
    return status;
}

/* One call on a copy of data[0..len) in a block of exactly len bytes.
 * A prefix must fail cleanly; every result must be self-consistent. */
static int probe(const unsigned char *data, size_t len, int must_fail,
                 const char *what, size_t at)
{
    unsigned char *copy = NULL;
    if (data) {
        copy = malloc(len ? len : 1);
        if (!copy)
            return 1;
        memcpy(copy, data, len);
    }
    struct unseal_result r;
    int rc = unseal_mp(copy, len, &r);
    int bad = rc != 0 && rc != -1;
    bad |= rc == 0 && (!r.xml || strlen(r.xml) != r.xml_len);
    bad |= rc == -1 && (r.xml || !r.error[0] || r.error_offset > len);
    bad |= must_fail && rc != -1;
    if (bad)
        printf("sweep: %s %zu: rc=%d error='%s'\n", what, at, rc, r.error);
    unseal_result_release(&r);
    free(copy);
    return bad;
}

static int sweep(size_t step, const char *path)
{
    size_t len;
    unsigned char *data = read_file(path, &len);
    if (!data || step == 0) {
        perror(path);
        free(data);
        return 2;
    }
    unsigned prefixes = 0, flips = 0, bad = 0;
    for (size_t n = 0; n < len; n += step, prefixes++)
        bad += probe(data, n, 1, "prefix", n);
    for (size_t i = 0; i < len; i += step, flips++) {
        data[i] ^= 0xFF;
        bad += probe(data, len, 0, "flip", i);
        data[i] ^= 0xFF;
    }
    bad += probe(NULL, 0, 1, "null", 0);
    printf("sweep: %u prefixes, %u flipped bytes, %u bad\n", prefixes,
           flips, bad);
    free(data);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--sweep") == 0)
        return sweep(strtoul(argv[2], NULL, 10), argv[3]);
    if (argc == 2 || argc == 3)
        return show(argv[1], argc == 3 ? argv[2] : NULL);
    fprintf(stderr, "usage: unseal_main FILE [XML-OUT]\n"
                    "       unseal_main --sweep STEP FILE\n");
    return 2;
}
