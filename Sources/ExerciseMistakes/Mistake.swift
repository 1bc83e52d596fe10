// Wrong implementations of the exercises: the classic mistakes a learner
// makes (off by one, transposed, numerically unstable, missing ε, wrong sign,
// wrong axis, …), each with the reference solution's signature. The test suite
// requires every exercise's check to reject every one of its mistakes, as
// mutation testing does, so a check that lets a known mistake through fails
// the build's tests instead of a learner's trust.

/// One wrong implementation of one exercise's function.
public struct Mistake: Sendable {
  /// The exercise's id, `chapter.function`.
  public let exercise: String
  /// The wrong function's name, which says what it gets wrong.
  public let name: String
  /// The wrong function, of the same type as the reference solution's (each
  /// exercise has its own signature).
  public let implementation: any Sendable

  init(_ exercise: String, _ name: String, _ implementation: any Sendable) {
    self.exercise = exercise
    self.name = name
    self.implementation = implementation
  }
}

/// Every known mistake, for every exercise.
public let allMistakes: [Mistake] =
  neuronsMistakes + backpropMistakes + crossEntropyMistakes + convolutionMistakes + generalizationMistakes
  + recurrentMistakes + attentionMistakes
  + compressionMistakes + engineMistakes
