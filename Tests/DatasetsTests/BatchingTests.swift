import Testing

@testable import Datasets

@Suite("Shuffling and batching")
struct BatchingTests {
  @Test func splitMixReferenceOutput() {
    // The reference implementation's first outputs for seed 0 (Vigna's splitmix64.c).
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func everyIndexExactlyOncePerEpoch() {
    for epoch in 0..<3 {
      let batches = EpochBatches(count: 103, batchSize: 10, seed: 42, epoch: epoch)
      #expect(batches.count == 11)
      #expect(batches.map(\.count) == [Int](repeating: 10, count: 10) + [3])  // the last batch keeps the rest
      #expect(batches.flatMap { $0 }.sorted() == Array(0..<103))
      #expect(batches.order.sorted() == Array(0..<103))
    }
  }

  @Test func sameSeedAndEpochSameOrder() {
    let first = EpochBatches(count: 1000, batchSize: 32, seed: 7, epoch: 3)
    let again = EpochBatches(count: 1000, batchSize: 32, seed: 7, epoch: 3)
    #expect(first.order == again.order)
    #expect(first.order != Array(0..<1000))
    #expect(EpochBatches(count: 1000, batchSize: 32, seed: 7, epoch: 4).order != first.order)
    #expect(EpochBatches(count: 1000, batchSize: 32, seed: 8, epoch: 3).order != first.order)
  }

  @Test func orderIsFixedForever() {
    // A seed must give the same order on every Swift release: values pinned by an
    // independent Python transcription of SplitMix64, Lemire's draw and Fisher–Yates.
    #expect(EpochBatches(count: 10, batchSize: 4, seed: 1, epoch: 0).order == [5, 6, 1, 8, 7, 4, 3, 9, 0, 2])
  }

  @Test func withAnyGenerator() {
    var first = SplitMix64(seed: 5)
    var second = SplitMix64(seed: 5)
    let batches = EpochBatches(count: 50, batchSize: 8, using: &first)
    #expect(batches.order == EpochBatches(count: 50, batchSize: 8, using: &second).order)
    #expect(batches.order.sorted() == Array(0..<50))
  }

  @Test func inOrderAndEmpty() {
    let batches = EpochBatches(inOrderCount: 5, batchSize: 2)
    #expect(Array(batches) == [[0, 1], [2, 3], [4]])
    #expect(EpochBatches(count: 0, batchSize: 4, seed: 1, epoch: 0).isEmpty)
    #expect(EpochBatches(inOrderCount: 4, batchSize: 4).count == 1)
  }

  @Test func uniformIndexIsInRangeAndEven() {
    var generator = SplitMix64(seed: 99)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 {
      counts[uniformIndex(below: 6, using: &generator)] += 1
    }
    // Each count is Binomial(60000, 1/6): mean 10000, standard deviation about 91.
    #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    #expect(uniformIndex(below: 1, using: &generator) == 0)
  }

  @Test func shufflePositionsAreEven() {
    // Where index 0 lands over many shuffles of 4: each position about a quarter of the time.
    var generator = SplitMix64(seed: 3)
    var landed = [Int](repeating: 0, count: 4)
    for _ in 0..<8_000 {
      landed[shuffledIndices(count: 4, using: &generator).firstIndex(of: 0)!] += 1
    }
    #expect(landed.allSatisfy { abs($0 - 2_000) < 200 }, "\(landed)")
  }

  @Test func gathersImagesAndLabels() {
    // Three 2×2 images whose pixels are their own index.
    let dataset = ImageDataset(
      images: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], labels: [5, 6, 7], height: 2, width: 2,
      classNames: (0..<10).map(String.init))
    let batch = dataset.batch(at: [2, 0])
    #expect(batch.images == [2, 2, 2, 2, 0, 0, 0, 0])
    #expect(batch.labels == [7, 5])
    #expect(batch.count == 2 && batch.height == 2 && batch.width == 2)
    #expect(dataset.batch(at: []).images.isEmpty)
  }
}
