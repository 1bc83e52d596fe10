#include "AllocatorShims.h"

// <stdlib.h> first: it defines __GLIBC__ when the C library is glibc (the
// macro comes from <features.h>). Without it this file silently compiled to
// the no-op branch below for a whole session.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <limits.h>

static int settingsAccepted = 0;

void course_keep_freed_memory_for_reuse(void) {
  settingsAccepted = mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
}

int course_allocator_keeps_freed_memory(void) { return settingsAccepted; }
#else
void course_keep_freed_memory_for_reuse(void) {}
int course_allocator_keeps_freed_memory(void) { return 0; }
#endif
