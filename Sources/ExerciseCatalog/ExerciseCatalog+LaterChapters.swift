// The graded hints of chapters 4 to 9, from a nudge to nearly the answer (see
// ExerciseCatalog+EarlyChapters.swift).

extension ExerciseCatalog {
  static let convolution = chapter("cnn", module: "Convolution", [
    ("convolutionOutputSize", [], [
      "Draw a row of 5 inputs and a 3-wide window: how many places can it sit at? Now pad and stride it.",
      "The windows start at 0, stride, 2·stride, …, and the last start is at most (inputSize + 2·padding) − kernelSize.",
      "return (inputSize + 2 * padding - kernelSize) / stride + 1",
    ]),
    ("naiveConvolution2D", ["convolutionOutputSize"], [
      "Work out the output's size first, with your convolutionOutputSize, once for the height and once for the width.",
      "Output (i, j) reads image[i·stride + u − padding][j·stride + v − padding]; a row or column outside 0..<height or 0..<width is padding and adds 0. Do not flip the kernel.",
      "for i, j over the output, for u, v over the kernel: let (r, c) = (i * stride + u - padding, j * stride + v - padding); "
        + "if r >= 0 && r < height && c >= 0 && c < width { sum += kernel[u][v] * image[r][c] }",
    ]),
    ("maxPoolForward", [], [
      "How many whole windows fit along each axis? Integer division answers it, and drops the leftovers.",
      "The output is (height / size) × (width / size); window (i, j) covers rows i·size ..< (i+1)·size and the same for columns.",
      "(0..<image.count / size).map { i in (0..<image[0].count / size).map { j in "
        + "max over u, v in 0..<size of image[i * size + u][j * size + v] } }",
    ]),
    ("maxPoolBackwardMask", [], [
      "Only one pixel per window influenced the pooled output. Which one, and what about a tie?",
      "Scan each window row by row, left to right, and replace the best only when a value is strictly greater: then the first maximum wins a tie.",
      "var gradient = image.map { [Double](repeating: 0, count: $0.count) }; for each window (i, j) find its first maximum (r, c); "
        + "gradient[r][c] += outputGradient[i][j]",
    ]),
    ("im2colSingleChannel", [], [
      "Each row of the result is one window, flattened. How many windows does a stride-1, unpadded kernel have?",
      "There are (height − kernelSize + 1) × (width − kernelSize + 1) windows; loop over their top-left corners in reading order.",
      "for i in 0...(height - k) { for j in 0...(width - k) { rows.append((0..<k).flatMap { u in (0..<k).map { v in image[i + u][j + v] } }) } }",
    ]),
  ])

  static let generalization = chapter("generalization", module: "Generalization", [
    ("stratifiedHeldOut", [], [
      "Which images belong to each class? Collect their positions, class by class, in the order they appear.",
      "Each class gives up its first round(fraction × its count) positions; gather them all and sort the result.",
      "group positions by label; for each group take members.prefix(Int((Double(members.count) * fraction).rounded())); "
        + "return the union, sorted",
    ]),
    ("invertedDropout", [], [
      "Evaluation is the easy half: what does a dropout layer do to its input when the network is not training?",
      "While training, a kept element is divided by 1 − rate (the share kept), so its expected value stays the value.",
      "guard training else { return values }; return zip(values, keep).map { value, kept in kept ? value / (1 - rate) : 0 }",
    ]),
    ("adamWStep", [], [
      "Three parts, in order: shrink the weight, update the two moments from the gradient, take Adam's step.",
      "The shrinking is p − lr·wd·p and uses no moment; m and v use g alone; the bias corrections divide by 1 − 0.9ᵗ and 1 − 0.999ᵗ.",
      "let p = parameter * (1 - learningRate * weightDecay); m = 0.9·m + 0.1·g; v = 0.999·v + 0.001·g²; "
        + "return [p − lr · (m / (1 − 0.9ᵗ)) / (√(v / (1 − 0.999ᵗ)) + 1e-8), m, v]",
    ]),
    ("earlyStoppingEpochs", [], [
      "Walk through the epochs remembering the best loss so far and when it happened.",
      "A loss improves only if strictly smaller; stop at the first epoch that is patience epochs after the best one. Epochs count from 1.",
      "var best = 0; for e in losses.indices { if losses[e] < losses[best] { best = e }; if e - best >= patience { return [best + 1, e + 1] } }; "
        + "return [best + 1, losses.count]",
    ]),
    ("areaUnderROC", [], [
      "Compare every positive with every negative: in how many pairs does the positive score higher?",
      "A tie adds one half; divide by (positives × negatives), the number of pairs, not by the number of examples.",
      "for each positive p, each negative n: right += s[p] > s[n] ? 1 : (s[p] == s[n] ? 0.5 : 0); return right / pairs",
    ]),
  ])

  static let recurrent = chapter("lstm", module: "Recurrent", [
    ("recurrentStep", [], [
      "x·W multiplies a row vector by a matrix given as rows: each output column j mixes every input i.",
      "Column j of x·W is Σᵢ x[i] · W[i][j] (W's row index follows x); the same for h·U. Add b[j] before tanh, not after.",
      "bias.indices.map { j in tanh(bias[j] + Σᵢ input[i] * inputWeight[i][j] + Σₖ hidden[k] * recurrentWeight[k][j]) }",
    ]),
    ("lstmStep", [], [
      "Compute the whole pre-activation z (4·hidden numbers) once; the four gates are slices of it.",
      "The slices come in the order input, forget, candidate, output: unit j of gate k is z[k·hidden + j]. The candidate uses tanh, the three gates σ.",
      "for j in 0..<hidden: i = σ(z[j]), f = σ(z[hidden + j]), g = tanh(z[2·hidden + j]), o = σ(z[3·hidden + j]); "
        + "c' = f · cell[j] + i · g; h' = o · tanh(c').",
    ]),
    ("sampleIndex", [], [
      "Temperature divides the logits before the softmax; a smaller temperature sharpens the distribution.",
      "Subtract the largest logit, divide by the temperature, exponentiate and normalize; then add up probabilities until the sum exceeds uniform.",
      "var cumulative = 0.0; for (k, w) in weights.enumerated() { cumulative += w / total; if cumulative > uniform { return k } }; "
        + "return logits.count - 1",
    ]),
    ("meanBitsPerCharacter", [], [
      "At each position only one probability matters: the one the model gave to the byte that actually came next.",
      "Take probabilities[n][targets[n]], use −log₂ of it, and average over the positions (divide by their number).",
      "zip(probabilities, targets).reduce(0.0) { $0 - log2($1.0[$1.1]) } / Double(targets.count)",
    ]),
    ("recurrentGradientToStart", [], [
      "∂h_T/∂h_0 is a product of T factors, one per step; each factor needs that step's h_t.",
      "Start from h = 0 and gradient = 1; at each step compute the new h first, then multiply the gradient by u · (1 − h²) with the new h.",
      "var (h, g) = (0.0, 1.0); for x in inputs { h = tanh(inputWeight * x + recurrentWeight * h); g *= recurrentWeight * (1 - h * h) }; return g",
    ]),
  ])

  static let attention = chapter("attention", module: "Attention", [
    ("attentionForOneHead", [], [
      "Work one query row at a time: its scores against the keys, a softmax over them, then a weighted sum of value rows.",
      "Divide the scores by √d_k where d_k is the width of a query row; with causal, query row t sees key rows 0…t only, "
        + "so its softmax runs over t + 1 scores.",
      "let visible = causal ? t + 1 : key.count; scores = key.prefix(visible).map { dot(q, $0) / sqrt(d_k) }; "
        + "weights = softmax(scores - max); output = Σⱼ weights[j] · value[j].",
    ]),
    ("causalSoftmax", [], [
      "Row t is an ordinary softmax of its first t + 1 entries, followed by zeros.",
      "Subtract the largest visible entry before exponentiating, so a large score cannot overflow; the hidden entries must not enter the sum.",
      "scores.enumerated().map { t, row in softmax(Array(row.prefix(t + 1))) + [Double](repeating: 0, count: row.count - t - 1) }",
    ]),
    ("splitIntoAttentionHeads", [], [
      "Each head owns a contiguous block of d_k columns; the rows (time steps) stay in order.",
      "d_k = features / headCount; head h takes columns h·d_k ..< (h+1)·d_k of every row, and the result is indexed [head][time].",
      "(0..<headCount).map { h in x.map { row in Array(row[(h * d) ..< ((h + 1) * d)]) } }",
    ]),
    ("mergeAttentionHeads", [], [
      "Undo exercise 3: for each time step, put the heads' rows side by side.",
      "The output has as many rows as time steps (heads[0].count), each the concatenation over heads in order.",
      "(0..<heads[0].count).map { t in heads.flatMap { $0[t] } }",
    ]),
    ("layerNormForward", [], [
      "Each row is normalized on its own, with its own mean and variance; gamma and beta are per feature.",
      "The variance divides by the number of features (not one less), and ε goes inside the square root.",
      "let mean = row.reduce(0, +) / n; let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n; "
        + "row.indices.map { (row[$0] - mean) / (variance + epsilon).squareRoot() * gamma[$0] + beta[$0] }",
    ]),
  ])

  static let compression = chapter("compression", module: "Compression", [
    ("magnitudeMask", [], [
      "Which weights matter least? The ones closest to zero, whatever their sign.",
      "Sort the positions by |w| (and by position for ties), and set the first round(fraction · count) of them to 0.",
      "let order = weights.indices.sorted { (abs(weights[$0]), $0) < (abs(weights[$1]), $1) }; "
        + "var mask = [Int](repeating: 1, count: weights.count); for i in order.prefix(removed) { mask[i] = 0 }",
    ]),
    ("perChannelScales", [], [
      "An output channel is a column of the matrix: each column gets its own scale.",
      "The scale maps the column's largest magnitude to level 127: max over k of |weights[k][j]|, divided by 127; 1 for a column of zeros.",
      "(0..<weights[0].count).map { j in let m = weights.map { abs($0[j]) }.max()!; return m > 0 ? m / 127 : 1 }",
    ]),
    ("quantizeLevels", [], [
      "A level counts how many scales fit in the value: divide, then round to a whole number.",
      "Round ties to even, as the processor does: `.rounded(.toNearestOrEven)`, not `.rounded()`; clamp after rounding.",
      "values.map { min(max(Int(($0 / scale).rounded(.toNearestOrEven)), lowest), highest) }",
    ]),
    ("int8DotProduct", [], [
      "255 · 127 already needs 15 bits, and a sum of two such products needs 17: what type holds the total?",
      "Widen both bytes to Int32 before multiplying; the weights are signed, so Int32(weight) keeps −100 as −100.",
      "Int(zip(activations, weights).reduce(Int32(0)) { $0 + Int32($1.0) * Int32($1.1) })",
    ]),
    ("requantizedLevel", [], [
      "Turn the sum back into a real number first: what does one unit of the sum stand for?",
      "One unit is s_x · s_w; add the bias (a real number) before dividing by s_y; round ties to even, then clamp to 0…127.",
      "Int(min(max(((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(.toNearestOrEven), 0), 127))",
    ]),
    ("distillationLoss", [], [
      "Two cross-entropies per image: one against the teacher's softened probabilities, one against the label.",
      "Divide both logit rows by T for the soft term only; multiply that term by α · T² and the label term by 1 − α; average over images.",
      "for each row: soft −= Σ softmax(teacher/T)_c · logSoftmax(student/T)_c; hard −= logSoftmax(student)[label]; "
        + "return α · T² · soft / n + (1 − α) · hard / n",
    ]),
  ])

  static let engine = chapter("engine", module: "Engine", [
    ("denseLayerCost", [], [
      "Two numbers: the arithmetic (each multiply-add is two flops, each bias addition one) and the bytes of four tensors.",
      "x·W has batch·inputs·outputs multiply-adds and the bias adds batch·outputs times; x, W, b and y hold "
        + "batch·inputs, inputs·outputs, outputs and batch·outputs floats.",
      "(2 * batch * inputs * outputs + batch * outputs, 4 * (batch * inputs + inputs * outputs + outputs + batch * outputs))",
    ]),
    ("convolutionLayerCost", [], [
      "Find the output's side first: how many places does a kernelSize-wide window have on side pixels?",
      "The output is batch × (side − kernelSize + 1)² × outChannels numbers, each a sum of kernelSize²·inChannels products.",
      "let outputs = batch * o * o * outChannels with o = side - kernelSize + 1; flops = 2 * outputs * k * k * inChannels; "
        + "bytes = 4 * (batch * side * side * inChannels + k * k * inChannels * outChannels + outputs)",
    ]),
    ("tiledMatrixProduct", [], [
      "Start from the plain triple loop, then cut each of its three ranges into tiles.",
      "Accumulate into the result (+=): each inner tile adds its share of a sum. The last tile of a side ends at the side, not at start + tileSize.",
      "for r0 in stride(from: 0, to: n, by: t) { for c0 in … { for k0 in … { for r in r0..<min(r0 + t, n) { for c in … { "
        + "for k in k0..<min(k0 + t, inner) { result[r][c] += a[r][k] * b[k][c] } } } } } }",
    ]),
    ("winogradStep", [], [
      "Compute the four products m₁ … m₄ exactly as the formulas say, then combine them.",
      "m₂ and m₃ multiply by half of a filter sum: (g₀ + g₁ + g₂)/2 and (g₀ − g₁ + g₂)/2. y₁ subtracts both m₃ and m₄.",
      "let m1 = (d[0] - d[2]) * g[0], m2 = (d[1] + d[2]) * (g[0] + g[1] + g[2]) / 2, m3 = (d[2] - d[1]) * (g[0] - g[1] + g[2]) / 2, "
        + "m4 = (d[1] - d[3]) * g[2]; return [m1 + m2 + m3, m2 - m3 - m4]",
    ]),
    ("cachedAttentionStep", [], [
      "The new position is one of the positions it attends to: grow the caches before computing the scores.",
      "Scores q·k / √d for every key in the grown cache, d the query's length; softmax them (largest subtracted); the output is Σ weight·value.",
      "let keys = keys + [newKey], values = values + [newValue]; scores = keys.map { dot(query, $0) / sqrt(d) }; "
        + "weights = softmax(scores); output[i] = Σⱼ weights[j] * values[j][i]; return (output, keys, values)",
    ]),
  ])
}
