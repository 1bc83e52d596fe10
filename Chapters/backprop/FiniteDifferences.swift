/// The gradient of `function` at `point` by central differences: for each
/// coordinate, (f(p + h eᵢ) − f(p − h eᵢ)) / 2h. It needs no calculus, only
/// 2n evaluations, and its error is about h²·f‴/6 plus rounding of f / h:
/// an independent judge of every gradient in this chapter.
// region: finite-differences
func centralDifferences(of function: ([Double]) -> Double, at point: [Double], step h: Double = 1e-6) -> [Double] {
  point.indices.map { i in
    var plus = point
    var minus = point
    plus[i] += h
    minus[i] -= h
    return (function(plus) - function(minus)) / (2 * h)
  }
}
// endregion
