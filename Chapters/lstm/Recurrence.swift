import Autograd
import CourseKit
import Foundation

// region: rnn-step
/// One step of a plain recurrent network on scalars, as article 003 writes it:
/// h_t = σ(w₁·x_t + w₂·h_{t-1}).
func scalarRecurrentStep(input: Double, previous: Double, inputWeight: Double, recurrentWeight: Double) -> Double {
  1 / (1 + exp(-(inputWeight * input + recurrentWeight * previous)))
}

/// Every hidden state h_1 … h_T of the scalar recurrence, from h_0.
func scalarRecurrence(inputs: [Double], start: Double, inputWeight: Double, recurrentWeight: Double) -> [Double] {
  var hidden = start
  return inputs.map { input in
    hidden = scalarRecurrentStep(input: input, previous: hidden, inputWeight: inputWeight, recurrentWeight: recurrentWeight)
    return hidden
  }
}
// endregion

/// The text's "A recurrence": article 003's worked example, h_t = σ(x_t + h_{t-1}) on
/// x = (1, 2, 3) from h_0 = 0, computed step by step and with the core's
/// tensors, next to the article's 0.63, 0.86 and 0.95.
func recurrenceByHand(_ chapter: ChapterRun) {
  chapter.section("The recurrence by hand")
  // region: article-example
  let states = scalarRecurrence(inputs: [1, 2, 3], start: 0, inputWeight: 1, recurrentWeight: 1)
  // endregion
  // The same three steps with the core's tensors: one unit, weights 1, no bias.
  var hidden = Tensor.zeros([1, 1])
  var tensorStates: [Double] = []
  for input in [1, 2, 3] as [Float] {
    hidden = (Tensor(shape: [1, 1], scalars: [input]) + hidden).sigmoid()
    tensorStates.append(Double(hidden.scalar))
  }
  let article = [0.63, 0.86, 0.95]
  chapter.metrics.record("rnn_example_states", states)
  chapter.metrics.record("rnn_example_tensor_agrees", zip(states, tensorStates).allSatisfy { abs($0 - $1) < 1e-6 })
  // What the article's steps compute with its own inputs (it writes σ(2 + 1) and σ(3 + 0.86)):
  let articleArguments = [1.0, 3.0, 4.86]
  let sigmoidOfArticleArguments = articleArguments.map { 1 / (1 + exp(-$0)) }
  // …and the function whose values the article prints: 1 − e^{−x_t}.
  let oneMinusExp = [1.0, 2.0, 3.0].map { 1 - exp(-$0) }
  var entries: [(String, MetricValue)] = []
  for step in 0..<3 {
    entries.append(("h\(step + 1)", .number(states[step])))
    entries.append(("article_h\(step + 1)", .number(article[step])))
    entries.append(("sigmoid_of_article_argument\(step + 1)", .number(sigmoidOfArticleArguments[step])))
    entries.append(("one_minus_exp\(step + 1)", .number(oneMinusExp[step])))
    entries.append(("error\(step + 1)", .number(article[step] - states[step])))
  }
  // The article's third step writes σ(3 + 0.86) but evaluates 1/(1 + e^(−4.86)).
  entries.append(("sigmoid_of_3_86", .number(1 / (1 + exp(-3.86)))))
  chapter.metrics.record("rnn_example", MetricValue.object(entries))
  chapter.say("h_t = σ(x_t + h_{t-1}), x = (1, 2, 3), h_0 = 0:")
  for step in 0..<3 {
    chapter.say(String(format: "  h%d = %.4f   (article: %.2f; σ of the article's argument %.2f: %.4f; 1 − e^(−x): %.4f)",
      step + 1, states[step], article[step], articleArguments[step], sigmoidOfArticleArguments[step], oneMinusExp[step]))
  }
}
