import Testing

@testable import engine

/// Chapter 9's verdict on what bounds the cached generation, on synthetic rates: where the weights came from
/// (against one core's read from memory) and how their rate stands against one core's read of a block their size,
/// in both editions.
@Suite("Chapter 9 (engine): the cached rate's bound from synthetic runs")
struct EngineWordingTests {
  /// Rates in GB/s: one core reading memory at 30, and reading a cache-sized block at 80.
  static func bound(weights: Double, memory: Double = 30, read: Double = 80) -> CachedRateBound {
    CachedRateBound(weightBytesPerSecond: weights * 1e9, memoryReadBytesPerSecond: memory * 1e9, readBytesPerSecond: read * 1e9)
  }

  @Test func theFractionIsTheWeightsRateOverTheReadRate() {
    #expect(abs(Self.bound(weights: 40).readTimeFraction - 0.5) < 1e-12)
    #expect(abs(Self.bound(weights: 100).readTimeFraction - 1.25) < 1e-12)
  }

  @Test func eachFractionStandsWhereItShould() {
    let cases: [(weights: Double, standing: CachedRateBound.Standing)] = [
      (100, .beyondTheRead), (80.001, .beyondTheRead), (80, .atTheRead), (72, .atTheRead), (71.9, .halfOrMore),
      (40, .halfOrMore), (39.9, .lessThanHalf), (10, .lessThanHalf),
    ]
    for test in cases {
      #expect(Self.bound(weights: test.weights).standing == test.standing, "\(test.weights) GB/s of 80")
    }
  }

  /// Faster than one core reads memory bounds the share memory could have fed; no faster shows nothing.
  @Test func weightsFasterThanOneCoresMemoryReadCameAtLeastPartlyFromTheCaches() {
    #expect(Self.bound(weights: 31).fromCaches && !Self.bound(weights: 30).fromCaches && !Self.bound(weights: 20).fromCaches)
    // The share is a bound: rounded up, and at 100 % (30 of 30.2) it tells nothing.
    #expect(Self.bound(weights: 31).memorySharePercent == 97 && Self.bound(weights: 45).memorySharePercent == 67)
    #expect(!Self.bound(weights: 30.2).fromCaches && Self.bound(weights: 30.4).fromCaches)
    #expect(!Self.bound(weights: 0).fromCaches && !Self.bound(weights: .nan).fromCaches && !Self.bound(weights: 31, memory: .nan).fromCaches)
    let caches = Self.bound(weights: 60).verdict, memory = Self.bound(weights: 20, read: 25).verdict
    #expect(caches.english.hasPrefix("more weight bytes a second than one core read from memory in this run, so in the "
      + "generation's time memory could have fed at most 50 % of them, and at least the rest came from the processor's "
      + "caches;"), "\(caches.english)")
    #expect(caches.chinese.hasPrefix("每秒经过的权重字节比本次运行中单核从内存读取的还多，所以在生成所用的时间里，内存至多能提供其中的 50%，"
      + "至少其余部分来自处理器的缓存；"), "\(caches.chinese)")
    #expect(memory.english.hasPrefix("no more weight bytes a second than one core read from memory in this run, so the "
      + "rates do not tell whether the weights came from memory or from the caches;"), "\(memory.english)")
    #expect(memory.chinese.hasPrefix("每秒经过的权重字节没有超过本次运行中单核从内存读取的速率，所以从这些速率看不出权重来自内存还是缓存；"),
      "\(memory.chinese)")
    // Neither compares with the two-thread copy, which counts written bytes too, nor says all the weights came from
    // the caches (the rates cannot show it), nor that the memory bound does not apply.
    for text in [caches.english, memory.english] {
      #expect(!text.contains("copy") && !text.contains("so the weights came from") && !text.contains("does not apply"), "\(text)")
    }
    for text in [caches.chinese, memory.chinese] { #expect(!text.contains("复制") && !text.contains("所以权重来自"), "\(text)") }
  }

  /// Less than half of the time holds only if every weight came from the caches, which the rates never show: even
  /// weights faster than memory get that share as a condition.
  @Test func lessThanHalfIsConditionalWhereverTheWeightsCameFrom() {
    let verdict = Self.bound(weights: 35).verdict
    #expect(Self.bound(weights: 35).fromCaches && Self.bound(weights: 35).standing == .lessThanHalf)
    #expect(verdict.english.contains("; if all of them came from the caches, reading them at one core's read rate took "
      + "less than half of the generation's time, and most of it went to the rest"), "\(verdict.english)")
    #expect(verdict.english.hasSuffix("which the run does not time apart; any part read from memory took longer"))
    #expect(verdict.chinese.contains("；如果它们全部来自缓存，按单核的读取速率，读取这些权重只占生成时间的不到一半，大部分时间花在其他工作上"),
      "\(verdict.chinese)")
    #expect(verdict.chinese.hasSuffix("本次运行没有分开计时；从内存读取的部分则更费时"))
  }

  /// Weights no faster than memory may have come from it: then the read of a cached block says nothing about where
  /// the time went, and the verdict says so instead of splitting the time.
  @Test func fromMemoryTheReadIsOnlyAConditionalBound() {
    for (weights, share, shareInChinese) in [(20.0, "at least half", "至少一半"), (10.0, "less than half", "不到一半")] {
      let verdict = Self.bound(weights: weights, read: 35).verdict
      #expect(verdict.english.hasSuffix("; from the caches, reading them at one core's read rate would take \(share) of "
        + "the generation's time, but from memory it would take longer, and the run does not tell where they came from"),
        "\(verdict.english)")
      #expect(verdict.chinese.hasSuffix("；若来自缓存，按单核的读取速率读取这些权重要占去生成时间的\(shareInChinese)，"
        + "但若来自内存则更费时，本次运行无法区分它们来自哪里"), "\(verdict.chinese)")
      #expect(!verdict.english.contains("time apart") && !verdict.chinese.contains("分开计时"))
    }
    // Memory read no more slowly than the cache-sized block: nothing says reading from memory would take longer.
    let fastMemory = Self.bound(weights: 20, memory: 30, read: 25).verdict
    #expect(fastMemory.english.hasSuffix("; from the caches, reading them at one core's read rate would take at least "
      + "half of the generation's time, and the run does not tell where they came from"), "\(fastMemory.english)")
    #expect(fastMemory.chinese.hasSuffix("；若来自缓存，按单核的读取速率读取这些权重要占去生成时间的至少一半，本次运行无法区分它们来自哪里"),
      "\(fastMemory.chinese)")
    // At or beyond the read rate, where the weights came from changes nothing the clause says.
    #expect(Self.bound(weights: 28, read: 30).verdict.english.hasSuffix("reading the weights is what bounds the cached rate"))
  }

  /// Each standing's clause, and the clauses of the others absent, in both editions (weights from the caches).
  @Test func eachStandingIsWordedInBothEditions() {
    let clauses: [(weights: Double, english: String, chinese: String)] = [
      (90, "faster than one core read a block of their size in this run, so that read is no bound here",
        "而且比本次运行中单核读取同样大小数据块还快"),
      (76, "about as fast as one core reads a block of their size: reading the weights is what bounds",
        "而且与单核读取同样大小数据块的速度相当"),
      (50, "reading them takes at least half of the generation's time: reading the weights is the larger part of",
        "读取这些权重至少占去生成时间的一半"),
      (35, "reading them at one core's read rate took less than half of the generation's time, and most of it went to",
        "读取这些权重只占生成时间的不到一半"),
    ]
    for (index, test) in clauses.enumerated() {
      let verdict = Self.bound(weights: test.weights).verdict
      #expect(verdict.english.contains(test.english), "\(test.weights): \(verdict.english)")
      #expect(verdict.chinese.contains(test.chinese), "\(test.weights): \(verdict.chinese)")
      for (other, clause) in clauses.enumerated() where other != index {
        #expect(!verdict.english.contains(clause.english) && !verdict.chinese.contains(clause.chinese), "\(test.weights)")
      }
      // What the run does not measure, it says it does not: the rest of the time is not profiled.
      let guesses = index >= 2
      #expect(verdict.english.contains("which the run does not time apart") == guesses, "\(verdict.english)")
      #expect(verdict.chinese.contains("本次运行没有分开计时") == guesses, "\(verdict.chinese)")
      // The time left over holds the restarts' batched passes too: their arithmetic beyond one read of the weights.
      #expect(verdict.english.contains("(the restarts' batched passes, attention over the cache,") == guesses)
      #expect(verdict.chinese.contains("（重启时的批量计算、对缓存的注意力、") == guesses)
      #expect(!verdict.chinese.contains { $0 == "," || $0 == ";" || $0 == ":" }, "half-width punctuation: \(verdict.chinese)")
    }
  }
}
