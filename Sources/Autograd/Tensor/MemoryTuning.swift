import _AllocatorShims

/// Keeps freed tensor buffers inside the process instead of returning them
/// to the operating system.
///
/// glibc's allocator serves blocks above 128 KiB with fresh `mmap`s and gives
/// them back on `free`, so a training loop that allocates the same large
/// activations every step page-faults through every one of them again:
/// measured on the course's CNN step, a factor of 3 in time. Raising both
/// thresholds lets freed blocks be reused. It costs resident memory equal to
/// the peak the process already reached.
///
/// Evaluated once, the first time a tensor is created (Swift initializes
/// globals lazily and thread-safely).
let allocatorTuning: Void = course_keep_freed_memory_for_reuse()

/// Whether the allocator settings above are in force (tests check it: a
/// C macro mistake once made them a silent no-op, and every CNN step
/// page-faulted through 12 MB).
var allocatorKeepsFreedMemory: Bool {
  _ = allocatorTuning
  return course_allocator_keeps_freed_memory() == 1
}
