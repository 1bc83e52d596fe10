/// A problem that ends a chapter run, with a one-line message that says what
/// happened and how to fix it.
public struct ChapterError: Error, CustomStringConvertible {
  public let description: String

  public init(_ description: String) {
    self.description = description
  }
}
