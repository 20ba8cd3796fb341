#include "cpd_deflate_level.h"

#include <zlib.h>

/* cairo 1.16 compresses every stream of a PDF (font subsets, images, page content) through
 * zlib's deflateInit(), the default level 6, and has no setting for the level. Deflate took a
 * third of the CPU of issuing a certificate; level 3 (zlib's fast matcher) takes about a third
 * less CPU for files about 5% larger (docs/performance.md).
 *
 * This definition of deflateInit_ (what the deflateInit macro calls) is linked into the
 * executable, which the dynamic linker searches before libz, so cairo's calls land here. A
 * caller that asks for a level gets that level; only the default changes. The rest is what
 * zlib's own deflateInit_ does (deflate.c: window bits 15, memory level 8, default strategy).
 * The result is as deterministic as before: the same input gives the same bytes. */
#define CPD_DEFLATE_LEVEL 3

int deflateInit_(z_streamp stream, int level, const char *version, int stream_size) {
    if (level == Z_DEFAULT_COMPRESSION) level = CPD_DEFLATE_LEVEL;
    return deflateInit2_(stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}

int cpd_deflate_level(void) { return CPD_DEFLATE_LEVEL; }
