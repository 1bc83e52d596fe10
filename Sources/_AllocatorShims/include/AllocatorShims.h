// glibc's allocator settings, which Swift's Glibc module does not import.
// Not API of the course: Autograd calls it once (see ExecutionPolicy+Allocator.swift).
#pragma once

// Keeps freed blocks of up to 1 GiB in the process for reuse instead of
// unmapping them. Does nothing on other C libraries.
void course_keep_freed_memory_for_reuse(void);

// 1 once glibc accepted both settings, else 0.
int course_allocator_keeps_freed_memory(void);
