#include "AllocatorShims.h"

#if defined(__GLIBC__)
#include <malloc.h>
#include <limits.h>

void course_keep_freed_memory_for_reuse(void) {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
}
#else
void course_keep_freed_memory_for_reuse(void) {}
#endif
