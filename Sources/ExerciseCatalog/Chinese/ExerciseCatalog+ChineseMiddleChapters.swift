// Chapters 4 to 6 in Chinese (see ExerciseCatalog+ChineseEarlyChapters.swift).

extension ExerciseCatalog {
  static let chineseConvolution = chineseChapter("cnn", [
    ("convolutionOutputSize",
     "卷积（或池化）沿一个轴有多少个输出：在 `inputSize` 个输入的两端各填充 `padding` 个 0，每隔 `stride` 个位置放一个宽为 `kernelSize` 的窗口。\n\n"
       + "28 像素的一行，用宽 3 的卷积核、步幅 1、不填充，得到 26 个输出；填充 1 时得到 28 个；步幅 2、填充 1 时得到 14 个。",
     "填充后的一行有 inputSize + 2·padding 个位置，最后一个窗口的起点至少要在末尾之前 kernelSize 个位置；"
       + "数一数 0、stride、2·stride、…… 中有多少个起点放得下（整数除法向下取整）。",
     [
       "画一行 5 个输入和一个宽 3 的窗口：窗口能放在几个位置？再加上填充和步幅试试。",
       "窗口的起点是 0、stride、2·stride、……，最后一个起点最多为 (inputSize + 2·padding) − kernelSize。",
       "return (inputSize + 2 * padding - kernelSize) / stride + 1",
     ]),
    ("naiveConvolution2D",
     "一张图像与一个卷积核的二维卷积，按各个深度学习库的算法计算（实际上是互相关：卷积核不翻转）：\n\n"
       + "    output[i][j] = Σ_u Σ_v kernel[u][v] · image[i·stride + u − padding][j·stride + v − padding]\n\n其中图像之外（填充区域）的位置读作 0。",
     "先算出输出的高和宽（用你的练习 1，每个轴算一次），再写四重循环：i、j 遍历输出，u、v 遍历卷积核；行或列落在图像之外的项跳过。",
     [
       "先用你的 convolutionOutputSize 算出输出的大小：高算一次，宽算一次。",
       "输出 (i, j) 读取 image[i·stride + u − padding][j·stride + v − padding]；行或列不在 0..<height 或 0..<width 之内时属于填充，"
         + "贡献为 0。不要翻转卷积核。",
       "对输出的每个 i、j 和卷积核的每个 u、v：let (r, c) = (i * stride + u - padding, j * stride + v - padding); "
         + "if r >= 0 && r < height && c >= 0 && c < width { sum += kernel[u][v] * image[r][c] }",
     ]),
    ("maxPoolForward",
     "最大池化：取每个 `size`×`size` 窗口中的最大值，窗口紧挨着排列（步幅 = size），不填充；底部或右侧剩下的、不够一个窗口的行或列直接丢弃。\n\n"
       + "[[1, 3], [4, 2]] 用 size 2 池化得到 [[4]]；5×5 的图像用 size 2 池化得到 2×2。",
     "output[i][j] 是 u、v 取遍 0..<size 时 image[i·size + u][j·size + v] 的最大值。",
     [
       "每个轴上能放下几个完整的窗口？整数除法给出答案，并且丢掉了余下的部分。",
       "输出是 (height / size) × (width / size)；窗口 (i, j) 覆盖第 i·size ..< (i+1)·size 行，列也一样。",
       "(0..<image.count / size).map { i in (0..<image[0].count / size).map { j in "
         + "u、v 取遍 0..<size 时 image[i * size + u][j * size + v] 的最大值 } }",
     ]),
    ("maxPoolBackwardMask",
     "最大池化的反向传播：已知损失对每个池化输出的梯度，求它对每个输入像素的梯度。\n\n"
       + "每个输出是它所在窗口的最大值，所以只有胜出的那个像素影响了它：这个像素得到输出的梯度，窗口中其他像素得到 0。"
       + "窗口中两个像素并列最大时，按阅读顺序（逐行、从左到右）排在前面的胜出。不属于任何窗口的像素得到 0。",
     "从与图像同样大小的全零数组开始；对每个窗口，按阅读顺序扫描并用严格的 `>` 找出最大值所在的 (行, 列)，在那里加上 outputGradient[i][j]。",
     [
       "每个窗口只有一个像素影响了池化输出。是哪一个？并列时又怎么办？",
       "逐行、从左到右扫描每个窗口，只有值严格更大时才替换当前最大值：这样并列时第一个最大值胜出。",
       "var gradient = image.map { [Double](repeating: 0, count: $0.count) }；对每个窗口 (i, j) 找出它的第一个最大值 (r, c)；"
         + "gradient[r][c] += outputGradient[i][j]",
     ]),
    ("im2colSingleChannel",
     "单通道的 im2col：对步幅为 1、不填充、卷积核为 kernelSize×kernelSize 的卷积构造一个矩阵，输出的每个像素对应一行，"
       + "各行按输出的阅读顺序排列，每行是对应窗口中的像素，也按阅读顺序排列。\n\n"
       + "对像素为 1 … 16（逐行排列）的 4×4 图像和 kernelSize 3，它有 4 行，第一行是 [1, 2, 3, 5, 6, 7, 9, 10, 11]。"
       + "把它乘以逐行展平的卷积核就得到卷积，每行一个输出。",
     "对每个输出 (i, j)，这一行是 image[i + u][j + v]，u 取遍 0..<kernelSize（外层），v 取遍 0..<kernelSize（内层）。",
     [
       "结果的每一行是一个展平的窗口。步幅为 1、不填充时，卷积核有多少个窗口位置？",
       "一共有 (height − kernelSize + 1) × (width − kernelSize + 1) 个窗口；按阅读顺序遍历它们的左上角。",
       "for i in 0...(height - k) { for j in 0...(width - k) { rows.append((0..<k).flatMap { u in (0..<k).map { v in image[i + u][j + v] } }) } }",
     ]),
  ])

  static let chineseGeneralization = chineseChapter("generalization", [
    ("stratifiedHeldOut",
     "保持每个类别比例的验证集划分：从每个类别中，按出现顺序留出它的前 round(fraction × 该类别的图像数) 张图像"
       + "（用 `.rounded()`，它把正好一半的值舍入到远离 0 的方向）。\n\n"
       + "标签 [0, 0, 1, 0, 1, 1, 1, 0]、fraction 为 0.5 时：类别 0 位于 0、1、3、7，留出 0、1；类别 1 位于 2、4、5、6，留出 2、4；结果是 [0, 1, 2, 4]。",
     "先按标签把位置分组；再取每组的一个前缀，把它们合在一起按升序排序后返回。",
     [
       "每个类别有哪些图像？按类别、按出现顺序收集它们的位置。",
       "每个类别交出它的前 round(fraction × 该类别的数量) 个位置；把它们全部收集起来并排序。",
       "按标签给位置分组；每组取 members.prefix(Int((Double(members.count) * fraction).rounded()))；返回它们的并集，排好序",
     ]),
    ("invertedDropout",
     "用给定的掩码对一层的激活值做倒置 Dropout（inverted dropout，即暂退法），`keep[i]` 为 false 表示丢弃元素 i。训练时，被丢弃的元素变为 0，"
       + "保留的元素除以 1 − rate，这样每个元素的期望值保持不变；评估时这一层就是恒等映射。\n\n"
       + "[2, 4, 6]、keep 为 [true, false, true]、rate 为 0.5，训练时得到 [4, 0, 12]；同样的输入在评估时得到 [2, 4, 6]。",
     "缩放只在训练时进行，这就是“倒置”的含义：测试时的网络完全不需要改动。",
     [
       "评估是容易的那一半：网络不在训练时，Dropout 层对它的输入做什么？",
       "训练时，保留的元素除以 1 − rate（保留的比例），因此它的期望值仍等于原值。",
       "guard training else { return values }; return zip(values, keep).map { value, kept in kept ? value / (1 - rate) : 0 }",
     ]),
    ("adamWStep",
     "对梯度为 g 的一个权重 p，在第 t 步（从 1 开始计数）执行一步 AdamW，β₁ = 0.9，β₂ = 0.999，ε = 1e-8：\n\n"
       + "    p ← p − lr · wd · p                      （解耦的权重衰减，最先进行）\n"
       + "    m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²\n    p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)\n\n"
       + "返回这一步之后的 [p, m, v]。衰减从不进入 m 或 v：这正是它与带 L2 惩罚的 Adam 的区别，后者把 wd·p 加到 g 上。",
     "先缩小 p，再只用 g 更新两个矩，最后从缩小后的 p 出发走 Adam 的一步。",
     [
       "按顺序分三部分：缩小权重，用梯度更新两个矩，走 Adam 的一步。",
       "缩小就是 p − lr·wd·p，不涉及矩；m 和 v 只用 g；偏差修正分别除以 1 − 0.9ᵗ 和 1 − 0.999ᵗ。",
       "let p = parameter * (1 - learningRate * weightDecay); m = 0.9·m + 0.1·g; v = 0.999·v + 0.001·g²; "
         + "return [p − lr · (m / (1 − 0.9ᵗ)) / (√(v / (1 − 0.999ᵗ)) + 1e-8), m, v]",
     ]),
    ("earlyStoppingEpochs",
     "带耐心值的提前停止：已知每轮之后的验证损失（第 1 轮在前），一旦某一轮距迄今最佳损失所在的那一轮已经过去 `patience` 轮，就在这一轮结束后停止训练"
       + "（损失相等不算改进），并保留最佳那一轮的权重。返回 [保留的轮次, 最后训练的轮次]，都从 1 开始计数；"
       + "如果没有停止，最后训练的轮次就是给出的最后一轮。\n\n"
       + "损失 [1.0, 0.8, 0.9, 0.85, 0.95, 0.7]、patience 为 3 时：最佳是第 2 轮，第 5 轮比它晚 3 轮：[2, 5]。",
     "记住迄今最佳损失的下标；每一轮先更新它（只在严格更小时更新），再看与它的距离是否已达到 patience，达到就停止。",
     [
       "逐轮走一遍，记住迄今最佳的损失以及它出现在哪一轮。",
       "损失只有严格更小才算改进；一旦距最佳的那一轮已过去 patience 轮，就在这一轮停止。轮次从 1 开始计数。",
       "var best = 0; for e in losses.indices { if losses[e] < losses[best] { best = e }; if e - best >= patience { return [best + 1, e + 1] } }; "
         + "return [best + 1, losses.count]",
     ]),
    ("areaUnderROC",
     "对一个是非问题（`isPositive`），求 `scores` 的 ROC 曲线下面积（AUC），按它的含义计算：在所有（正例，负例）对中，"
       + "正例得分更高的比例，并列算一半。\n\n"
       + "得分 [0.9, 0.4, 0.4, 0.1]、对应 [true, true, false, false]：四个对中有三个排序正确，一个并列，所以是 3.5 / 4 = 0.875。",
     "两重循环，一重遍历正例，一重遍历负例；对的个数是（正例数）×（负例数）。",
     [
       "把每个正例和每个负例比较：有多少对中正例得分更高？",
       "并列加一半；除以对的个数（正例数 × 负例数），而不是样本数。",
       "对每个正例 p、每个负例 n：right += s[p] > s[n] ? 1 : (s[p] == s[n] ? 0.5 : 0); return right / pairs",
     ]),
  ])

  static let chineseRecurrent = chineseChapter("lstm", [
    ("recurrentStep",
     "普通循环层的一步：\n\n    h' = tanh(x·W + h·U + b)\n\n"
       + "其中 x 是输入（[input]），h 是上一步的隐藏状态（[hidden]），W 为 [input][hidden]，U 为 [hidden][hidden]，b 为 [hidden]。返回 h'。",
     "对每个输出单元 j，把 b[j]、Σᵢ x[i]·W[i][j] 和 Σₖ h[k]·U[k][j] 相加，再对和取 Foundation 的 `tanh`。",
     [
       "x·W 是行向量乘以按行给出的矩阵：每个输出列 j 混合了所有输入 i。",
       "x·W 的第 j 列是 Σᵢ x[i] · W[i][j]（W 的行下标跟着 x 走）；h·U 也一样。b[j] 在 tanh 之前加，而不是之后。",
       "bias.indices.map { j in tanh(bias[j] + Σᵢ input[i] * inputWeight[i][j] + Σₖ hidden[k] * recurrentWeight[k][j]) }",
     ]),
    ("lstmStep",
     "LSTM 细胞的一步。z = x·W + h·U + b 是 4·hidden 个数的向量，分成四段，每段 `hidden` 个，依次对应输入门、遗忘门、候选值、输出门：\n\n"
       + "    i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)\n    c' = f ⊙ c + i ⊙ g\n    h' = o ⊙ tanh(c')\n\n"
       + "W 为 [input][4·hidden]，U 为 [hidden][4·hidden]，b 为 [4·hidden]；σ 是 sigmoid 函数，⊙ 表示逐元素相乘。"
       + "返回 (h', c')，即新的隐藏状态和细胞状态。",
     "先算出整个 z（和练习 1 一样，只是有 4·hidden 列，且不取 tanh）；第 k 个门的单元 j 是 z[k·hidden + j]。",
     [
       "把激活之前的整个 z（4·hidden 个数）算一次；四个门都是它的切片。",
       "切片的顺序是输入门、遗忘门、候选值、输出门：第 k 个门的单元 j 是 z[k·hidden + j]。候选值用 tanh，三个门用 σ。",
       "对 j in 0..<hidden：i = σ(z[j])，f = σ(z[hidden + j])，g = tanh(z[2·hidden + j])，o = σ(z[3·hidden + j])；"
         + "c' = f · cell[j] + i · g；h' = o · tanh(c')。",
     ]),
    ("sampleIndex",
     "带温度的采样。用 [0, 1) 中的均匀随机数 `uniform`，按逆变换采样从分布 p = softmax(logits / temperature) 中抽取一个词元："
       + "返回使 p[0] + … + p[k] > uniform 的最小 k（如果舍入误差使这样的 k 不存在，就返回最后一个词元）。温度大于 0。",
     "除以温度并取指数之前，先减去最大的 logit（它在归一化时会被约掉，而且 exp 不会上溢）；然后沿着累积和往前走。",
     [
       "softmax 之前，logits 要先除以温度；温度越小，分布越尖锐。",
       "减去最大的 logit，除以温度，取指数并归一化；然后逐个累加概率，直到和超过 uniform。",
       "var cumulative = 0.0; for (k, w) in weights.enumerated() { cumulative += w / total; if cumulative > uniform { return k } }; "
         + "return logits.count - 1",
     ]),
    ("meanBitsPerCharacter",
     "每字符比特数（bpc）：在文本的所有位置上，对模型给实际下一个字节的概率取 −log₂，再求平均。"
       + "`probabilities[n]` 是模型在位置 n 的分布，`targets[n]` 是紧随其后的那个字节的下标。\n\n"
       + "在 114 个字节中均匀猜测的模型得分为 log₂ 114 ≈ 6.83 比特。",
     "−log₂ p = −ln p / ln 2；Foundation 提供了 `log2`。",
     [
       "每个位置只有一个概率要紧：模型给实际出现的下一个字节的那个概率。",
       "取 probabilities[n][targets[n]]，求它的 −log₂，再对所有位置求平均（除以位置数）。",
       "zip(probabilities, targets).reduce(0.0) { $0 - log2($1.0[$1.1]) } / Double(targets.count)",
     ]),
    ("recurrentGradientToStart",
     "一个单元上的梯度消失。对标量递推 h_t = tanh(w·x_t + u·h_{t-1})，从 h_0 = 0 出发、输入为 `inputs` x_1 … x_T，"
       + "返回 ∂h_T/∂h_0：第一个状态每变化一个单位，最后一个状态变化多少。",
     "链式法则给出一个乘积，每步一个因子 ∂h_t/∂h_{t-1} = u · (1 − h_t²)；向前运行递推，边走边把因子乘起来。",
     [
       "∂h_T/∂h_0 是 T 个因子的乘积，每步一个；每个因子都要用到那一步的 h_t。",
       "从 h = 0、梯度 = 1 开始；每一步先算出新的 h，再用新的 h 把梯度乘以 u · (1 − h²)。",
       "var (h, g) = (0.0, 1.0); for x in inputs { h = tanh(inputWeight * x + recurrentWeight * h); g *= recurrentWeight * (1 - h * h) }; return g",
     ]),
  ])
}
