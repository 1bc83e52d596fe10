import Autograd
import CourseKit
import Foundation
import Workloads

/// The text's "Writing text": text from the trained model, one byte at a time, at three
/// temperatures, and the time 500 bytes take.
func generateSamples(_ chapter: ChapterRun, model: CharacterLSTM, text: FortunesText) throws {
  chapter.section("Sampling text")
  let newline = text.corpus.id(of: UInt8(ascii: "\n")) ?? 0
  let length = chapter.isQuick ? 60 : 400
  var samples: [(String, MetricValue)] = []
  for (name, temperature) in [("t05", 0.5), ("t10", 1.0), ("t15", 1.5)] {
    // region: sample
    let ids = model.generate(count: length, after: newline, temperature: temperature,
      random: RandomGenerator(seed: chapter.seed &+ 500))
    let sample = text.corpus.decodeText(ids)
    // endregion
    // Generated text is data, not prose: the Chinese pages show the same bytes.
    samples += MetricValue.bilingualFields(name, english: printable(sample), chinese: printable(sample))
    chapter.say("temperature \(temperature):")
    chapter.say(sample)
    chapter.say("")
  }
  chapter.metrics.record("samples", MetricValue.object(samples))
  chapter.metrics.record("sample_length", length)

  // As the peers measure it: 500 bytes at temperature 1 after a newline, the state carried along.
  // The first call warms the caches; the second is timed.
  _ = model.generate(count: 500, after: newline, temperature: 1, random: RandomGenerator(seed: 1))
  // region: generation-timing
  let start = DispatchTime.now().uptimeNanoseconds
  _ = model.generate(count: 500, after: newline, temperature: 1, random: RandomGenerator(seed: 2))
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  // endregion
  chapter.metrics.record("generation_seconds", seconds)
  chapter.metrics.record("generation_microseconds_per_byte", seconds / 500 * 1e6)
  chapter.say(String(format: "500 bytes in %.4f s (%.1f µs per byte)", seconds, seconds / 500 * 1e6))
}

/// The sample as the text can show it inside a code block: tabs as spaces,
/// other control characters and backquotes replaced.
private func printable(_ sample: String) -> String {
  String(sample.map { character -> Character in
    if character == "\t" { return " " }
    if character == "`" { return "'" }
    if character == "\n" { return character }
    return character.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value != 127 } ? character : "?"
  })
}
