import Autograd
import CourseKit
import Foundation

/// The worked example of the chapter: XOR's four points and a 2-2-1 network
/// at its seeded starting point. Small enough to list every gradient.
struct WorkedExample {
  // region: worked-example
  let x = Matrix(rows: 4, columns: 2, scalars: [0, 0, 0, 1, 1, 0, 1, 1])  // one example per row
  let y = Matrix(rows: 4, columns: 1, scalars: [0, 1, 1, 0])  // XOR of the two inputs
  let network: TwoLayerNetwork

  init(random: RandomGenerator) {
    network = TwoLayerNetwork(inputs: 2, hidden: 2, outputs: 1, scale: 1, random: random)
  }
  // endregion
}

/// The same gradients five ways: derived by hand, by the scalar engine, by
/// the tensor core, by the Swift compiler, and by finite differences.
func gradientComparison(_ chapter: ChapterRun, example: WorkedExample) {
  chapter.section("One gradient, five ways")
  let (network, x, y) = (example.network, example.x, example.y)
  let names = network.parameterNames
  chapter.say("The 2-2-1 network on XOR's four points (tanh hidden layer, sigmoid output), seed \(chapter.seed).")
  chapter.metrics.record("worked_parameters", network.parameters)

  var differences: [(String, MetricValue)] = []
  var tables: [(String, MetricValue)] = []
  for loss in Loss.allCases {
    let pass = network.forward(x)
    let hand = network.gradients(pass, targets: y, loss).flattened

    let (scalarLoss, scalarParameters) = scalarEngineLoss(of: network, x: x, targets: y, loss)
    scalarLoss.backward()
    let scalarEngine = scalarParameters.map(\.grad)
    let nodeCount = scalarLoss.topologicalOrder().count

    let tensorCore = tensorCoreGradients(of: network, x: x, targets: y, loss)
    let swift = swiftDifferentiationGradients(of: network, x: x, targets: y, loss)

    // region: numeric-gradient
    let numeric = centralDifferences(of: { parameters in
      var probe = network
      probe.parameters = parameters
      return probe.loss(at: x, targets: y, loss)
    }, at: network.parameters)
    // endregion

    chapter.say()
    chapter.say("\(loss.rawValue): J = \(String(format: "%.6f", network.loss(pass, targets: y, loss))); the scalar engine's graph has \(nodeCount) nodes")
    chapter.say("  parameter   by hand        scalar engine  tensor core    Swift AD       finite diff.")
    for index in names.indices {
      let row = [hand, scalarEngine, tensorCore, swift, numeric].map { String(format: "%+.6e", $0[index]) }
      chapter.say("  " + names[index].padded(10) + "  " + row.joined(separator: "  "))
    }
    func largestDifference(_ values: [Double]) -> Double { zip(values, hand).map { abs($0 - $1) }.max()! }
    let largest: [(String, Double)] = [
      ("scalar_engine", largestDifference(scalarEngine)), ("tensor_core", largestDifference(tensorCore)),
      ("swift_differentiation", largestDifference(swift)), ("finite_differences", largestDifference(numeric)),
    ]
    chapter.say("  largest |· − by hand|: " + largest.map { "\($0.0) \(String(format: "%.1e", $0.1))" }.joined(separator: ", "))
    differences.append((loss.key, .object(largest.map { ($0.0, .number($0.1)) })))
    tables.append((loss.key, .object([
      ("loss", .number(network.loss(pass, targets: y, loss))), ("scalar_graph_nodes", .integer(nodeCount)),
      ("hand", hand.metricValue), ("scalar_engine", scalarEngine.metricValue), ("tensor_core", tensorCore.metricValue),
      ("swift_differentiation", swift.metricValue), ("finite_differences", numeric.metricValue),
    ])))
  }
  chapter.metrics.record("gradients", MetricValue.object(tables))
  chapter.metrics.record("largest_difference", MetricValue.object(differences))
}
