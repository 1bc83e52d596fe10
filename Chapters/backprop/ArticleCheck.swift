import CourseKit
import Foundation

/// Article 001 §4.2 and article 002 §4.2, computed as written on the worked
/// example and set against the correct forms and finite differences.
///
/// Neither article's backpropagation section names its loss (001's §5 listing
/// trains with categorical cross-entropy); every printed line can be evaluated as
/// written with a sigmoid output and the squared error J = ½‖a − y‖², which we
/// average over the batch (002's Δᴸ = Aᴸ − Y is ∂J/∂Aᴸ under that reading).
func articleCheck(_ chapter: ChapterRun, example: WorkedExample) {
  chapter.section("Article check: the deltas and the updates as printed")
  let (network, x, y) = (example.network, example.x, example.y)
  let m = Double(x.rows)
  let pass = network.forward(x)
  let correct = network.gradients(pass, targets: y, .squaredError)
  let numeric = centralDifferences(of: { parameters in
    var probe = network
    probe.parameters = parameters
    return probe.loss(at: x, targets: y, .squaredError)
  }, at: network.parameters)
  // The numeric gradient, cut back into the shapes of W₁, b₁, W₂, b₂.
  var numericNetwork = network
  numericNetwork.parameters = numeric
  func largestError(_ computed: Matrix, _ reference: Matrix) -> Double {
    zip(computed.scalars, reference.scalars).map { abs($0 - $1) }.max()!
  }

  // Article 001: δ_l = (y − a_l)·dσ/dz, then W_l := W_l − α·δ_l·a_{l−1}.
  // region: article-001-sign
  let sigmoidDerivative = pass.a2.map { $0 * (1 - $0) }
  let articleDelta2 = (1 / m) * (y - pass.a2) * sigmoidDerivative  // (y − a)·σ′: the article's sign
  let articleGradientW2 = pass.a1.transposed.matmul(articleDelta2)  // δ₂·a₁, what its update subtracts
  // endregion
  let signError = largestError(articleGradientW2, numericNetwork.w2)
  let negatedError = largestError(-1 * articleGradientW2, numericNetwork.w2)
  chapter.say(String(format: "001 output delta (y − a)σ′: its W2 'gradient' differs from finite differences by %.2e; its negative by %.2e", signError, negatedError))

  // Follow each update rule for 100 steps from the same start.
  // region: article-001-update
  /// What each run subtracts, α times, from the weights and biases.
  enum Rule {
    /// The correct gradients: δ₂ = (a − y)σ′, δ₁ = (δ₂ W₂ᵀ) ⊙ f′(z₁).
    case correct
    /// 001's sign alone, δ₂ = (y − a)σ′, with the recursion otherwise repaired.
    case articleSign
    /// 001 as printed: δ₂ = (y − a)σ′ and δ₁ = δ₂ W₂ᵀ (W₂ for the missing W₃, no f′).
    case articleAsPrinted
    /// 002's first two copies: ∂J/∂W₂ = Σᵢ xᵢᵀ δ₂ᵢ, every other gradient correct.
    case articleInputWeightGradient
  }
  func lossAfter(steps: Int, learningRate α: Double, _ rule: Rule) -> Double {
    var trained = network
    for _ in 0..<steps {
      let pass = trained.forward(x)
      var step = trained.gradients(pass, targets: y, .squaredError)
      switch rule {
      case .correct: break
      case .articleSign:  // flipping δ₂ flips every delta below it, and so every gradient
        step = Gradients(w1: -1 * step.w1, b1: -1 * step.b1, w2: -1 * step.w2, b2: -1 * step.b2)
      case .articleAsPrinted:
        let delta2 = (1 / m) * (y - pass.a2) * pass.a2.map { $0 * (1 - $0) }  // (y − a)σ′
        let delta1 = delta2.matmul(trained.w2.transposed)  // δ₂ W₂ᵀ, no f′(z₁)
        step = Gradients(
          w1: x.transposed.matmul(delta1), b1: delta1.columnSums,
          w2: pass.a1.transposed.matmul(delta2), b2: delta2.columnSums)
      case .articleInputWeightGradient:
        step.w2 = x.transposed.matmul(trained.outputDelta(pass, targets: y, .squaredError))  // xᵢ for a₁ᵢ
      }
      trained.descend(along: step, learningRate: α)  // W := W − α·(what the rule computed)
    }
    return trained.loss(at: x, targets: y, .squaredError)
  }
  // endregion
  let (updateSteps, updateRate) = (100, 1.0)
  let startLoss = network.loss(pass, targets: y, .squaredError)
  let signLoss = lossAfter(steps: updateSteps, learningRate: updateRate, .articleSign)
  let printedLoss = lossAfter(steps: updateSteps, learningRate: updateRate, .articleAsPrinted)
  let correctLoss = lossAfter(steps: updateSteps, learningRate: updateRate, .correct)
  let inputGradientLoss = lossAfter(steps: updateSteps, learningRate: updateRate, .articleInputWeightGradient)
  chapter.say(String(format: "001 update over %d steps (α = %g): J goes from %.6f to %.6f with the sign alone, to %.6f as printed, to %.6f with δ = (a − y)σ′", updateSteps, updateRate, startLoss, signLoss, printedLoss, correctLoss))
  chapter.say(String(format: "002 ∂J/∂W2 with x_i, the same %d steps: J goes to %.6f", updateSteps, inputGradientLoss))

  // Article 001: δ_{l−1} = δ_l · W_{l+1}ᵀ. For l = 2 there is no W₃: the only
  // matrix that fits is W₂, and the recursion still lacks the factor f′(z₁).
  // region: article-001-recursion
  let delta2 = network.outputDelta(pass, targets: y, .squaredError)
  let articleDelta1 = delta2.matmul(network.w2.transposed)  // δ₂ W₂ᵀ, as printed (index repaired)
  let correctDelta1 = delta2.matmul(network.w2.transposed) * pass.a1.map { 1 - $0 * $0 }  // ⊙ f′(z₁)
  let articleGradientW1 = x.transposed.matmul(articleDelta1)
  let correctGradientW1 = x.transposed.matmul(correctDelta1)
  // endregion
  let recursionError = largestError(articleGradientW1, numericNetwork.w1)
  let correctRecursionError = largestError(correctGradientW1, numericNetwork.w1)
  chapter.say(String(format: "001 recursion without f′(z1): dJ/dW1 off by %.2e; with it: %.2e", recursionError, correctRecursionError))

  // Article 002: ∂J/∂Wᴸ = Σᵢ ∂J/∂Aᴸ · ∂Aᴸ/∂Zᴸ · xᵢ, the network's input where Aᴸ⁻¹ belongs.
  // region: article-002-weight-gradient
  let articleGradientW2Input = x.transposed.matmul(delta2)  // Σᵢ xᵢᵀ δ₂ᵢ: the input x
  let correctGradientW2 = pass.a1.transposed.matmul(delta2)  // Σᵢ a₁ᵢᵀ δ₂ᵢ: the previous layer's output
  // endregion
  let inputError = largestError(articleGradientW2Input, numericNetwork.w2)
  let activationError = largestError(correctGradientW2, numericNetwork.w2)
  let biasError = largestError(correct.b2, numericNetwork.b2)
  chapter.say(String(format: "002 dJ/dW2 with x_i: off by %.2e; with a1_i: %.2e; dJ/db2 as printed: %.2e", inputError, activationError, biasError))

  chapter.metrics.record("article_check", MetricValue.object([
    ("sign_gradient_error", .number(signError)),
    ("sign_negated_gradient_error", .number(negatedError)),
    ("update_steps", .integer(updateSteps)),
    ("update_learning_rate", .number(updateRate)),
    ("loss_start", .number(startLoss)),
    ("loss_after_article_updates", .number(signLoss)),
    ("loss_after_printed_updates", .number(printedLoss)),
    ("loss_after_correct_updates", .number(correctLoss)),
    ("loss_after_input_weight_gradient", .number(inputGradientLoss)),
    ("recursion_error", .number(recursionError)),
    ("recursion_corrected_error", .number(correctRecursionError)),
    ("input_weight_gradient_error", .number(inputError)),
    ("activation_weight_gradient_error", .number(activationError)),
    ("bias_gradient_error", .number(biasError)),
    ("w2_gradient_norm", .number(numericNetwork.w2.norm)),
    ("w1_gradient_norm", .number(numericNetwork.w1.norm)),
  ]))
}
