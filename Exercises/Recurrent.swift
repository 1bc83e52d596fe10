// Chapter 6 — Recurrent networks and the LSTM. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check lstm
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Vectors are plain Swift arrays; a weight matrix is an
// array of rows, `weight[input][output]`, so a row vector x times W is
// (x·W)[j] = Σᵢ x[i] · W[i][j], as in the chapter.

import Foundation

/// Exercise 1 — One step of a plain recurrent layer:
///
///     h' = tanh(x·W + h·U + b)
///
/// with x the input ([input]), h the previous hidden state ([hidden]),
/// W [input][hidden], U [hidden][hidden] and b [hidden]. Returns h'.
///
/// Hint: for each output unit j, add b[j], Σᵢ x[i]·W[i][j] and Σₖ h[k]·U[k][j],
/// then take Foundation's `tanh` of the sum.
public func recurrentStep(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 2 — One step of an LSTM cell. With z = x·W + h·U + b, a vector
/// of 4·hidden numbers split into four parts of `hidden` each, in the order
/// input gate, forget gate, candidate, output gate:
///
///     i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
///     c' = f ⊙ c + i ⊙ g
///     h' = o ⊙ tanh(c')
///
/// W is [input][4·hidden], U [hidden][4·hidden], b [4·hidden]; σ is the
/// logistic sigmoid and ⊙ multiplies element by element. Returns (h', c').
///
/// Hint: compute all of z first (as in exercise 1, with 4·hidden columns and
/// no tanh); unit j of gate k is z[k·hidden + j].
public func lstmStep(
  input: [Double], hidden: [Double], cell: [Double],
  inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  fatalError("not attempted")
}

/// Exercise 3 — Sampling with temperature. Draw a token from the
/// distribution p = softmax(logits / temperature), using the uniform random
/// number `uniform` in [0, 1) by inverse transform sampling: return the
/// smallest k with p[0] + … + p[k] > uniform (the last token if rounding
/// leaves none). The temperature is > 0.
///
/// Hint: subtract the largest logit before dividing and exponentiating (it
/// cancels in the normalization, and exp cannot overflow); then walk the
/// cumulative sum.
public func sampleIndex(logits: [Double], temperature: Double, uniform: Double) -> Int {
  fatalError("not attempted")
}

/// Exercise 4 — Bits per character: the mean, over the positions of a text,
/// of −log₂ of the probability the model gave to the byte that came next.
/// `probabilities[n]` is the model's distribution at position n and
/// `targets[n]` the index of the byte that followed.
///
/// A model that guesses uniformly among 114 bytes scores log₂ 114 ≈ 6.83 bits.
///
/// Hint: −log₂ p = −ln p / ln 2; Foundation has `log2`.
public func meanBitsPerCharacter(probabilities: [[Double]], targets: [Int]) -> Double {
  fatalError("not attempted")
}

/// Exercise 5 — The vanishing gradient, on one unit. For the scalar
/// recurrence h_t = tanh(w·x_t + u·h_{t-1}) from h_0 = 0 over `inputs`
/// x_1 … x_T, return ∂h_T/∂h_0: how much the last state changes per unit
/// change of the first.
///
/// Hint: the chain rule gives a product of one factor per step,
/// ∂h_t/∂h_{t-1} = u · (1 − h_t²); run the recurrence forward and multiply
/// the factors as you go.
public func recurrentGradientToStart(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  fatalError("not attempted")
}
