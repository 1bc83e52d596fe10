import Autograd
import CourseKit
import Foundation

/// The four-sample Keras model of article 000 §5, run as written where Keras runs it,
/// and the article's claims about it recomputed.
func articleToyModel(_ chapter: ChapterRun) throws {
  chapter.section("The article's toy model, as written")
  // region: article-toy
  // x = np.array([[1, 0], [0, 1], [1, 1], [1, 0]]);  y = np.array([0, 1, 1, 0])
  let x = Tensor(shape: [4, 2], scalars: [1, 0, 0, 1, 1, 1, 1, 0])
  // y has shape (4,) in the listing, and Keras refuses it against the (4, 2) output: each unit gets the label.
  let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])

  func trainToyModel(seed: UInt64) -> (predictions: Tensor, parameterCount: Int, initialLoss: Float) {
    let random = RandomGenerator(seed: seed)
    // tf.keras.layers.Dense(2, activation='sigmoid', input_shape=(2,)): Glorot-uniform weights, zero biases.
    let layer = Linear(inputSize: 2, outputSize: 2, random: random)
    // optimizer='adam': learning rate 0.001 and Keras's epsilon 1e-7.
    let optimizer = Adam(parameters: layer.namedParameters, learningRate: 1e-3, epsilon: 1e-7)
    var initialLoss: Float = 0
    // model.fit(x, y, epochs=1000, verbose=0): batch_size 32 > 4 samples, so one step per epoch.
    for _ in 1...1000 {
      optimizer.clearGradients()
      let p = layer(x).sigmoid()
      // loss='binary_crossentropy', averaged over every output (metrics=['accuracy'] is scored after training).
      let loss = -(y * p.log() + (1 - y) * (1 - p).log()).mean()
      if initialLoss == 0 { initialLoss = loss.scalar }  // before the first step
      loss.backward()
      optimizer.step()
    }
    // predictions = model.predict(x); print(predictions) is the caller's.
    return (withoutGradient { layer(x).sigmoid() }, layer.parameterCount, initialLoss)
  }
  // endregion

  let (predictions, parameterCount, _) = trainToyModel(seed: chapter.seed)
  chapter.say("model.predict(x) after 1000 epochs (seed \(chapter.seed)), one row per sample, one column per output unit:")
  for row in 0..<4 {
    chapter.say(String(format: "  [%.4f, %.4f]", predictions[row, 0], predictions[row, 1]))
  }
  chapter.say("The article prints one column: [0.5, 0.33333333, 0.66666667, 0.5].")
  chapter.metrics.record("toy_predictions", (0..<4).map { row in [predictions[row, 0], predictions[row, 1]] })
  chapter.metrics.record("toy_predictions_unit1", (0..<4).map { predictions[$0, 0] })
  chapter.metrics.record("toy_predictions_unit2", (0..<4).map { predictions[$0, 1] })
  chapter.metrics.record("toy_output_columns", predictions.shape[1])
  chapter.metrics.record("toy_parameter_count", parameterCount)
  let accuracy = zip(predictions.scalars, [0, 0, 1, 1, 1, 1, 0, 0] as [Float])
    .filter { ($0 > 0.5 ? 1 : 0) == $1 }.count
  chapter.metrics.record("toy_accuracy", Double(accuracy) / 8)

  // The same model from other seeds: how much of the output is the initialization's doing.
  let seeds = chapter.isQuick ? 4 : 20
  let seededRuns = (0..<UInt64(seeds)).map { trainToyModel(seed: chapter.seed &+ 1 &+ $0) }
  let runs = seededRuns.map(\.predictions)
  var spread: [[Float]] = []
  for row in 0..<4 {
    let values = runs.flatMap { [$0[row, 0], $0[row, 1]] }
    spread.append([values.min()!, values.reduce(0, +) / Float(values.count), values.max()!])
    chapter.say(String(format: "  sample %d over %d seeds: min %.3f, mean %.3f, max %.3f", row + 1, seeds, spread[row][0], spread[row][1], spread[row][2]))
  }
  chapter.metrics.record("toy_seed_count", seeds)
  chapter.metrics.record("toy_spread_min", spread.map { $0[0] })
  chapter.metrics.record("toy_spread_mean", spread.map { $0[1] })
  chapter.metrics.record("toy_spread_max", spread.map { $0[2] })

  // The article's printed column scored with the same loss as our runs; predicting 0.5 everywhere scores ln 2.
  func toyLoss(_ p: Tensor) -> Double { Double((-(y * p.log() + (1 - y) * (1 - p).log())).mean().scalar) }
  let printed = Tensor(shape: [4, 1], scalars: [0.5, 1.0 / 3, 2.0 / 3, 0.5])
  let worstLoss = runs.map(toyLoss).max()!
  chapter.say(String(format: "loss: ours %.4f, worst of %d seeds %.4f, the article's printed column %.4f", toyLoss(predictions), seeds, worstLoss, toyLoss(printed)))
  chapter.metrics.record("toy_loss", toyLoss(predictions))
  chapter.metrics.record("toy_loss_worst_seed", worstLoss)
  // The printed column is one unit's output, and a seed's loss averages its two units: score each unit alone.
  let unitLosses = runs.flatMap { run in
    (0..<2).map { unit in toyLoss(Tensor(shape: [4, 1], scalars: (0..<4).map { run[$0, unit] })) }
  }
  chapter.metrics.record("toy_unit_count", unitLosses.count)
  chapter.metrics.record("toy_loss_worst_unit", unitLosses.max()!)
  chapter.metrics.record("toy_units_above_ln2", unitLosses.filter { $0 > log(2) }.count)
  // Where the seeds start, averaged over the two units like the seeds' final losses.
  chapter.metrics.record("toy_initial_loss_worst_seed", Double(seededRuns.map(\.initialLoss).max()!))
  chapter.metrics.record("article_output_loss", toyLoss(printed))
  // How near any seed's unit comes to the printed column: the largest of its four differences, at best.
  let closest = runs.flatMap { run in
    (0..<2).map { unit in (0..<4).map { abs(run[$0, unit] - printed[$0, 0]) }.max()! }
  }.min()!
  chapter.metrics.record("toy_closest_seed_distance", Double(closest))

  try articleFormulas(chapter, x: x, y: y)
}

/// Article 000 §4.2: the loss as printed, and the gradient it states.
private func articleFormulas(_ chapter: ChapterRun, x: Tensor, y: Tensor) throws {
  chapter.section("Article check: the loss and its gradient")
  // region: loss-grouping
  // One negative example (y = 0) predicted with p = 0.3.
  let (label, probability): (Double, Double) = (0, 0.3)
  let correct = -(label * log(probability) + (1 - label) * log(1 - probability))  // −[y log p + (1 − y) log(1 − p)]
  let asPrinted = -label * log(probability) + (1 - label) * log(1 - probability)  // −y log p + (1 − y) log(1 − p)
  // endregion
  chapter.say(String(format: "binary cross-entropy for y = 0, p = 0.3: correct %.4f, as printed %.4f", correct, asPrinted))
  chapter.metrics.record("bce_correct", correct)
  chapter.metrics.record("bce_as_printed", asPrinted)

  // ∂L/∂W = −(1/m) Σ (yᵢ − pᵢ) xᵢ for one sigmoid unit with binary cross-entropy: checked against backward().
  // region: gradient-check
  let random = RandomGenerator(seed: chapter.seed)
  let w = Tensor.normal(shape: [2, 1], using: random).requiringGradient()
  let b = Tensor(shape: [1], scalars: [0.1]).requiringGradient()
  let p = x.matmul(w, addingBias: b).sigmoid()
  (-(y * p.log() + (1 - y) * (1 - p).log())).mean().backward()
  let articleWeightGradient = (-(y - p).detached() * x).mean(alongAxis: 0)  // −(1/m) Σ (y − p) x
  let articleBiasGradient = (-(y - p).detached()).mean()
  // endregion
  let weightError = zip(w.gradient!.scalars, articleWeightGradient.scalars).map { abs($0 - $1) }.max()!
  let biasError = abs(b.gradient!.scalar - articleBiasGradient.scalar)
  chapter.say("largest |backward − article's formula|: weights \(weightError), bias \(biasError)")
  chapter.metrics.record("gradient_formula_error", Double(max(weightError, biasError)))
}
