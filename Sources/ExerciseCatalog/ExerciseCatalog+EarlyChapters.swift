// The graded hints of chapters 1 to 3. Each list goes from a nudge (what to
// think about) through the step people miss to nearly the answer; the stub's
// doc comment already states the task, so no hint repeats it.

extension ExerciseCatalog {
  static let neurons = chapter("neurons", module: "Neurons", [
    ("sigmoid", [], [
      "Try your formula on paper at z = −1000: what does exp(1000) give in a Double, and what is 1 / (1 + that)?",
      "An overflow to +∞ is harmless here (1 / ∞ is 0); a NaN is not. NaN comes from ∞/∞ or 0·∞, so check every form you rewrite to.",
      "Two safe forms: 1 / (1 + exp(-z)) for z ≥ 0, and exp(z) / (1 + exp(z)) for z < 0 (the second keeps σ(−800) ≈ e^(−800) instead of 0).",
    ]),
    ("sigmoidDerivative", ["sigmoid"], [
      "Differentiate 1 / (1 + e^(−z)) with the quotient rule and look for σ(z) in the result.",
      "The derivative is e^(−z) / (1 + e^(−z))², which is σ(z) · (1 − σ(z)). Computing it from your sigmoid keeps it finite at z = ±1000.",
      "let s = sigmoid(z); return s * (1 - s)",
    ]),
    ("neuronOutput", ["sigmoid"], [
      "A neuron does two things: a weighted sum, then a squashing function. Which exercise already squashes?",
      "z = bias + Σᵢ weights[i] · inputs[i]; zip(inputs, weights) pairs the two arrays without indices.",
      "sigmoid(zip(inputs, weights).reduce(bias) { $0 + $1.0 * $1.1 })",
    ]),
    ("binaryCrossEntropy", [], [
      "Check your formula on one example with label 0: the loss must be −log(1 − p), never involving log p.",
      "Inside the sum: y·log(p) + (1 − y)·log(1 − p). Outside: a minus sign and a division by the number of examples m.",
      "Sum y * log(p) + (1 - y) * log(1 - p) over zip(probabilities, labels), then return -sum / Double(probabilities.count).",
    ]),
    ("gradientDescentStep", ["neuronOutput"], [
      "The step has two phases: compute every prediction with the old weights, then update. Mixing them changes the answer.",
      "Your neuronOutput gives pᵢ; the error of example i is pᵢ − yᵢ, and ∂L/∂wⱼ is the mean over i of errorᵢ · xᵢⱼ.",
      "let errors = zip(inputs, labels).map { x, y in neuronOutput(inputs: x, weights: weights, bias: bias) - y }; "
        + "then wⱼ − η · Σᵢ errors[i] · inputs[i][j] / m for each j, and b − η · Σᵢ errors[i] / m.",
    ]),
  ])

  static let backprop = chapter("backprop", module: "Backprop", [
    ("multiplyBackward", [], [
      "If you nudge a by a small amount ε, how much does c = a·b move? That is ∂c/∂a.",
      "The chain rule: ∂L/∂a = ∂L/∂c · ∂c/∂a. Each input's gradient uses the *other* input.",
      "return (a: b * outputGradient, b: a * outputGradient)",
    ]),
    ("tanhBackward", [], [
      "The derivative of tanh can be written with tanh itself; which form stays finite when x = 1000?",
      "cosh(x) overflows to ∞ for |x| > 710, so 1 / cosh² would give 0 only by luck and NaN in other forms; 1 − tanh² never overflows.",
      "let t = tanh(x); return (1 - t * t) * outputGradient",
    ]),
    ("topologicalOrder", [], [
      "Before a node can appear, all its inputs must have appeared. What kind of graph walk finishes a node's inputs first?",
      "A depth-first search from root: visit every input of a node, then append the node. A visited set stops a node used twice from appearing twice.",
      "var order: [Int] = []; var visited = Set<Int>(); func visit(_ n: Int) { guard visited.insert(n).inserted else { return }; "
        + "for i in inputs[n] { visit(i) }; order.append(n) }; visit(root); return order",
    ]),
    ("hiddenLayerDeltas", [], [
      "The delta of a hidden unit collects what it sent forward: every output it fed, weighted by the connecting weight.",
      "Use W₂[j][k] (row: hidden unit j, column: output k), not W₂[k][j]; then multiply by tanh's derivative, 1 − a₁², at the same unit.",
      "For each example i and hidden unit j: (Σₖ outputDeltas[i][k] * outgoingWeights[j][k]) * (1 - hiddenOutputs[i][j] * hiddenOutputs[i][j]).",
    ]),
    ("layerWeightGradient", [], [
      "The weight W[j][k] connects input j to output k; its gradient involves only those two quantities, summed over the batch.",
      "The result is [n][k] (inputs × outputs): start from zeros of that shape and add one outer product per example.",
      "for (a, d) in zip(layerInputs, deltas) { for j in 0..<n { for c in 0..<k { gradient[j][c] += a[j] * d[c] } } }",
    ]),
    ("centralDifferenceGradient", [], [
      "You need one number per coordinate, each from two calls of function with that coordinate moved and the others left alone.",
      "Arrays are values in Swift: var plus = point copies it, so changing plus[i] leaves point as it was. Move by +step and by −step.",
      "point.indices.map { i in var plus = point; var minus = point; plus[i] += step; minus[i] -= step; "
        + "return (function(plus) - function(minus)) / (2 * step) }",
    ]),
  ])

  static let crossEntropy = chapter("cross-entropy", module: "CrossEntropy", [
    ("stableLogSoftmax", [], [
      "Adding the same constant to every logit does not change the softmax. Which constant keeps every exponential at most 1?",
      "Compute m = logits.max()!, then logSum = m + log(Σⱼ exp(zⱼ − m)); never compute exp(zⱼ) on its own.",
      "let m = logits.max()!; let logTotal = m + log(logits.reduce(0) { $0 + exp($1 - m) }); return logits.map { $0 - logTotal }",
    ]),
    ("softmaxCrossEntropy", ["stableLogSoftmax"], [
      "Both the loss and the gradient come from the log-probabilities; compute them once, stably.",
      "loss = −logProbabilities[target]; pₖ = exp(logProbabilities[k]); subtract 1 from the gradient at target only.",
      "let lp = stableLogSoftmax(logits); return (-lp[target], lp.indices.map { exp(lp[$0]) - ($0 == target ? 1 : 0) })",
    ]),
    ("confusionMatrix", [], [
      "Each example adds exactly one count; the question is which row and which column.",
      "Rows are the true class (labels), columns the predicted class: counts[label][prediction] += 1. A swapped index still sums right but fails on the diagonal's neighbours.",
      "var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount); "
        + "for (p, t) in zip(predictions, labels) { counts[t][p] += 1 }; return counts",
    ]),
    ("classificationScores", [], [
      "Write down which cells each score divides: the diagonal over everything, a column, a row.",
      "precisionₖ divides C[k][k] by the sum of column k; recallₖ by the sum of row k. A class never predicted has a 0 column: return 0, not NaN.",
      "func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }; "
        + "f1 = p + r == 0 ? 0 : 2 * p * r / (p + r).",
    ]),
    ("adamStep", [], [
      "Adam keeps two running averages per parameter and corrects both for starting at zero before using them.",
      "The bias corrections divide by 1 − β₁ˢ and 1 − β₂ˢ with s = step (pow(0.9, Double(step))); ε is added after the square root.",
      "m = β₁·m + (1 − β₁)·g; v = β₂·v + (1 − β₂)·g²; w − lr · (m / (1 − β₁ˢ)) / ((v / (1 − β₂ˢ)).squareRoot() + ε), "
        + "each element-wise; return the new w, m and v.",
    ]),
  ])
}
