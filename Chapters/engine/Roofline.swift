import CourseKit
import Dispatch
import Foundation
import Plotting
import Workloads

/// The machine's two memory roofs: the rate at which a copy moves bytes
/// from memory (a block far larger than any cache) and from the caches (a
/// block as large as the largest step's least traffic, copied over and over,
/// so that it stays in whichever caches hold it), each on as many threads
/// as sgemm uses for the peak, so that the balances compare like with like.
struct MemoryRoofs {
  /// Bytes per second of the large copy: memory's rate.
  let memory: Double
  /// The large copy's source, in bytes.
  let memoryBlockBytes: Int
  /// Bytes per second of the cache-sized copy.
  let caches: Double
  /// The cache-sized copy's source and destination together, in bytes.
  let cacheBlockBytes: Int
  let threads: Int

  /// Times both copies; `largestStepBytes` is the largest least traffic of a step.
  init(largestStepBytes: Double, quick: Bool, repetitions: Int) {
    threads = Int(MatrixProductPeak.threadCount)
    memoryBlockBytes = (quick ? 16 : 256) << 20
    memory = copyBytesPerSecond(bytes: memoryBlockBytes, threads: threads, copiesPerSample: 1, repetitions: repetitions)
    // Source and destination together hold the step's bytes; whole pages of them.
    let blockBytes = max(4096, Int(largestStepBytes / 2) / 4096 * 4096)
    cacheBlockBytes = 2 * blockBytes
    // Each sample copies about 32 MB, so that a sample lasts long enough to time.
    caches = copyBytesPerSecond(
      bytes: blockBytes, threads: threads, copiesPerSample: max(1, (32 << 20) / blockBytes), repetitions: 3 * repetitions)
  }
}

// region: copy-bandwidth
/// Bytes per second a copy of `bytes` moves (each byte read once and
/// written once, so twice its size), the block cut in `threads` parts, each
/// copied by its own thread `copiesPerSample` times over: the rate at which
/// memory, or the caches that hold the block, limit a pass over data. The
/// median of `repetitions`.
func copyBytesPerSecond(bytes: Int, threads: Int, copiesPerSample: Int, repetitions: Int) -> Double {
  let count = bytes / MemoryLayout<Float>.size
  let source = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
  let destination = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
  defer { source.deallocate(); destination.deallocate() }
  source.initialize(repeating: 1)
  destination.initialize(repeating: 0)
  let part = (count + threads - 1) / threads
  nonisolated(unsafe) let (from, to) = (source.baseAddress!, destination.baseAddress!)
  let seconds = medianSeconds(repetitions: repetitions) {
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      let start = min(count, thread * part)
      let length = min(count, start + part) - start
      for _ in 0..<copiesPerSample {
        _ = memcpy(to + start, from + start, length * MemoryLayout<Float>.size)
      }
    }
  }
  precondition(destination[count - 1] == 1)
  return Double(2 * count * MemoryLayout<Float>.size * copiesPerSample) / seconds
}
// endregion

// region: read-bandwidth
/// Bytes per second one thread reads a block of `bytes` (rounded down to
/// whole 64-byte lines) passed over `passesPerSample` times a sample: the
/// rate at which whichever caches hold the block feed one core. The fastest
/// of `samples`, after one sample to bring the block into the caches, as
/// the peak is its fastest product and not as the copies take their
/// median: a bound is the best the core can do, and on a shared machine a
/// median sits below it, so that a pass timed at a quieter moment could
/// "beat" the bound.
func readBytesPerSecond(bytes: Int, passesPerSample: Int, samples: Int) -> Double {
  let count = max(8, bytes / MemoryLayout<SIMD16<Float>>.size)
  let block = UnsafeMutableBufferPointer<SIMD16<Float>>.allocate(capacity: count)
  defer { block.deallocate() }
  block.initialize(repeating: SIMD16(repeating: 1))
  let vectors = UnsafePointer(block.baseAddress!)
  // Eight independent sums, so that the adds' latency never holds back the loads; they carry over from pass to
  // pass and end in the check below, so the compiler can neither drop a pass nor the loads.
  var sums = [SIMD16<Float>](repeating: .zero, count: 8)
  func sample() {
    var (s0, s1, s2, s3, s4, s5, s6, s7) = (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7])
    for _ in 0..<passesPerSample {
      var index = 0
      while index + 8 <= count {
        s0 += vectors[index]; s1 += vectors[index + 1]; s2 += vectors[index + 2]; s3 += vectors[index + 3]
        s4 += vectors[index + 4]; s5 += vectors[index + 5]; s6 += vectors[index + 6]; s7 += vectors[index + 7]
        index += 8
      }
      while index < count { s0 += vectors[index]; index += 1 }
    }
    sums = [s0, s1, s2, s3, s4, s5, s6, s7]
  }
  sample()
  let fastest = (0..<samples).map { _ in
    let start = DispatchTime.now().uptimeNanoseconds
    sample()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }.min()!
  precondition(sums.reduce(0) { $0 + $1.sum() } > 0, "the read summed nothing")
  return Double(count * MemoryLayout<SIMD16<Float>>.size * passesPerSample) / fastest
}
// endregion

extension MemoryRoofs {
  /// How each workload's intensity bound stands against the two balances
  /// (the peak over each copy rate), in English and in Chinese: whether its
  /// least traffic would take longer than its products at the peak, from
  /// memory and from the caches.
  func balanceVerdicts(names: [String], costs: [StepCost], peak: Double) -> (english: String, chinese: String) {
    enum Standing { case aboveBoth, betweenBalances, belowBoth }
    let standings = costs.map { cost -> Standing in
      let productSeconds = cost.flops / (peak * 1e9)
      if cost.bytesLowerBound / memory <= productSeconds { return .aboveBoth }
      return cost.bytesLowerBound / caches <= productSeconds ? .betweenBalances : .belowBoth
    }
    func named(_ standing: Standing) -> [String] { zip(names, standings).filter { $1 == standing }.map(\.0) }
    var english: [String] = []
    var chinese: [String] = []
    let above = named(.aboveBoth)
    if !above.isEmpty {
      english.append((above.count == 1 ? "the bound of \(above[0]) lies" : "the bounds of \(listed(above)) lie")
        + " above both balances, so not even memory would hold back their least traffic")
      chinese.append("\(listedInChinese(above)) 的计算强度上界都高于两个平衡点，即使从内存读取，最少的数据流量也不会拖慢它们")
    }
    let between = named(.betweenBalances)
    if !between.isEmpty {
      english.append((between.count == 1 ? "the bound of \(between[0]) lies" : "the bounds of \(listed(between)) lie")
        + " below the memory balance but above the caches': from memory, its least traffic would take longer than "
        + "its products at the peak, but every step touches the same bytes, and from the caches they take less time")
      chinese.append("\(listedInChinese(between)) 的计算强度上界低于内存的平衡点、高于缓存的平衡点：若从内存读取，最少的数据流量"
        + "比峰值速度下的矩阵乘法更费时；但每一步访问的都是同一批字节，从缓存读取则比矩阵乘法省时")
    }
    let below = named(.belowBoth)
    if !below.isEmpty {
      english.append((below.count == 1 ? "the bound of \(below[0]) lies" : "the bounds of \(listed(below)) lie")
        + " below both balances: even from the caches, its least traffic takes longer than its products at the peak")
      chinese.append("\(listedInChinese(below)) 的计算强度上界都低于两个平衡点：即使从缓存读取，最少的数据流量也比峰值速度下的矩阵乘法更费时")
    }
    return (english.joined(separator: "; "), chinese.joined(separator: "；"))
  }
}

/// "W1", "W1 and W2", "W1, W2 and W3".
func listed(_ names: [String]) -> String {
  names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
}

/// "W1", "W1 和 W2", "W1、W2 和 W3".
func listedInChinese(_ names: [String]) -> String {
  names.count < 2 ? names.joined() : names.dropLast().joined(separator: "、") + " 和 " + names.last!
}

/// The roofline of this machine: the most a step of a given arithmetic
/// intensity can reach, under each memory roof (the copy rate times the
/// intensity) and the peak, with each workload at its intensity bound
/// and its measured rate.
func drawRoofline(
  _ chapter: ChapterRun, workloads: [Workload], costs: [StepCost], measured: [WorkloadRates.Measurement],
  peak: Double, roofs: MemoryRoofs
) throws {
  let intensities = costs.map { $0.flops / $0.bytesLowerBound }
  let lowest = min(0.1, (intensities.min() ?? 1) / 2)
  let highest = max(1000, (intensities.max() ?? 1) * 2)
  let xs = (0...60).map { lowest * pow(highest / lowest, Double($0) / 60) }
  var series: [Series] = [
    .line(x: xs, y: xs.map { min(peak, roofs.caches * $0 / 1e9) }, title: "caches: min(peak, cache-sized copy × intensity)"),
    .line(x: xs, y: xs.map { min(peak, roofs.memory * $0 / 1e9) }, title: "memory: min(peak, large copy × intensity)",
      dashed: true),
  ]
  for (index, workload) in workloads.enumerated() {
    series.append(.scatter(
      x: [intensities[index]], y: [measured[index].gigaflopsPerSecond], title: workload.name.uppercased(), pointSize: 2))
  }
  let panel = Panel(
    title: "Where the workloads stand on this machine", xLabel: "FLOP per byte (upper bound)", yLabel: "GFLOP/s",
    xScale: .logarithmic, yScale: .logarithmic, legend: .bottomRight, series: series)
  try chapter.save(Figure(panel, width: 720, height: 480), as: "roofline")
}
