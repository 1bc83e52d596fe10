import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

/// How many more seeds the spread section trains: each costs one more full training.
private func extraSeedCount(quick: Bool) -> Int { quick ? 2 : 7 }

/// How many of those seeds (from the run's own) are trained again with Keras's defaults.
private func kerasSeedCount(quick: Bool) -> Int { quick ? 2 : 4 }

/// The same recipe from PyTorch, one run per seed (0 to 10), for comparison:
/// `torch_peers.py --workload mlp --epochs 10 --seed N`, not run by this chapter
/// (where, in `pytorch_seed_source`).
private let pytorchSeedAccuracies = [0.8809, 0.8782, 0.8808, 0.8740, 0.8807, 0.8807, 0.8776, 0.8780, 0.8778, 0.8789, 0.8732]

/// Section 5, continued: the same network and recipe trained from other seeds,
/// to measure how much of one run's test accuracy is the luck of its seed.
///
/// The seeds are the run's seed plus 1, 2, …, fixed before any of them trains.
/// Each run draws its own initial weights and its own batch order, and trains
/// for as many epochs as the main run.
func seedSpread(_ chapter: ChapterRun, data: FashionData) throws {
  chapter.section("How much of the accuracy is the seed?")
  let mainRun = chapter.metrics.numbers("test_accuracy_per_epoch")
  let seeds = (1...extraSeedCount(quick: chapter.isQuick)).map { chapter.seed &+ UInt64($0) }
  var curves = [mainRun]
  var lossCurves = [chapter.metrics.numbers("test_loss_per_epoch")]
  for seed in seeds {
    let start = DispatchTime.now().uptimeNanoseconds
    let scores = try testScoresPerEpoch(seed: seed, defaults: .pytorch, data: data, chapter: chapter)
    curves.append(scores.accuracy)
    lossCurves.append(scores.loss)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    chapter.say(String(format: "seed %llu: test accuracy %.4f after %d epochs (%.1f s)",
      seed, curves.last!.last!, chapter.epochs, seconds))
  }
  let finals = curves.map { $0.last! }
  let sorted = finals.sorted()
  let median = CourseKit.median(of: finals)
  // The run's own accuracy, ranked among all of them: 1 is the best.
  let rank = finals.filter { $0 > finals[0] }.count + 1
  chapter.say(String(format: "%d runs: test accuracy from %.4f to %.4f, median %.4f; the seed-%llu run ranks %d of %d.",
    finals.count, sorted.first!, sorted.last!, median, chapter.seed, rank, finals.count))

  chapter.metrics.record("seed_spread_seeds", [chapter.seed] + seeds)
  chapter.metrics.record("seed_spread_test_accuracy", finals)
  chapter.metrics.record("seed_spread_runs", finals.count)
  chapter.metrics.record("seed_spread_min", sorted.first!)
  chapter.metrics.record("seed_spread_max", sorted.last!)
  chapter.metrics.record("seed_spread_median", median)
  chapter.metrics.record("seed_spread_rank", rank)
  chapter.metrics.record("seed_spread_at_least_0_88", finals.count { $0 >= 0.88 })
  // How far a test accuracy or test loss moves from one epoch to the next late in training: in the run
  // drawn in section 5, in the most restless run, and (for the loss) in the runs from the other seeds,
  // the noise against which one run's late rise has to be judged.
  chapter.metrics.record("late_epoch_change_max", largestLateChange(of: mainRun))
  chapter.metrics.record("seed_spread_late_epoch_change_max", curves.map(largestLateChange).max()!)
  chapter.metrics.record("late_test_loss_change_max", largestLateChange(of: lossCurves[0]))
  chapter.metrics.record("other_seeds_late_test_loss_change_max", lossCurves.dropFirst().map(largestLateChange).max()!)
  try compareKerasDefaults(chapter, data: data, pytorchDefaultFinals: finals)
  chapter.metrics.record("pytorch_seed_test_accuracy", pytorchSeedAccuracies)
  chapter.metrics.record("pytorch_seed_runs", pytorchSeedAccuracies.count)
  chapter.metrics.record("pytorch_seed_min", pytorchSeedAccuracies.min()!)
  chapter.metrics.record("pytorch_seed_max", pytorchSeedAccuracies.max()!)
  chapter.metrics.record("pytorch_seed_median", CourseKit.median(of: pytorchSeedAccuracies))
  chapter.metrics.record("pytorch_seed_at_least_0_88", pytorchSeedAccuracies.count { $0 >= 0.88 })
  // Accuracies of the same recipe, which do not depend on the machine as times do; where they were measured all the same.
  chapter.metrics.record("pytorch_seed_source",
    "shared/peers/torch_peers.py --workload mlp --epochs 10 --seed N: N = 0 from \(PeerReference.results), "
      + "measured \(PeerReference.date) on another machine (\(PeerReference.machine)); "
      + "N = 1 to 10 run 2026-11-24, on a machine not recorded")

  let perEpoch = Panel(
    title: "Test accuracy of each run", xLabel: "epoch", yLabel: "test accuracy", legend: .bottomRight,
    series: curves.enumerated().map { index, curve in
      index == 0
        ? .line(y: curve, title: "seed \(chapter.seed) (sections 5 and 6)", color: .blue, width: 3)
        : .line(y: curve, title: index == 1 ? "seeds \(seeds.first!)–\(seeds.last!)" : "", color: .gray, width: 1)
    })
  let finalAccuracies = Panel(
    title: "After the last epoch", yLabel: "test accuracy",
    xCategories: ["ours, \(finals.count) seeds", "PyTorch, \(pytorchSeedAccuracies.count) seeds"], legend: .hidden,
    series: [
      .scatter(x: finals.map { _ in 0.0 }, y: finals, color: .blue, pointSize: 1.2),
      .scatter(x: pytorchSeedAccuracies.map { _ in 1.0 }, y: pytorchSeedAccuracies, color: .vermillion, pointSize: 1.2),
    ])
  try chapter.save(Figure(title: "The same recipe from different seeds", panels: [perEpoch, finalAccuracies]),
    as: "seed-spread")
}

/// The first seeds trained again with Keras's defaults (Glorot-uniform weights, zero
/// biases, Adam ε 1e-7), everything else the same: does the chapter's choice of
/// PyTorch's defaults move the accuracy by more than the seed does?
private func compareKerasDefaults(_ chapter: ChapterRun, data: FashionData, pytorchDefaultFinals: [Double]) throws {
  let count = min(kerasSeedCount(quick: chapter.isQuick), pytorchDefaultFinals.count)
  let seeds = (0..<count).map { chapter.seed &+ UInt64($0) }
  let finals = try seeds.map { try testScoresPerEpoch(seed: $0, defaults: .keras, data: data, chapter: chapter).accuracy.last! }
  // Paired by seed: the same batch order, only the start and ε differ.
  let differences = zip(finals, pytorchDefaultFinals).map { $0 - $1 }
  chapter.say(String(format: "Keras's defaults, seeds %llu–%llu: test accuracy %@; minus PyTorch's defaults from the same seed: %@",
    seeds.first!, seeds.last!, finals.map { String(format: "%.4f", $0) }.joined(separator: ", "),
    differences.map { String(format: "%+.4f", $0) }.joined(separator: ", ")))
  chapter.metrics.record("keras_defaults_seeds", seeds)
  chapter.metrics.record("keras_defaults_runs", count)
  chapter.metrics.record("keras_defaults_test_accuracy", finals)
  chapter.metrics.record("keras_defaults_min", finals.min()!)
  chapter.metrics.record("keras_defaults_max", finals.max()!)
  chapter.metrics.record("keras_defaults_median", median(of: finals))
  chapter.metrics.record("keras_defaults_difference_min", differences.min()!)
  chapter.metrics.record("keras_defaults_difference_max", differences.max()!)
  // Every run with Keras's defaults inside the range of the runs with PyTorch's, over all seeds?
  let (lowest, highest) = (pytorchDefaultFinals.min()!, pytorchDefaultFinals.max()!)
  let inside = finals.count { $0 >= lowest && $0 <= highest }
  chapter.metrics.record("keras_defaults_within_seed_spread", inside == count)
  chapter.metrics.record("keras_defaults_inside_seed_spread", inside)
  chapter.metrics.record("keras_defaults_difference_mean", differences.reduce(0, +) / Double(count))
}

/// The largest change of `curve` from one epoch to the next over the last half of training (0 with no such pair).
private func largestLateChange(of curve: [Double]) -> Double {
  zip(curve.dropFirst(curve.count / 2), curve.dropFirst(curve.count / 2 + 1)).map { abs($1 - $0) }.max() ?? 0
}

/// Trains a fresh 784-64-64-10 network from `seed` exactly as section 5 does
/// (Adam, batches of 32, a new order every epoch, as many epochs), quietly, with
/// the initializers and Adam ε of `defaults` (section 5's are PyTorch's).
///
/// - Returns: the test accuracy and the test loss after each epoch.
// region: quiet-training
private func testScoresPerEpoch(
  seed: UInt64, defaults: FrameworkDefaults, data: FashionData, chapter: ChapterRun
) throws -> (accuracy: [Double], loss: [Double]) {
  let model = makeArticleNetwork(random: RandomGenerator(seed: seed), defaults: defaults)
  let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3, epsilon: defaults.adamEpsilon)
  var (accuracies, losses): ([Double], [Double]) = ([], [])
  for epoch in 1...chapter.epochs {
    for indices in EpochBatches(count: data.train.count, batchSize: 32, seed: seed, epoch: epoch) {
      let (images, labels) = data.train.tensorBatch(at: Array(indices))
      optimizer.clearGradients()
      let loss = model(images).crossEntropy(targets: labels)
      guard loss.scalar.isFinite else {
        throw ChapterError("the run from seed \(seed) stopped: its loss became \(loss.scalar) at epoch \(epoch)")
      }
      loss.backward()
      optimizer.step()
    }
    try chapter.stopIfInterrupted()
    let logits = withoutGradient { classLogits(of: model, for: data.test) }
    accuracies.append(accuracy(predictions: logits.argmaxLastAxis(), labels: data.test.labels))
    losses.append(Double(logits.crossEntropy(targets: data.test.labels).scalar))
  }
  return (accuracies, losses)
}
// endregion
