import Autograd
import CourseKit
import Foundation

/// The article check: article 003's attention formula and worked example,
/// recomputed both as written and as the formula should read.
func articleCheck(_ chapter: ChapterRun) {
  chapter.section("Article check")
  // region: article-example
  // Article 003 §4: Q = (1, 2), K = (3, 4), V = (5, 6), scale 1, d_k = 2: one
  // query, one key, one value, each a row vector of two numbers.
  let query = Tensor(shape: [1, 2], scalars: [1, 2])
  let key = Tensor(shape: [1, 2], scalars: [3, 4])
  let value = Tensor(shape: [1, 2], scalars: [5, 6])
  let scores = query.matmul(key, transposeOther: true)  // [[11]]

  // As the article writes it: softmax(scale · QKᵀ) / √d_k · V.
  let asWritten = scores.softmax(alongAxis: -1) / Float(2).squareRoot()
  let articleFormula = asWritten.matmul(value)

  // As it should read: softmax(QKᵀ / √d_k) · V.
  let correct = referenceAttention(query: query, key: key, value: value, causal: false)
  // endregion
  chapter.metrics.record("article_score", Double(scores.scalar))
  chapter.metrics.record("article_softmax_of_one_score", Double(scores.softmax(alongAxis: -1).scalar))
  chapter.metrics.record("article_formula_as_written", articleFormula.scalars.map(Double.init))
  chapter.metrics.record("article_correct_formula", correct.scalars.map(Double.init))

  // region: article-other-readings
  // Another reading: the two numbers as two tokens with one feature each (d_k = 1).
  let asTokens = referenceAttention(
    query: Tensor(shape: [2, 1], scalars: [1, 2]), key: Tensor(shape: [2, 1], scalars: [3, 4]),
    value: Tensor(shape: [2, 1], scalars: [5, 6]), causal: false)
  // endregion
  chapter.metrics.record("article_as_tokens", asTokens.scalars.map(Double.init))
  // Softmax weights are positive and sum to 1, so every output is a weighted mean of the values:
  // it lies between the smallest and the largest value, 5 and 6. The article's 7.53 cannot.
  let claimed = [6.53, 7.53]
  chapter.metrics.record("article_claimed", claimed)
  chapter.metrics.record("article_claim_within_values", claimed.allSatisfy { (5.0...6.0).contains($0) })
  chapter.metrics.record("article_claim_excess", zip(claimed, [5.0, 6.0]).map { (($0 - $1) * 1000).rounded() / 1000 })
  chapter.say("article 003: as written \(articleFormula.scalars), correct \(correct.scalars), as tokens \(asTokens.scalars); "
    + "the article claims \(claimed)")
}
