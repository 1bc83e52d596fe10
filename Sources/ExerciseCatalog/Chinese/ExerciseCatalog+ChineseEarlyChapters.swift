// Chapters 1 to 3 in Chinese: each stub's task and hint (its doc comment, in
// English in Exercises/) and the graded hints of ExerciseCatalog+EarlyChapters.swift,
// in the same order. Code and identifiers stay as they are; a test fails when a
// translation is missing or drops a `backticked` or camelCase name the English has.

extension ExerciseCatalog {
  static let chineseNeurons = chineseChapter("neurons", [
    ("sigmoid",
     "sigmoid 函数（即逻辑函数）：σ(z) = 1 / (1 + e^(−z))。\n\n对任意 z，结果都必须有限且正确：σ(1000) 为 1，σ(−1000) 为 0，计算过程中不能出现 NaN。",
     "Foundation 的 `exp(-z)` 就是 e^(−z)。z = −1000 时它上溢为 +∞，而 1 / (1 + ∞) 恰好是 0，所以照原样写的公式成立；无论改写成哪种形式，都要保住这一点。",
     [
       "在纸上用 z = −1000 试一试你的公式：exp(1000) 在 Double 里得到什么？1 / (1 + 它) 又是多少？",
       "上溢为 +∞ 在这里无害（1 / ∞ 为 0），NaN 却不行。NaN 来自 ∞/∞ 或 0·∞，所以每改写成一种形式都要检查一遍。",
       "两种安全的形式：z ≥ 0 时用 1 / (1 + exp(-z))，z < 0 时用 exp(z) / (1 + exp(z))（后者让 σ(−800) ≈ e^(−800)，而不是 0）。",
     ]),
    ("sigmoidDerivative",
     "sigmoid 函数在 z 处的导数 dσ/dz。",
     "对 1 / (1 + e^(−z)) 求导，再把结果用 σ(z) 本身表示出来。",
     [
       "用商的求导法则对 1 / (1 + e^(−z)) 求导，然后在结果里找出 σ(z)。",
       "导数是 e^(−z) / (1 + e^(−z))²，也就是 σ(z) · (1 − σ(z))。用你写的 sigmoid 来算，z = ±1000 时结果仍然有限。",
       "let s = sigmoid(z); return s * (1 - s)",
     ]),
    ("neuronOutput",
     "一个神经元的输出：σ(w · x + b)，其中 w · x = Σᵢ wᵢ xᵢ。\n\n- 参数：\n  - inputs：x，每个输入一个值。\n  - weights：w，每个输入一个权重（个数与 `inputs` 相同）。\n  - bias：b，偏置。",
     "先算加权和 z（用 zip 把两个数组配对），再用你的 `sigmoid` 把它压缩到 0 和 1 之间。",
     [
       "神经元做两件事：先求加权和，再经过一个压缩函数。哪个练习已经实现了压缩？",
       "z = bias + Σᵢ weights[i] · inputs[i]；zip(inputs, weights) 不用下标就能把两个数组配对。",
       "sigmoid(zip(inputs, weights).reduce(bias) { $0 + $1.0 * $1.1 })",
     ]),
    ("binaryCrossEntropy",
     "预测概率 p 相对于标签 y（每个为 0 或 1）的二元交叉熵：L = −(1/m) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)]。",
     "两项都在求和号里面，负号同时作用于两项；文章 000 把括号放错了位置。",
     [
       "拿一个标签为 0 的样本检查你的公式：损失必须是 −log(1 − p)，不能涉及 log p。",
       "求和号里面是 y·log(p) + (1 − y)·log(1 − p)；外面是一个负号，再除以样本数 m。",
       "在 zip(probabilities, labels) 上对 y * log(p) + (1 - y) * log(1 - p) 求和，然后返回 -sum / Double(probabilities.count)。",
     ]),
    ("gradientDescentStep",
     "用二元交叉熵在一批样本上训练单个 sigmoid 神经元时，梯度下降的一步。\n\n对 p = σ(w · x + b)，平均损失的梯度为\n∂L/∂w = (1/m) Σᵢ (pᵢ − yᵢ) xᵢ，∂L/∂b = (1/m) Σᵢ (pᵢ − yᵢ)。\n"
       + "按 w ← w − η ∂L/∂w、b ← b − η ∂L/∂b 更新后，返回新的权重和偏置。",
     "先用*当前*的权重算出所有 pᵢ，然后才能修改其中任何一个。",
     [
       "这一步分两个阶段：先用旧权重算出所有预测，再更新。两者混在一起，答案就变了。",
       "你的 neuronOutput 给出 pᵢ；样本 i 的误差是 pᵢ − yᵢ，∂L/∂wⱼ 是 errorᵢ · xᵢⱼ 对 i 的平均。",
       "let errors = zip(inputs, labels).map { x, y in neuronOutput(inputs: x, weights: weights, bias: bias) - y }；"
         + "然后对每个 j 计算 wⱼ − η · Σᵢ errors[i] · inputs[i][j] / m，偏置为 b − η · Σᵢ errors[i] / m。",
     ]),
  ])

  static let chineseBackprop = chineseChapter("backprop", [
    ("multiplyBackward",
     "标量自动微分引擎中乘法节点 c = a·b 的反向步骤：给定 ∂L/∂c（`outputGradient`），返回 ∂L/∂a 和 ∂L/∂b。",
     "局部导数是 ∂c/∂a = b 和 ∂c/∂b = a；链式法则把它们各自乘以 ∂L/∂c。",
     [
       "把 a 轻推一个小量 ε，c = a·b 会变化多少？这就是 ∂c/∂a。",
       "链式法则：∂L/∂a = ∂L/∂c · ∂c/∂a。每个输入的梯度用到的是*另一个*输入。",
       "return (a: b * outputGradient, b: a * outputGradient)",
     ]),
    ("tanhBackward",
     "tanh 节点 t = tanh(x) 的反向步骤：给定 x 和 ∂L/∂t（`outputGradient`），返回 ∂L/∂x。|x| 很大时结果也必须有限。",
     "tanh′(x) = 1 − tanh²(x)；tanh(x) 只算一次并重复使用（不要用 cosh，它会上溢）。",
     [
       "tanh 的导数可以用 tanh 本身来写；x = 1000 时哪种形式仍然有限？",
       "|x| > 710 时 cosh(x) 上溢为 ∞，所以 1 / cosh² 得到 0 只是碰巧，换成别的形式就会得到 NaN；1 − tanh² 永远不会上溢。",
       "let t = tanh(x); return (1 - t * t) * outputGradient",
     ]),
    ("topologicalOrder",
     "反向传播访问计算图时可以采用的顺序。\n\n节点 `i` 的输入是 `inputs[i]`（节点编号）。返回 `root` 依赖的所有节点（包括 `root` 本身），"
       + "每个恰好出现一次，每个节点都排在它的全部输入之后，`root` 排在最后。`root` 不依赖的节点不能出现。（反向传播从这个列表的末尾往前走。）",
     "用深度优先搜索，访问完一个节点的全部输入后再把它追加进列表；用一个集合记住访问过的节点，因为被用到两次的节点也只能出现一次。",
     [
       "一个节点出现之前，它的所有输入都必须已经出现。哪种图遍历会先处理完一个节点的输入？",
       "从 root 开始深度优先搜索：先访问节点的每个输入，再追加这个节点。用一个已访问集合，避免被用到两次的节点出现两次。",
       "var order: [Int] = []; var visited = Set<Int>(); func visit(_ n: Int) { guard visited.insert(n).inserted else { return }; "
         + "for i in inputs[n] { visit(i) }; order.append(n) }; visit(root); return order",
     ]),
    ("hiddenLayerDeltas",
     "tanh 隐藏层误差项（delta）递推的一步。\n\n已知 a₁ = tanh(z₁)（`hiddenOutputs`，[m][hidden]）、z₂ = a₁ W₂ + b₂（`outgoingWeights` 即 W₂，[hidden][outputs]）"
       + "和 δ₂ = ∂J/∂z₂（`outputDeltas`，[m][outputs]），返回形状为 [m][hidden] 的 δ₁ = ∂J/∂z₁ = (δ₂ W₂ᵀ) ⊙ (1 − a₁²)。",
     "对样本 i 和隐藏单元 j，δ₁[i][j] = (Σₖ δ₂[i][k] W₂[j][k]) · (1 − a₁[i][j]²)。",
     [
       "隐藏单元的误差项汇集它向前送出的一切：它连到的每个输出，按连接它们的权重加权。",
       "用 W₂[j][k]（行：隐藏单元 j，列：输出 k），而不是 W₂[k][j]；然后乘以同一单元上 tanh 的导数 1 − a₁²。",
       "对每个样本 i 和隐藏单元 j：(Σₖ outputDeltas[i][k] * outgoingWeights[j][k]) * (1 - hiddenOutputs[i][j] * hiddenOutputs[i][j])。",
     ]),
    ("layerWeightGradient",
     "由一层的输入和它的误差项求这一层的权重梯度。\n\n这一层对一批输入 `layerInputs`（a，[m][n]）计算 z = a W + b；给定 δ = ∂J/∂z（`deltas`，[m][k]），"
       + "返回形状为 [n][k] 的 ∂J/∂W = aᵀ δ，即每个样本的外积在整批上求和。",
     "∂J/∂W[j][k] = Σᵢ a[i][j] · δ[i][k]。文章 002（前两份副本）在每一层都把网络的输入 x 放在这里；正确的因子是*这一层*的输入。",
     [
       "权重 W[j][k] 连接输入 j 和输出 k；它的梯度只涉及这两个量，并在整批上求和。",
       "结果是 [n][k]（输入 × 输出）：从这个形状的全零矩阵开始，每个样本加上一个外积。",
       "for (a, d) in zip(layerInputs, deltas) { for j in 0..<n { for c in 0..<k { gradient[j][c] += a[j] * d[c] } } }",
     ]),
    ("centralDifferenceGradient",
     "有限差分梯度检验器：用中心差分求 `function` 在 `point` 处的梯度，∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h，一次一个坐标。",
     "复制这个点，只把坐标 i 分别移动 +h 和 −h，再把差除以 2h（用中心差分而不是前向差分：它的误差按 h² 而不是按 h 缩小）。",
     [
       "每个坐标需要一个数，它来自对 function 的两次调用：只移动这个坐标，其余保持不变。",
       "Swift 的数组是值类型：var plus = point 会复制它，所以修改 plus[i] 不会改变 point。分别移动 +step 和 −step。",
       "point.indices.map { i in var plus = point; var minus = point; plus[i] += step; minus[i] -= step; "
         + "return (function(plus) - function(minus)) / (2 * step) }",
     ]),
  ])

  static let chineseCrossEntropy = chineseChapter("cross-entropy", [
    ("stableLogSoftmax",
     "数值稳定地计算 logits 向量 z 的 log-softmax：对每个 k，log pₖ = zₖ − log Σⱼ e^(zⱼ)。\n\n"
       + "无论 logits 多大，结果都必须有限且正确：[1000, 0] 得到 [0, −1000]，[−1000, −1001] 约得到 [−0.3133, −1.3133]，"
       + "过程中不能出现 NaN 或无穷大（e^1000 会让 Double 上溢，e^(−1000) 会下溢为 0）。",
     "先减去最大的 logit m：log Σⱼ e^(zⱼ) = m + log Σⱼ e^(zⱼ − m)，这个和中最大的一项是 e⁰ = 1。",
     [
       "给每个 logit 加上同一个常数不会改变 softmax。哪个常数能让每个指数都不超过 1？",
       "先算 m = logits.max()!，再算 logSum = m + log(Σⱼ exp(zⱼ − m))；永远不要单独计算 exp(zⱼ)。",
       "let m = logits.max()!; let logTotal = m + log(logits.reduce(0) { $0 + exp($1 - m) }); return logits.map { $0 - logTotal }",
     ]),
    ("softmaxCrossEntropy",
     "一个样本的交叉熵及其对 logits 的梯度：loss = −log softmax(z)[target]，∂loss/∂zₖ = pₖ − yₖ，其中 p = softmax(z)，"
       + "y 是独热编码：在 `target` 处为 1，其余为 0。\n\n对极端的 logits 两者也都必须正确：z = [1000, 0]、target 为 1 时，损失为 1000，梯度为 [1, −1]。",
     "从你的 `stableLogSoftmax` 出发：损失是它某一项的相反数，对数概率取 exp 就是概率 pₖ。",
     [
       "损失和梯度都来自对数概率；稳定地算一次就够了。",
       "loss = −logProbabilities[target]；pₖ = exp(logProbabilities[k])；只在 target 处给梯度减去 1。",
       "let lp = stableLogSoftmax(logits); return (-lp[target], lp.indices.map { exp(lp[$0]) - ($0 == target ? 1 : 0) })",
     ]),
    ("confusionMatrix",
     "分类器的混淆矩阵：`counts[t][p]` 是真实类别为 t、被预测为类别 p 的样本数。\n\n- 参数：\n"
       + "  - predictions：每个样本的预测类别，取值在 `0..<classCount` 中。\n  - labels：每个样本的真实类别（个数与 `predictions` 相同）。\n"
       + "  - classCount：类别数；矩阵大小为 classCount × classCount。",
     "从全零矩阵开始，每个样本给一个格子加 1；行是真实类别。",
     [
       "每个样本恰好加一次计数；问题在于加到哪一行、哪一列。",
       "行是真实类别（labels），列是预测类别：counts[label][prediction] += 1。下标写反了，总数仍然对，但对角线两侧的格子会出错。",
       "var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount); "
         + "for (p, t) in zip(predictions, labels) { counts[t][p] += 1 }; return counts",
     ]),
    ("classificationScores",
     "由混淆矩阵 C（行：真实类别，列：预测类别）求准确率，以及每个类别的精确率、召回率和 F1 分数。\n\n"
       + "- accuracy = Σₖ C[k][k] / Σ C（所有格子之和）\n- precisionₖ = C[k][k] / Σₜ C[t][k]（被预测为 k 的样本中真正属于 k 的比例）\n"
       + "- recallₖ = C[k][k] / Σₚ C[k][p]（类别 k 的样本中被预测为 k 的比例）\n- F1ₖ = 2·precisionₖ·recallₖ / (precisionₖ + recallₖ)\n\n"
       + "分母为 0 的比值（某个类别从未被预测到，或从未出现）记为 0；precision + recall 为 0 时 F1 也记为 0：不能出现 NaN。",
     "精确率读一列，召回率读一行；每次除法都要防止分母为 0。",
     [
       "写下每个分数的分子和分母各是哪些格子：对角线比全部格子，对角元比它所在的列，对角元比它所在的行。",
       "precisionₖ 用 C[k][k] 除以第 k 列之和，recallₖ 除以第 k 行之和。从未被预测到的类别那一列全为 0：返回 0，而不是 NaN。",
       "func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }; "
         + "f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)。",
     ]),
    ("adamStep",
     "Adam（Kingma & Ba 2015）的一步，β₁ = 0.9，β₂ = 0.999，ε = 1e-8，参数为 w，梯度为 g，当前为第 s 步（符号与本章相同）：\n\n"
       + "    mₛ = β₁·mₛ₋₁ + (1 − β₁)·g\n    vₛ = β₂·vₛ₋₁ + (1 − β₂)·g²\n    m̂ₛ = mₛ / (1 − β₁ˢ),  v̂ₛ = vₛ / (1 − β₂ˢ)\n"
       + "    w ← w − lr · m̂ₛ / (√v̂ₛ + ε)\n\n- 参数：\n  - parameters：这一步之前的 w。\n  - gradients：g，每个参数一个。\n"
       + "  - firstMoment：mₛ₋₁，这一步之前的 m（第一步之前全为 0）。\n  - secondMoment：vₛ₋₁，这一步之前的 v（第一步之前全为 0）。\n"
       + "  - step：s，第一步为 1。\n  - learningRate：lr，学习率。\n- 返回：这一步之后的 w、mₛ 和 vₛ。",
     "先更新 m 和 v，再用步数 s 修正它们的偏差；第一步时，无论梯度多大，每个参数移动的距离都几乎恰好是 lr。",
     [
       "Adam 为每个参数维护两个滑动平均，并在使用前修正它们从 0 开始带来的偏差。",
       "偏差修正分别除以 1 − β₁ˢ 和 1 − β₂ˢ，其中 s = step（pow(0.9, Double(step))）；ε 在开平方之后再加。",
       "m = β₁·m + (1 − β₁)·g；v = β₂·v + (1 − β₂)·g²；w − lr · (m / (1 − β₁ˢ)) / ((v / (1 − β₂ˢ)).squareRoot() + ε)，"
         + "都逐元素计算；返回新的 w、m 和 v。",
     ]),
  ])
}
