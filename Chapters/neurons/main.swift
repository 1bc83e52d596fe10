import ArgumentParser
import Autograd
import CourseKit
import Foundation

/// Chapter 1: what a neuron computes, the functions that shape its output,
/// the article's toy model run as far as Keras lets it, and what one neuron can
/// and cannot separate.
struct Neurons: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "neurons",
    abstract: "Chapter 1: a neuron, its activation functions, the article's toy model, decision boundaries.")

  /// Epochs of the small network on the two-moons problem.
  static let defaultEpochs = 100

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    oneNeuron(chapter)
    try activationFunctions(chapter)
    try articleToyModel(chapter)
    try decisionBoundaries(chapter)
  }
}

/// A neuron's output for one input, step by step: z = w·x + b, then σ(z).
func oneNeuron(_ chapter: ChapterRun) {
  chapter.section("One neuron")
  // region: one-neuron
  let x = Tensor(shape: [1, 3], scalars: [2.0, -1.0, 0.5])  // one input with three features
  let w = Tensor(shape: [3, 1], scalars: [0.4, 0.6, -1.2])  // one weight per feature
  let b = Tensor(shape: [1], scalars: [0.3])  // the bias
  let z = x.matmul(w, addingBias: b)  // z = w·x + b = 0.8 − 0.6 − 0.6 + 0.3
  let output = z.sigmoid()  // σ(z) = 1 / (1 + e^−z)
  // endregion
  chapter.say("x = \(x), w = \(w), b = \(b)")
  chapter.say("z = w·x + b = \(z.scalar), σ(z) = \(output.scalar)")
  chapter.metrics.record("neuron_z", z.scalar)
  chapter.metrics.record("neuron_output", output.scalar)
}

Neurons.main()
