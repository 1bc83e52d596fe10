import Foundation
import Testing
@testable import SiteGenerator

@Suite("Chapter run stamp")
struct ChapterRunStampTests {
  @Test("a chapter runs again only when its sources, the libraries or the flags change")
  func staleness() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let configuration = fixture.configuration
    let chapter = configuration.chapters[0]
    let stamp = ChapterRunStamp(chapter: chapter, configuration: configuration, flags: [])
    #expect(stamp.isStale)  // never recorded
    try stamp.record()
    #expect(!ChapterRunStamp(chapter: chapter, configuration: configuration, flags: []).isStale)
    #expect(ChapterRunStamp(chapter: chapter, configuration: configuration, flags: ["--quick"]).isStale)

    let core = fixture.root.appendingPathComponent("Sources/Autograd")
    try FileManager.default.createDirectory(at: core, withIntermediateDirectories: true)
    try Data("let changed = 1\n".utf8).write(to: core.appendingPathComponent("Tensor.swift"))
    #expect(ChapterRunStamp(chapter: chapter, configuration: configuration, flags: []).isStale)
    try ChapterRunStamp(chapter: chapter, configuration: configuration, flags: []).record()

    let source = fixture.root.appendingPathComponent("Chapters/demo/main.swift")
    try Data((SiteFixture.swiftSource + "// more\n").utf8).write(to: source)
    #expect(ChapterRunStamp(chapter: chapter, configuration: configuration, flags: []).isStale)
  }
}
