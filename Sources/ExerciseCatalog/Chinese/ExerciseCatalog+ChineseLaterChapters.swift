// Chapters 7 to 9 in Chinese (see ExerciseCatalog+ChineseEarlyChapters.swift).

extension ExerciseCatalog {
  static let chineseAttention = chineseChapter("attention", [
    ("attentionForOneHead",
     "单个头的缩放点积注意力：\n\n    Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V\n\n"
       + "其中 Q 为 [n, d_k]（每行一个查询），K 为 [m, d_k]，V 为 [m, d_v]，softmax 沿 [n, m] 分数矩阵的每一行计算。"
       + "设置 `causal` 时，查询行 t 只能关注键行 0…t（此时 n = m），其余的权重为 0。\n\n"
       + "文章 003 的例子 Q = [[1, 2]]、K = [[3, 4]]、V = [[5, 6]] 得到 [[5, 6]]。",
     "对每个查询行，算出它与每个（可见的）键行的分数，除以 √d_k，取指数前减去最大值，再除以总和；输出行是 Σ_j weight_j · V[j]。",
     [
       "一次处理一个查询行：先算它对各个键的分数，对分数做 softmax，再对值行加权求和。",
       "分数除以 √d_k，d_k 是查询行的宽度；设置 causal 时，查询行 t 只看得到键行 0…t，所以它的 softmax 只在 t + 1 个分数上计算。",
       "let visible = causal ? t + 1 : key.count; scores = key.prefix(visible).map { dot(q, $0) / sqrt(d_k) }; "
         + "weights = softmax(scores - max); output = Σⱼ weights[j] · value[j]。",
     ]),
    ("causalSoftmax",
     "方形分数矩阵的因果 softmax：第 t 行是 scores[t][0…t] 的 softmax，t 之后的元素恰好为 0。\n\n[[1, 5], [2, 2]] 得到 [[1, 0], [0.5, 0.5]]。",
     "这相当于在普通 softmax 之前用掩码给对角线以上加上 −∞，因为 e^(−∞) = 0；你也可以直接跳过这些元素。",
     [
       "第 t 行是它前 t + 1 个元素的普通 softmax，后面跟着若干个 0。",
       "取指数之前减去可见元素中的最大值，这样大的分数也不会上溢；被遮住的元素不能进入求和。",
       "scores.enumerated().map { t, row in softmax(Array(row.prefix(t + 1))) + [Double](repeating: 0, count: row.count - t - 1) }",
     ]),
    ("splitIntoAttentionHeads",
     "把一个序列的 [time, features] 各行拆成 `headCount` 个头：第 h 个头取每一行的第 h·d_k ..< (h+1)·d_k 列，"
       + "其中 d_k = features / headCount。结果按 [head][time][column] 索引。\n\n[[1, 2, 3, 4]] 拆成 2 个头得到 [[[1, 2]], [[3, 4]]]。",
     "heads[h][t][c] = x[t][h·d_k + c]。",
     [
       "每个头拥有连续的 d_k 列；各行（时间步）保持原来的顺序。",
       "d_k = features / headCount；第 h 个头取每一行的第 h·d_k ..< (h+1)·d_k 列，结果按 [head][time] 索引。",
       "(0..<headCount).map { h in x.map { row in Array(row[(h * d) ..< ((h + 1) * d)]) } }",
     ]),
    ("mergeAttentionHeads",
     "练习 3 的逆运算：把各个头的输出 [head][time][d_k] 重新并排拼接成 [time][heads·d_k]。\n\n[[[1, 2]], [[3, 4]]] 得到 [[1, 2, 3, 4]]。",
     "第 t 行是 heads[0][t]、heads[1][t]、…… 的拼接。",
     [
       "撤销练习 3：对每个时间步，把各个头的行并排放在一起。",
       "输出的行数等于时间步数（heads[0].count），每一行是各个头按顺序的拼接。",
       "(0..<heads[0].count).map { t in heads.flatMap { $0[t] } }",
     ]),
    ("layerNormForward",
     "对每一行做层归一化：减去该行的均值，除以 √(variance + ε)，这里用有偏方差（除以特征数，而不是特征数减一），"
       + "然后逐个特征乘以 `gamma` 再加上 `beta`：\n\n    y[t][i] = (x[t][i] − mean_t) / √(var_t + ε) · gamma[i] + beta[i]\n\n"
       + "[[1, 2, 3, 4]] 在 gamma 全为 1、beta 全为 0、ε = 0 时约得到 [[−1.342, −0.447, 0.447, 1.342]]。",
     "每行遍历两遍：先求均值，再求与均值之差的平方的均值。",
     [
       "每一行单独归一化，用它自己的均值和方差；gamma 和 beta 按特征给出。",
       "方差除以特征数（而不是特征数减一），ε 加在平方根里面。",
       "let mean = row.reduce(0, +) / n; let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n; "
         + "row.indices.map { (row[$0] - mean) / (variance + epsilon).squareRoot() * gamma[$0] + beta[$0] }",
     ]),
  ])

  static let chineseCompression = chineseChapter("compression", [
    ("magnitudeMask",
     "按幅值剪枝的掩码：幅值 |w| 最小的 round(fraction · count) 个权重记为 0，其余记为 1。幅值相同的两个权重按位置先后剪掉（靠前的先剪）。\n\n"
       + "[0.5, −0.1, 0.3, 0.05] 剪掉一半（fraction 为 0.5）得到 [1, 0, 1, 0]。",
     "按 (|w|, 位置) 对位置排序，把排在前面的置为 0。",
     [
       "哪些权重最不重要？最接近 0 的那些，不论正负。",
       "按 |w| 对位置排序（并列时按位置），把前 round(fraction · count) 个置为 0。",
       "let order = weights.indices.sorted { (abs(weights[$0]), $0) < (abs(weights[$1]), $1) }; "
         + "var mask = [Int](repeating: 1, count: weights.count); for i in order.prefix(removed) { mask[i] = 0 }",
     ]),
    ("perChannelScales",
     "逐通道的对称权重缩放因子：权重矩阵按行给出 `weights[k][j]`（k 是输入，j 是输出通道）；通道 j 的缩放因子是它最大的 |w| 除以 127，"
       + "这样它最大的权重恰好落在等级 ±127。全为 0 的通道缩放因子为 1。\n\n[[0.5, −0.01], [−1.27, 0.02]] 得到 [0.01, 0.02 / 127]。",
     "每列求一个最大值：不是每行一个，也不是整个矩阵只求一个。",
     [
       "一个输出通道是矩阵的一列：每列有自己的缩放因子。",
       "缩放因子把该列的最大幅值映射到等级 127：对 k 取 |weights[k][j]| 的最大值，再除以 127；全为 0 的列取 1。",
       "(0..<weights[0].count).map { j in let m = weights.map { abs($0[j]) }.max()!; return m > 0 ? m / 127 : 1 }",
     ]),
    ("quantizeLevels",
     "量化：每个值的等级 q = round(x / scale)，舍入到最接近的整数，正好一半时取偶数（2.5 → 2，3.5 → 4，与处理器的舍入方式相同），"
       + "再限幅到 lowest…highest 之间。\n\n[0.26, −1, 5] 在缩放因子为 0.01、等级为 0…127 时得到 [26, 0, 127]。",
     "用 Swift 的 `(x / scale).rounded(.toNearestOrEven)`；舍入之后再限幅。",
     [
       "等级就是这个值里能放下多少个缩放因子：先除，再舍入为整数。",
       "像处理器那样，正好一半时舍入到偶数：用 `.rounded(.toNearestOrEven)`，不要用 `.rounded()`；舍入之后再限幅。",
       "values.map { min(max(Int(($0 / scale).rounded(.toNearestOrEven)), lowest), highest) }",
     ]),
    ("int8DotProduct",
     "int8 点积：Σ activations[k] · weights[k]，其中激活值是无符号字节（0…255），权重是有符号字节（−128…127），"
       + "像 32 位整数那样精确相加。\n\n[255, 255] · [127, 127] 等于 64,770，超出了 16 位的和所能容纳的范围。",
     "相乘之前先把每个字节扩展为 Int32（或 Int）：`Int32(a) * Int32(w)`。",
     [
       "255 · 127 已经需要 15 位，两个这样的乘积相加需要 17 位：用什么类型来存总和？",
       "相乘之前把两个字节都扩展为 Int32；权重是有符号的，所以 Int32(weight) 会把 −100 保持为 −100。",
       "Int(zip(activations, weights).reduce(Int32(0)) { $0 + Int32($1.0) * Int32($1.1) })",
     ]),
    ("requantizedLevel",
     "对量化层的一个输出做重新量化：等级乘积的 int32 和代表 s_x · s_w · sum；加上偏置，再以输出缩放因子为单位表示结果，"
       + "舍入（正好一半时取偶数）并限幅到 0…127（在 0 处限幅就是 ReLU）：\n\n    q = clamp(round((s_x · s_w · sum + bias) / s_y), 0, 127)\n\n"
       + "sum 为 1000、s_x = 0.01、s_w = 0.02、bias 为 0.1、s_y = 0.005 时得到 60。",
     "用 Double 计算，最后只舍入一次，然后限幅。",
     [
       "先把和变回实数：和的一个单位代表多少？",
       "一个单位是 s_x · s_w；在除以 s_y 之前加上偏置（一个实数）；正好一半时舍入到偶数，再限幅到 0…127。",
       "Int(min(max(((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(.toNearestOrEven), 0), 127))",
     ]),
    ("distillationLoss",
     "一批图像（每行一张）的知识蒸馏损失：\n\n    α · T² · mean_i CE(softmax(teacher_i / T), softmax(student_i / T))\n"
       + "      + (1 − α) · mean_i CE(labels_i, softmax(student_i))\n\n其中 CE(p, q) = −Σ_c p_c log q_c，CE(label, q) = −log q_label。\n\n"
       + "只有一张图像、student = teacher = [0, 0]、标签为 0、T = 2、α = 0.5 时：0.5 · 4 · log 2 + 0.5 · log 2 = 2.5 · log 2 ≈ 1.733。",
     "软目标项的两个 softmax 之前都要把 logits 除以 T，标签项则不除；取指数之前减去每行最大的 logit。",
     [
       "每张图像有两个交叉熵：一个针对教师模型软化后的概率，一个针对标签。",
       "只在软目标项中把两行 logits 都除以 T；这一项乘以 α · T²，标签项乘以 1 − α；再对图像求平均。",
       "对每一行：soft −= Σ softmax(teacher/T)_c · logSoftmax(student/T)_c; hard −= logSoftmax(student)[label]; "
         + "return α · T² · soft / n + (1 − α) · hard / n",
     ]),
  ])

  static let chineseEngine = chineseChapter("engine", [
    ("denseLayerCost",
     "全连接层前向传播 y = x·W + b 的开销，其中 x 为 [batch, inputs]，W 为 [inputs, outputs]，b 为 [outputs]："
       + "它的浮点运算次数（x·W 的每次乘加算两次，每次加偏置算一次），以及它至少要搬运的字节数（x、W 和 b 各读一次，y 写一次，每个浮点数 4 字节）。\n\n"
       + "批量大小为 1、经过 2 → 3 的层：2·1·2·3 + 1·3 = 15 次浮点运算，4·(2 + 6 + 3 + 3) = 56 字节。",
     "算字节数时，数一数四个张量各有多少个元素。",
     [
       "两个数：运算量（每次乘加算两次浮点运算，每次加偏置算一次）和四个张量的字节数。",
       "x·W 有 batch·inputs·outputs 次乘加，偏置要加 batch·outputs 次；x、W、b 和 y 分别有 "
         + "batch·inputs、inputs·outputs、outputs 和 batch·outputs 个浮点数。",
       "(2 * batch * inputs * outputs + batch * outputs, 4 * (batch * inputs + inputs * outputs + outputs + batch * outputs))",
     ]),
    ("convolutionLayerCost",
     "卷积前向传播的开销：`batch` 张 `side`×`side` 像素、`inChannels` 个通道的正方形图像，`outChannels` 个 `kernelSize`×`kernelSize` 的滤波器，"
       + "步幅 1，不填充，没有偏置。求它的浮点运算次数（每次乘加算两次）和至少要搬运的字节数（输入和滤波器各读一次，输出写一次，每个浮点数 4 字节）。\n\n"
       + "一张单通道 4×4 图像、一个 3×3 滤波器：2·2·2·9 = 72 次浮点运算，4·(16 + 9 + 4) = 116 字节。",
     "每个滤波器的每个输出像素都是 kernelSize²·inChannels 个输入上的求和。",
     [
       "先求输出的边长：宽为 kernelSize 的窗口在 side 个像素上有几个位置？",
       "输出有 batch × (side − kernelSize + 1)² × outChannels 个数，每个都是 kernelSize²·inChannels 个乘积的和。",
       "let outputs = batch * o * o * outChannels，其中 o = side - kernelSize + 1；flops = 2 * outputs * k * k * inChannels；"
         + "bytes = 4 * (batch * side * side * inChannels + k * k * inChannels * outChannels + outputs)",
     ]),
    ("tiledMatrixProduct",
     "逐块计算矩阵乘法 a·b（[n, k]·[k, m]），就像快速内核那样，让正在处理的块留在缓存里：对由 a 的 `tileSize` 行、b 的 `tileSize` 列"
       + "和内维的 `tileSize` 个元素组成的每个块，把块内的乘积累加到结果中。各边长不一定是 `tileSize` 的倍数。\n\n"
       + "[[1, 2]]·[[3], [4]] 用大小为 1 的块得到 [[11]]。",
     "三重循环遍历块的起点（stride(from: 0, to: n, by: tileSize)），里面再套三重循环，上界是 min(start + tileSize, side)。",
     [
       "从普通的三重循环出发，再把它的三个范围各切成块。",
       "累加到结果中（+=）：每个内维块贡献和的一部分。一条边上的最后一块止于边长，而不是 start + tileSize。",
       "for r0 in stride(from: 0, to: n, by: t) { for c0 in … { for k0 in … { for r in r0..<min(r0 + t, n) { for c in … { "
         + "for k in k0..<min(k0 + t, inner) { result[r][c] += a[r][k] * b[k][c] } } } } } }",
     ]),
    ("winogradStep",
     "Winograd F(2, 3) 的一步：3 抽头滤波器 g 在 4 个输入 d 上滑动（不翻转，与 `conv2d` 的算法相同）得到两个输出 "
       + "y₀ = d₀g₀ + d₁g₁ + d₂g₂ 和 y₁ = d₁g₀ + d₂g₁ + d₃g₂，只用四次乘法而不是六次：\n\n"
       + "    m₁ = (d₀ − d₂)·g₀            m₂ = (d₁ + d₂)·(g₀ + g₁ + g₂)/2\n    m₄ = (d₁ − d₃)·g₂            m₃ = (d₂ − d₁)·(g₀ − g₁ + g₂)/2\n"
       + "    y₀ = m₁ + m₂ + m₃            y₁ = m₂ − m₃ − m₄\n\n输入 [1, 2, 3, 4] 和滤波器 [1, 1, 1] 得到 [6, 9]。",
     "实践中滤波器的两个减半的和对每个滤波器只算一次；这里每次调用算一次。",
     [
       "严格按公式算出四个乘积 m₁ … m₄，再把它们组合起来。",
       "m₂ 和 m₃ 乘的是滤波器之和的一半：(g₀ + g₁ + g₂)/2 和 (g₀ − g₁ + g₂)/2。y₁ 要同时减去 m₃ 和 m₄。",
       "let m1 = (d[0] - d[2]) * g[0], m2 = (d[1] + d[2]) * (g[0] + g[1] + g[2]) / 2, m3 = (d[2] - d[1]) * (g[0] - g[1] + g[2]) / 2, "
         + "m4 = (d[1] - d[3]) * g[2]; return [m1 + m2 + m3, m2 - m3 - m4]",
     ]),
    ("cachedAttentionStep",
     "带键值缓存的因果注意力的一步：把新位置的键和值追加到缓存中，然后返回新位置在所有缓存位置及其自身上的输出 softmax(q·Kᵀ/√d)·V"
       + "（d 为查询的长度），以及增长后的缓存。\n\n缓存为空时，输出就是新的值：查询 [1, 0]、键 [1, 0]、值 [5, 6] 得到 ([5, 6], [[1, 0]], [[5, 6]])。",
     "先追加，这样新位置才会关注到它自己；取指数之前减去最大的分数。",
     [
       "新位置也是它要关注的位置之一：先扩充缓存，再计算分数。",
       "对扩充后缓存中的每个键计算分数 q·k / √d，d 为查询的长度；对分数做 softmax（先减去最大值）；输出是 Σ weight·value。",
       "let keys = keys + [newKey], values = values + [newValue]; scores = keys.map { dot(query, $0) / sqrt(d) }; "
         + "weights = softmax(scores); output[i] = Σⱼ weights[j] * values[j][i]; return (output, keys, values)",
     ]),
  ])
}
