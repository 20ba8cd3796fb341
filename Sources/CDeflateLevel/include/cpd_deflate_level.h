#ifndef CPD_DEFLATE_LEVEL_H
#define CPD_DEFLATE_LEVEL_H

/* The zlib level every PDF stream cairo writes is compressed at (see deflate_level.c). */
int cpd_deflate_level(void);

#endif
