import Testing

@testable import Autograd

@Suite("Memory tuning")
struct MemoryTuningTests {
  #if os(Linux)
  @Test func freedTensorBuffersStayInTheProcess() {
    _ = Tensor.zeros([2])
    #expect(allocatorKeepsFreedMemory, "glibc's mmap and trim thresholds were not raised: every large activation page-faults again each step")
  }
  #endif
}
