import Testing

@testable import Literate

/// A chapter has one name: its text's title is the course's name for it.
@Suite("Chapter titles")
struct ChapterTitleTests {
  @Test func aTitleOtherThanTheCoursesNameIsAProblemAtItsLine() throws {
    let found = try lintIssues(text: "\n# Attention and Transformers\n\nText.\n", expectedTitle: "Attention and the Transformer")
    try #require(found.count == 1)
    #expect(found[0].line == 2)
    #expect(found[0].message.contains("'Attention and Transformers'") && found[0].message.contains("'Attention and the Transformer'"))
  }

  @Test func theSameTitleOrNoExpectedTitleIsFine() throws {
    #expect(try lintIssues(text: "# Neurons\n\nText.\n", expectedTitle: "Neurons").isEmpty)
    #expect(try lintIssues(text: "# Anything\n").isEmpty)
  }

  @Test func aTextWithoutATitleSaysWhichToWrite() throws {
    let found = try lintIssues(text: "Text only.\n", expectedTitle: "Neurons")
    #expect(found.map(\.message) == ["no title: start the text with '# Neurons'"])
  }
}
