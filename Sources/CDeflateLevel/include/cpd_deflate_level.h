#ifndef CPD_DEFLATE_LEVEL_H
#define CPD_DEFLATE_LEVEL_H

/* The zlib level the calling thread's PDF streams are compressed at (see deflate_level.c). */
int cpd_deflate_level(void);

/* Sets the calling thread's level (0-9) and returns the previous one. */
int cpd_set_deflate_level(int level);

#endif
