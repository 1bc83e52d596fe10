import Autograd
import CourseKit
import Foundation
import Plotting

/// The activation functions and their derivatives. The derivatives are not
/// typed in: `backward()` computes them, and the closed forms check it.
func activationFunctions(_ chapter: ChapterRun) throws {
  chapter.section("Activation functions and their derivatives")
  let points = (0...200).map { -5 + Float($0) * 0.05 }
  chapter.metrics.record("activation_points", points.count)
  let functions: [(name: String, apply: (Tensor) -> Tensor, derivative: (Float) -> Float)] = [
    ("sigmoid", { $0.sigmoid() }, { x in let s = 1 / (1 + exp(-x)); return s * (1 - s) }),
    ("tanh", { $0.tanh() }, { x in 1 - tanh(x) * tanh(x) }),
    ("relu", { $0.relu() }, { x in x > 0 ? 1 : 0 }),
    ("gelu", { $0.gelu() }, geluDerivative),
  ]
  var valueSeries: [Series] = []
  var derivativeSeries: [Series] = []
  for function in functions {
    // region: derivative-by-backward
    let x = Tensor(shape: [points.count], scalars: points).requiringGradient()
    let y = function.apply(x)
    y.sum().backward()  // ∂(Σ f(xᵢ))/∂xᵢ = f′(xᵢ): one backward pass gives every derivative
    let derivative = x.gradient!
    // endregion
    let largestError = zip(points, derivative.scalars).map { abs(function.derivative($0) - $1) }.max()!
    chapter.say("\(function.name): largest |backward − closed form| over [-5, 5] = \(largestError)")
    chapter.metrics.record("\(function.name)_derivative_error", largestError)
    chapter.metrics.record("\(function.name)_derivative_max", derivative.scalars.max()!)
    valueSeries.append(.line(x: points, y: y.scalars, title: function.name))
    derivativeSeries.append(.line(x: points, y: derivative.scalars, title: function.name + "′"))
  }
  try chapter.save(
    Figure(title: "Activation functions (left) and their derivatives from backward() (right)", panels: [
      Panel(title: "f(x)", xLabel: "x", legend: .topLeft, series: valueSeries),
      Panel(title: "f′(x)", xLabel: "x", legend: .topLeft, series: derivativeSeries),
    ]),
    as: "activations", preview: true)
}

/// d/dx [x·Φ(x)] = Φ(x) + x·φ(x), with Φ and φ the standard normal distribution and density.
private func geluDerivative(_ x: Float) -> Float {
  let cumulative: Float = 0.5 * (1 + erf(x / Float(2).squareRoot()))
  let density: Float = exp(-x * x / 2) / (2 * Float.pi).squareRoot()
  return cumulative + x * density
}
