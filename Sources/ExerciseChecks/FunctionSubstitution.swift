/// A stand-in for one exercise's function while its check runs: how the test
/// suite proves that every check rejects the classic wrong implementations.
///
/// The checks' `…Functions` structs build their members from the reference
/// solutions, then pass each through ``substitute(_:for:)``, which swaps in
/// the stand-in for the exercise being checked.
package struct FunctionSubstitution: Sendable {
  /// The exercise's id, `chapter.function`.
  package let exercise: String
  /// A function of the same type as the reference solution's (every
  /// exercise has its own signature).
  package let implementation: any Sendable

  @TaskLocal package static var current: FunctionSubstitution?
}

extension Exercise {
  /// Runs the check with the reference solutions, except this exercise's
  /// function, which is `implementation` (of the same type as the reference).
  /// Returns the failed expectations, as ``run(_:)`` does.
  package func run(substituting implementation: any Sendable, language: Language = .english) -> [String] {
    FunctionSubstitution.$current.withValue(FunctionSubstitution(exercise: id, implementation: implementation)) {
      run(.reference, language: language)
    }
  }
}

/// Replaces `function` by the stand-in for exercise `id` while one is in
/// place. A stand-in of another type is a mistake in the test suite, so it traps.
package func substitute<Function>(_ function: inout Function, for id: String) {
  guard let substitution = FunctionSubstitution.current, substitution.exercise == id else { return }
  guard let replacement = substitution.implementation as? Function else {
    preconditionFailure("the stand-in for \(id) is \(type(of: substitution.implementation)), not \(Function.self)")
  }
  function = replacement
}
