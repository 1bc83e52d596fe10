/// Whose code a check runs: the learner's stubs in `Exercises/`, or the
/// reference solutions that prove every check can pass.
public enum Implementation: String, CaseIterable, Sendable {
  case learner
  case reference
}
