import _AllocatorShims

extension ExecutionPolicy {
  /// Keeps freed tensor buffers inside the process instead of returning them
  /// to the operating system. Call it once, at the start of an executable
  /// that trains (every chapter and `course` do); later calls do nothing.
  ///
  /// glibc's allocator serves large blocks with fresh `mmap`s (above 128 KiB
  /// at first, a threshold it raises as such blocks are freed) and hands
  /// freed memory at the top of its heap back to the system, so a training
  /// loop that allocates the same large activations every step page-faults
  /// through fresh pages again:
  /// measured on the course's CNN step, a factor of 3 in time. This raises
  /// glibc's mmap threshold to 1 GiB and its trim threshold to the maximum, so
  /// freed blocks are reused. It costs resident memory equal to the peak the
  /// process already reached, and changes no result. Not done behind the
  /// caller's back when the first tensor is created: a program that embeds
  /// the core decides how its process allocates. Does nothing on other C libraries.
  public static func tuneAllocator() {
    _ = allocatorTuning
  }

  /// Whether the allocator settings of ``tuneAllocator()`` are in force (tests
  /// check it: a C macro mistake once made them a silent no-op, and every CNN
  /// step page-faulted through 12 MB).
  public static var isAllocatorTuned: Bool {
    course_allocator_keeps_freed_memory() == 1
  }
}

/// Evaluated once, by the first call of `tuneAllocator` (Swift initializes
/// globals lazily and thread-safely).
private let allocatorTuning: Void = course_keep_freed_memory_for_reuse()
