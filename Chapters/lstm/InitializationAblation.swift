import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Which of the peers' initializations matters: the character model started
/// four ways and trained for the same short stretch on the same batches, then
/// scored on the same validation windows.
///
/// Keras's and PyTorch's defaults differ in the embedding's scale (±0.05
/// against N(0, 1)) and in everything else (forget bias, U, W, the readout).
/// Swapping the embedding alone, each way, separates its share of the gap
/// from the rest's.
func initializationAblation(_ chapter: ChapterRun, text: FortunesText) {
  chapter.section("Initialization, one difference at a time")
  let steps = chapter.isQuick ? 3 : 150
  let validation = text.validation.prefix(chapter.isQuick ? 32 : 512)
  let batches = Array(EpochBatches(count: text.training.count, batchSize: 64, seed: chapter.seed &+ 61, epoch: 1).prefix(steps))
  var bits: [String: Double] = [:]
  for start in ablationStarts {
    let model = startingModel(
      start.initialization, embedding: start.embedding, vocabularySize: text.corpus.vocabularySize,
      random: RandomGenerator(seed: chapter.seed &+ 62))
    // The chapter's recipe: Adam at 2·10⁻³ with the same ε for all four, gradients clipped to norm 5.
    let optimizer = Adam(parameters: model.namedParameters, learningRate: 2e-3)
    for batch in batches {
      optimizer.clearGradients()
      let (inputs, targets) = text.training.batch(at: Array(batch))
      model(ids: inputs, shape: [batch.count, text.training.length]).crossEntropy(targets: targets).backward()
      clipGradientNorm(model.parameters, maxNorm: 5)
      optimizer.step()
    }
    bits[start.key] = withoutGradient { validationBits(of: model, on: validation) }
    chapter.say(String(format: "%@: %.4f bits per character after %d steps", start.name, bits[start.key]!, steps))
  }
  chapter.metrics.record("initialization_ablation_steps", steps)
  chapter.metrics.record("initialization_ablation_validation_windows", validation.count)
  chapter.metrics.record("initialization_ablation", MetricValue.object(ablationStarts.map { ($0.key, .number(bits[$0.key]!)) }))
  // How much of the gap between Keras's start and PyTorch's each swap of the embedding closes.
  let gap = bits["keras"]! - bits["pytorch"]!
  chapter.metrics.record("initialization_ablation_gap", gap)
  chapter.metrics.record("initialization_ablation_embedding_share_from_keras", (bits["keras"]! - bits["keras_normal_embedding"]!) / gap)
  chapter.metrics.record("initialization_ablation_embedding_share_from_pytorch", (bits["pytorch_small_embedding"]! - bits["pytorch"]!) / gap)
}

// region: starting-points
/// The four starting points: each framework's defaults, and each with the
/// other framework's embedding in place of its own.
var ablationStarts: [(key: String, name: String, initialization: CharacterLSTM.Initialization, embedding: Initializer?)] {
  [
    ("pytorch", "PyTorch's (ours)", .pytorch, nil),
    ("keras", "Keras's", .keras, nil),
    ("keras_normal_embedding", "Keras's, N(0, 1) embedding", .keras, .normal(standardDeviation: 1)),
    ("pytorch_small_embedding", "PyTorch's, ±0.05 embedding", .pytorch, .uniform(limit: 0.05)),
  ]
}

/// The character model at one framework's initialization, with the
/// embedding table redrawn from `embedding` if one is given.
func startingModel(
  _ initialization: CharacterLSTM.Initialization, embedding: Initializer?, vocabularySize: Int, random: RandomGenerator
) -> CharacterLSTM {
  let model = CharacterLSTM(vocabularySize: vocabularySize, initialization: initialization, random: random)
  if let embedding {
    let table = model.embedding.table
    table.value = embedding.makeTensor(shape: table.shape, fanIn: table.shape[0], fanOut: table.shape[1], using: random)
      .requiringGradient()
  }
  return model
}
// endregion
