import Autograd
import CourseKit
import Foundation
import Plotting
import Workloads

/// Section 8: what each head of the trained model looks at, on one
/// sentence of the validation text.
func drawAttentionHeatmaps(_ chapter: ChapterRun, model: CharacterTransformer, text: FortunesText) throws {
  chapter.section("What the heads look at")
  let sentence = validationSentence(text)
  let ids = text.corpus.encode(sentence)!
  // A quotation of the validation text: the same bytes on the Chinese pages.
  chapter.metrics.record("heatmap_sentence", english: printable(sentence), chinese: printable(sentence))
  chapter.say("sentence: \(printable(sentence))")

  // region: heatmap-weights
  _ = withoutGradient { model(ids: ids, shape: [1, ids.count]) }
  // Each block's attention keeps the weights of its last call: [1, heads, time, time].
  let weights = model.blocks.map { $0.attention.lastAttentionWeights! }
  // endregion

  let labels = sentence.map { byte in byte == UInt8(ascii: " ") ? "␣" : printable([byte]) }
  // Rows are as tall as a character is wide: every other row is named (the x axis names every
  // column), so that the names stacked down the y axis do not run into each other.
  let rowLabels = labels.indices.map { $0.isMultiple(of: 2) ? labels[$0] : "" }
  let time = ids.count
  let headCount = model.blocks[0].attention.headCount
  var panels: [Panel] = []
  var summaries: [(String, MetricValue)] = []
  for (block, blockWeights) in weights.enumerated() {
    for head in 0..<headCount {
      let start = head * time * time
      let matrix = (0..<time).map { row in
        (0..<time).map { column in Double(blockWeights.scalars[start + row * time + column]) }
      }
      let panel = Panel(
        title: "block \(block + 1), head \(head + 1)", xLabel: "attends to", yLabel: "position",
        series: [.heatmap(matrix, xLabels: labels, yLabels: rowLabels, range: 0...1)])
      panels.append(panel)
      summaries.append(("b\(block + 1)h\(head + 1)", headSummary(matrix)))
    }
  }
  chapter.metrics.record("heads", MetricValue.object(summaries))
  // The most distinctive heads, named for the text.
  func field(_ summary: MetricValue, _ key: String) -> Double {
    if case .object(let fields) = summary, case .number(let value)? = fields.first(where: { $0.0 == key })?.1 { value } else { 0 }
  }
  func headName(_ key: String) -> String { "block \(key.dropFirst().prefix(1)), head \(key.suffix(1))" }
  // A noun, the subject of its sentence in both editions.
  func chineseHeadName(_ key: String) -> String { "第 \(key.dropFirst().prefix(1)) 块的第 \(key.suffix(1)) 个头" }
  let previous = summaries.max { field($0.1, "previous") < field($1.1, "previous") }!
  let farthest = summaries.max { field($0.1, "distance") < field($1.1, "distance") }!
  chapter.metrics.record("previous_head", english: headName(previous.0), chinese: chineseHeadName(previous.0))
  chapter.metrics.record("previous_head_weight", field(previous.1, "previous"))
  chapter.metrics.record("farthest_head", english: headName(farthest.0), chinese: chineseHeadName(farthest.0))
  chapter.metrics.record("farthest_head_distance", field(farthest.1, "distance"))
  for (name, summary) in summaries {
    if case .object(let fields) = summary {
      chapter.say(name + ": " + fields.map { "\($0.0) \($0.1.json)" }.joined(separator: ", "))
    }
  }
  try chapter.save(
    // Two panels a row, drawn at the width a page shows them (labels at Plotting's size as read,
    // no sideways scrolling); each row as tall as its square maps need, one character per cell.
    Figure(title: "Attention weights on a validation sentence (rows attend to columns)", columns: 2, width: 900,
      height: 30 + 440 * ((panels.count + 1) / 2), panels: panels),
    as: "attention-heatmaps")
}

/// Numbers that describe a head: where its weight goes, on average over the positions after the first
/// (the first can only attend to itself).
private func headSummary(_ matrix: [[Double]]) -> MetricValue {
  let rows = matrix.indices.dropFirst()
  let count = Double(rows.count)
  let own = rows.reduce(0) { $0 + matrix[$1][$1] } / count
  let previous = rows.reduce(0) { $0 + matrix[$1][$1 - 1] } / count
  let first = rows.reduce(0) { $0 + matrix[$1][0] } / count
  // How far back the weight reaches: Σ_j w_tj · (t − j), averaged over t.
  let distance = rows.reduce(0) { total, row in
    total + (0...row).reduce(0) { $0 + matrix[row][$1] * Double(row - $1) }
  } / count
  // How spread the weight is, in bits (0: one position; log₂(t+1): even).
  let entropy = rows.reduce(0) { total, row in
    total - (0...row).reduce(0) { $0 + (matrix[row][$1] > 0 ? matrix[row][$1] * log2(matrix[row][$1]) : 0) }
  } / count
  return .object([
    ("own", .number(own)), ("previous", .number(previous)), ("first", .number(first)),
    ("distance", .number(distance)), ("entropy_bits", .number(entropy)),
  ])
}

/// A short, plain line of the validation text: the first with 24 to 40
/// printable ASCII characters, so that every character fits on an axis.
private func validationSentence(_ text: FortunesText) -> [UInt8] {
  let bytes = text.corpus.decode(text.validation.ids)
  let lines = bytes.split(separator: UInt8(ascii: "\n"))
  let chosen = lines.first { line in
    (24...40).contains(line.count) && line.allSatisfy { (32...126).contains($0) } && line.contains(UInt8(ascii: " "))
      && line.first != UInt8(ascii: " ")
  }
  return Array(chosen ?? bytes.prefix(32))
}
