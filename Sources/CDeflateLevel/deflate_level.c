#include "cpd_deflate_level.h"

#include <zlib.h>

/* cairo 1.16 compresses every stream of a PDF (font subsets, images, page content) through
 * zlib's deflateInit(), the default level 6, and has no setting for the level. Deflate took a
 * third of the CPU of issuing a certificate; level 3 (zlib's fast matcher) takes about a third
 * less CPU for files about 5% larger (docs/performance.md).
 *
 * This definition of deflateInit_ (what the deflateInit macro calls) is linked into the
 * executable, which the dynamic linker searches before libz, so cairo's calls land here. A
 * caller that asks for a level gets that level; only the default changes, to the calling
 * thread's level (cairo compresses on the thread that draws, and each renderer sets the level
 * of the drawing revision it draws: a certificate archived with an earlier revision is drawn
 * again at that revision's level). The rest is what zlib's own deflateInit_ does (deflate.c:
 * window bits 15, memory level 8, default strategy). The same input gives the same bytes. */
static _Thread_local int thread_level = 3;

int deflateInit_(z_streamp stream, int level, const char *version, int stream_size) {
    if (level == Z_DEFAULT_COMPRESSION) level = thread_level;
    return deflateInit2_(stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}

int cpd_deflate_level(void) { return thread_level; }

int cpd_set_deflate_level(int level) {
    int previous = thread_level;
    thread_level = level;
    return previous;
}
