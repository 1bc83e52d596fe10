import Autograd
import CourseKit
import Foundation

/// Inverted dropout on a batch of ones: what training sees (zeros and
/// scaled survivors, the same mean) and what evaluation sees (the input).
func dropoutAtWork(_ chapter: ChapterRun) {
  // region: dropout-demo
  let activations = Tensor.ones([1_000, 64])
  let layer = Dropout(rate: 0.5, random: RandomGenerator(seed: chapter.seed))
  layer.setTraining(true)
  let training = layer(activations).scalars
  layer.setTraining(false)
  let evaluation = layer(activations).scalars
  // endregion
  let dropped = Double(training.count { $0 == 0 }) / Double(training.count)
  let trainingMean = Double(training.reduce(0, +)) / Double(training.count)
  chapter.metrics.record("dropout_demo_dropped_share", dropped)
  chapter.metrics.record("dropout_demo_survivor_value", Double(training.first { $0 != 0 } ?? 0))
  chapter.metrics.record("dropout_demo_training_mean", trainingMean)
  chapter.metrics.record("dropout_demo_evaluation_is_identity", evaluation == activations.scalars)
  chapter.say(String(format: "Dropout 0.5 on 64,000 ones: %.4f of them dropped, survivors %.0f, mean %.4f in training; "
    + "in evaluation the layer returns its input: %@.", dropped, training.first { $0 != 0 } ?? 0, trainingMean,
    evaluation == activations.scalars ? "yes" : "no"))
}
