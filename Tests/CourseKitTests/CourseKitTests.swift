import Autograd
import Datasets
import Foundation
import Synchronization
import Testing

@testable import CourseKit

private struct OneBatch: TrainingBatch {
  let exampleCount = 4
}

private func temporaryFolder() -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("coursekit-\(UUID().uuidString)")
}

@Suite("CourseKit")
struct CourseKitTests {
  @Test func metricsKeepTheirOrderAndFormat() {
    var metrics = Metrics()
    metrics.record("chapter", "demo")
    metrics.record("loss", [0.5, 0.25])
    metrics.record("count", 3)
    metrics.record("nan", Double.nan)
    metrics.record("chapter", "renamed")
    #expect(metrics.compactJSON == #"{"chapter": "renamed", "loss": [0.5, 0.25], "count": 3, "nan": null}"#)
    #expect(metrics.numbers("loss") == [0.5, 0.25])
    #expect(metrics.number("count") == 3)
    #expect(MetricValue.text("a \"quote\"\n").json == #""a \"quote\"\n""#)
  }

  /// A phrase in both editions: the English under its key, the Chinese twin beside it (issue #20, Z3).
  @Test func bilingualMetricsRecordAChineseTwin() {
    var metrics = Metrics()
    metrics.record("target", english: "met", chinese: "达到")
    metrics.record("names", english: ["Shirt", "Bag"], chinese: ["衬衫", "包"])
    metrics.record("gain", MetricValue.object(MetricValue.bilingualFields("verdict", english: "within one", chinese: "在一个以内")))
    #expect(metrics.compactJSON == #"{"target": "met", "target@zh": "达到", "names": ["Shirt", "Bag"], "names@zh": ["衬衫", "包"], "#
      + #""gain": {"verdict": "within one", "verdict@zh": "在一个以内"}}"#)
    #expect(Metrics.chineseKey("best_f1_class") == "best_f1_class@zh")
  }

  @Test func chinesePhrasesSpaceChineseFromLatinLettersAndDigitsOnly() {
    #expect(chinesePhrase("在", "Fashion-MNIST", "上") == "在 Fashion-MNIST 上")
    #expect(chinesePhrase("δA = δC·Bᵀ", "用时是", "先复制 Bᵀ", "的 ", "1.06", " 倍") == "δA = δC·Bᵀ 用时是先复制 Bᵀ 的 1.06 倍")
    #expect(chinesePhrase("达到峰值", "（", "0.77", "）") == "达到峰值（0.77）")
    #expect(chinesePhrase("", "W1", "：") == "W1：")
  }

  @Test func chineseListsJoinTheLastItemWithAnd() {
    #expect(chineseList(["conv1"]) == "conv1")
    #expect(chineseList(["conv1", "conv2"]) == "conv1 和 conv2")
    #expect(chineseList(["W1", "W2", "W4"]) == "W1、W2 和 W4")
  }

  @Test func aNonFiniteLossStopsTrainingAndNamesTheStep() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let chapter = try ChapterRun(
      slug: "demo", defaultEpochs: 3, options: try ChapterOptions.parse(["--out", out.path]))
    let layer = Linear(inputSize: 2, outputSize: 1, random: chapter.random)
    let optimizer = SGD(parameters: layer.namedParameters, learningRate: 0.1)
    var step = 0
    let thrown = #expect(throws: ChapterError.self) {
      try chapter.train(
        model: layer, optimizer: optimizer, batches: { _ in [OneBatch(), OneBatch(), OneBatch()] },
        loss: { _ in
          step += 1
          let value: Float = step == 5 ? .nan : 1
          return (layer(Tensor.ones([4, 2])) * 0 + value).mean()
        })
    }
    let message = thrown?.description ?? ""
    #expect(message.contains("epoch 2, step 2"), "\(message)")
    #expect(message.contains("checkpoint of epoch 1"), "\(message)")
    #expect(FileManager.default.fileExists(atPath: chapter.checkpointURL.path))
    chapter.abandon()
    #expect(!FileManager.default.fileExists(atPath: chapter.stagingDirectory.path))
  }

  @Test func finishingPublishesOnlyWhatTheRunWrote() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let chapter = try ChapterRun(
      slug: "demo", defaultEpochs: 1, options: try ChapterOptions.parse(["--quick", "--out", out.path]))
    #expect(chapter.epochs == 1)
    chapter.say("hello")
    chapter.metrics.record("epoch_seconds", [0.1])
    try chapter.finish()
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(files == ["figures", "metrics.json", "transcript.txt"])
    #expect(try String(contentsOf: out.appendingPathComponent("transcript.txt"), encoding: .utf8) == "hello\n")
  }

  @Test func aMissingRequiredMetricIsAnError() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let chapter = try ChapterRun(slug: "demo", defaultEpochs: 1, options: try ChapterOptions.parse(["--out", out.path]))
    #expect(throws: ChapterError.self) { try chapter.finish() }
  }
}

@Suite("Batch prefetching")
struct BatchPrefetcherTests {
  @Test func deliversEveryBatchInOrder() {
    let prefetcher = BatchPrefetcher(Array(0..<100), lookahead: 3) { $0 * $0 }
    var seen: [Int] = []
    while let (batch, prepared) = prefetcher.next() {
      #expect(prepared == batch * batch)
      seen.append(batch)
    }
    #expect(seen == Array(0..<100))
  }

  @Test(.timeLimit(.minutes(1)))
  func stoppingEarlyStopsTheWorker() {
    // Dropped after two of a thousand batches: the worker must stop, not prepare the rest.
    let prepared = Mutex(0)
    var prefetcher: BatchPrefetcher<Int, Int>? = BatchPrefetcher(Array(0..<1000), lookahead: 2) { batch in
      prepared.withLock { $0 += 1 }
      return batch
    }
    _ = prefetcher?.next()
    _ = prefetcher?.next()
    prefetcher = nil  // deinit waits for the worker to stop
    #expect(prepared.withLock { $0 } <= 5)
  }

  /// With the default lookahead, room goes back to the worker 16 slots at a
  /// time; stopping between two hand-backs must leave the semaphore as full
  /// as it started (libdispatch stops the process otherwise).
  @Test(.timeLimit(.minutes(1)), arguments: [0, 5, 40, 100])
  func stoppingBetweenHandBacks(taken: Int) {
    var prefetcher: BatchPrefetcher<Int, Int>? = BatchPrefetcher(Array(0..<100)) { $0 + 1 }
    for expected in 0..<taken {
      #expect(prefetcher?.next()?.1 == expected + 1)
    }
    prefetcher = nil
  }
}

@Suite("ROC curves and AUC")
struct ROCCurveTests {
  @Test func perfectReversedAndTiedRankings() {
    let labels = [true, true, false, false]
    #expect(ROCCurve(scores: [0.9, 0.8, 0.2, 0.1], isPositive: labels).area == 1)
    #expect(ROCCurve(scores: [0.1, 0.2, 0.8, 0.9], isPositive: labels).area == 0)
    // Every score tied: one diagonal step from (0, 0) to (1, 1), a coin's area.
    let tied = ROCCurve(scores: [0.5, 0.5, 0.5, 0.5], isPositive: labels)
    #expect(tied.falsePositiveRates == [0, 1] && tied.truePositiveRates == [0, 1])
    #expect(tied.area == 0.5)
  }

  @Test func areaIsTheShareOfPositiveNegativePairsRankedRight() {
    // Scores in few distinct values so that ties occur; the pair count treats a tie as one half.
    var random = SplitMix64(seed: 11)
    let scores = (0..<200).map { _ in Double(random.next() % 7) }
    let labels = (0..<200).map { index in (random.next() % 10) < 3 + Int(scores[index]) }
    var pairs = 0.0, right = 0.0
    for positive in labels.indices where labels[positive] {
      for negative in labels.indices where !labels[negative] {
        pairs += 1
        right += scores[positive] > scores[negative] ? 1 : scores[positive] == scores[negative] ? 0.5 : 0
      }
    }
    let curve = ROCCurve(scores: scores, isPositive: labels)
    #expect(abs(curve.area - right / pairs) < 1e-12)
    #expect(curve.falsePositiveRates.first == 0 && curve.falsePositiveRates.last == 1)
    #expect(curve.truePositiveRates.last == 1)
    #expect(curve.falsePositiveRates.count == Set(scores).count + 1)
  }

  @Test func oneVersusRestTakesEachClassColumn() {
    let probabilities = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.1, 0.4]]
    let curves = oneVersusRestCurves(probabilities: probabilities, labels: [0, 1, 2, 2], classCount: 3)
    #expect(curves.count == 3)
    #expect(curves[1].area == 1)  // class 1's only image has the highest class-1 score
    // Class 0: its image (0.7) above the other three (0.1, 0.3, 0.5).
    #expect(curves[0].area == 1)
    // Class 2: images scored 0.4 and 0.4 against 0.1 and 0.1.
    #expect(curves[2].area == 1)
    let mixed = oneVersusRestCurves(probabilities: probabilities, labels: [0, 1, 2, 0], classCount: 3)
    // Class 2's image (0.4) against 0.1, 0.1 and 0.4: above two, tied with one.
    #expect(mixed[2].area == 2.5 / 3)
  }
}
