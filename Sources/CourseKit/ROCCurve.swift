import Foundation

// How well a classifier's scores rank one class above the rest, whatever the
// threshold: the ROC curve and the area under it (AUC), one class against the
// rest for a ten-class network. Accuracy, precision and recall judge the
// argmax only; these judge the scores themselves.

// region: roc-curve
/// The receiver operating characteristic of scores for a yes/no question:
/// for every threshold, the share of positives scored above it (true
/// positive rate, recall) against the share of negatives above it (false
/// positive rate).
public struct ROCCurve {
  /// The false positive rates, from 0 to 1, one point per distinct score.
  public let falsePositiveRates: [Double]
  /// The true positive rates at the same thresholds.
  public let truePositiveRates: [Double]

  /// The curve of `scores`, where `isPositive[i]` says whether example i is a positive.
  ///
  /// Lowering the threshold past each distinct score, from the highest, lets
  /// every example with that score through at once: tied scores make one
  /// diagonal step, not a staircase that depends on their order.
  public init(scores: [Double], isPositive: [Bool]) {
    precondition(scores.count == isPositive.count, "ROCCurve: \(scores.count) scores for \(isPositive.count) labels")
    let positives = Double(isPositive.count { $0 }), negatives = Double(isPositive.count { !$0 })
    precondition(positives > 0 && negatives > 0, "ROCCurve: needs both positives and negatives")
    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    var (falseRates, trueRates) = ([0.0], [0.0])
    var (truePositives, falsePositives) = (0.0, 0.0)
    for (position, index) in order.enumerated() {
      if isPositive[index] { truePositives += 1 } else { falsePositives += 1 }
      // One point per distinct score: after the last example of a group of ties.
      if position + 1 == order.count || scores[order[position + 1]] != scores[index] {
        falseRates.append(falsePositives / negatives)
        trueRates.append(truePositives / positives)
      }
    }
    falsePositiveRates = falseRates
    truePositiveRates = trueRates
  }

  /// The area under the curve, by trapezoids: the probability that a random
  /// positive scores above a random negative (a tie counting one half).
  /// 1 is a perfect ranking, 0.5 a coin.
  public var area: Double {
    var sum = 0.0
    for point in 1..<falsePositiveRates.count {
      let width = falsePositiveRates[point] - falsePositiveRates[point - 1]
      sum += width * (truePositiveRates[point] + truePositiveRates[point - 1]) / 2
    }
    return sum
  }
}
// endregion

/// One ROC curve per class, that class against all others, from the softmax
/// probabilities `probabilities[i][k]` of example i being class k.
///
/// - Returns: the curves, indexed by class; their mean area is the macro AUC.
public func oneVersusRestCurves(probabilities: [[Double]], labels: [Int], classCount: Int) -> [ROCCurve] {
  precondition(probabilities.count == labels.count, "oneVersusRestCurves: \(probabilities.count) rows for \(labels.count) labels")
  return (0..<classCount).map { k in
    ROCCurve(scores: probabilities.map { $0[k] }, isPositive: labels.map { $0 == k })
  }
}
