/// The Chinese of the checks' English reasons and descriptions (`course check --lang zh`), keyed by
/// the English exactly as a check writes it. A check's own call (`sigmoid(0)`) is code and stays;
/// a message a check builds from its numbers is worded side by side where it is built (`ExpectationLog.text`).
package enum CheckWordings {
  package static let chinese: [String: String] = [
    #"(1.1³ − 0.9³) / (2 · 0.1) = 3.01; the forward difference (1.1³ − 1³) / 0.1 gives 3.31"#:
      #"(1.1³ − 0.9³) / (2 · 0.1) = 3.01；前向差分 (1.1³ − 1³) / 0.1 给出的是 3.31"#,
    #"5×7 pooled by 2 is 2×3: the leftover row and column are dropped"#:
      #"5×7 经大小为 2 的池化得 2×3：多出的一行一列被舍去"#,
    #"64 large products: −2,072,640"#:
      #"64 个大的乘积：−2,072,640"#,
    #"64,770 does not fit 16 bits: sum in 32 bits"#:
      #"64,770 超出 16 位：要用 32 位求和"#,
    #"90 % of 40 random weights"#:
      #"40 个随机权重中的 90 %"#,
    #"W1's first layer: batch 32, 784 → 64"#:
      #"W1 的第一层：批量大小 32，784 → 64"#,
    #"W2's first convolution: 26×26 outputs of 32 filters per image"#:
      #"W2 的第一个卷积：每张图像 26×26 个输出，32 个滤波器"#,
    #"W2's second convolution: 11×11 outputs of 64 filters over 32 channels"#:
      #"W2 的第二个卷积：11×11 个输出，64 个滤波器，32 个输入通道"#,
    #"W4's widening layer: 64 rows, 128 → 512"#:
      #"W4 的加宽层：64 行，128 → 512"#,
    #"a 1×1 filter keeps the side: 6×6 outputs"#:
      #"1×1 的滤波器保持边长：6×6 个输出"#,
    #"a 3×3 filter has 2×2 places on a 4×4 image, 9 multiply-adds each; 16 + 9 + 4 floats"#:
      #"3×3 的滤波器在 4×4 的图像上有 2×2 个位置，每个 9 次乘加；16 + 9 + 4 个浮点数"#,
    #"a column of zeros gets scale 1; −2 has the largest magnitude"#:
      #"全零的列缩放因子为 1；−2 的绝对值最大"#,
    #"a constant row has variance 0: ε keeps the division finite, and the result is beta"#:
      #"常数行的方差为 0：ε 让除法保持有限，结果就是 beta"#,
    #"a mean over the batch's 2 images, against the core's softmax"#:
      #"对批量中 2 张图像取平均，与核心的 softmax 对照"#,
    #"a negative output is level 0: the clamp is the ReLU"#:
      #"负的输出对应级别 0：截断就是 ReLU"#,
    #"a rare class keeps its share: 0.4 of class 0 and 0.2 of class 1 round to none"#:
      #"稀有的类保住它的份额：类 0 的 0.4 和类 1 的 0.2 都会舍入为零个"#,
    #"a rise shorter than the patience does not stop training"#:
      #"短于耐心值的回升不会停止训练"#,
    #"a single row: each weight is its column's largest"#:
      #"只有一行：每个权重都是它所在列中最大的"#,
    #"a tile larger than a side holds all of it"#:
      #"大于边长的分块容纳整条边"#,
    #"above 127 · s_y the level is 127"#:
      #"超过 127 · s_y 时级别为 127"#,
    #"after bias correction m̂ = g and v̂ = g², so each parameter moves by lr · g / (√(g²) + ε), ε outside the root"#:
      #"偏差修正后 m̂ = g、v̂ = g²，所以每个参数移动 lr · g / (√(g²) + ε)，ε 在根号外"#,
    #"against finite differences of the loss"#:
      #"与损失的有限差分对照"#,
    #"against the core's Adam; the bias correction uses the step number t"#:
      #"与核心的 Adam 对照；偏差修正用的是步数 t"#,
    #"against the core's QuantizedActivations"#:
      #"与核心的 QuantizedActivations 对照"#,
    #"against the core's QuantizedWeights"#:
      #"与核心的 QuantizedWeights 对照"#,
    #"against the core's crossEntropy (in nats) / ln 2"#:
      #"与核心的 crossEntropy（以 nat 计）/ ln 2 对照"#,
    #"against the core's fused attention"#:
      #"与核心的融合注意力对照"#,
    #"against the core's int8 kernel"#:
      #"与核心的 int8 内核对照"#,
    #"against the core's masked softmax"#:
      #"与核心的带掩码 softmax 对照"#,
    #"against the core's matmul"#:
      #"与核心的 matmul 对照"#,
    #"against the core's one-dimensional convolution"#:
      #"与核心的一维卷积对照"#,
    #"against the core's operations"#:
      #"与核心的运算对照"#,
    #"all negative: the largest is −2, not 0"#:
      #"全为负数：最大值是 −2，不是 0"#,
    #"an equal loss is no improvement"#:
      #"损失相等不算改进"#,
    #"areaUnderROC(scores: <80 scores in 0, 0.25, …, 1>, isPositive: <80 labels>)"#:
      #"areaUnderROC(scores: <80 个分数，取值 0, 0.25, …, 1>, isPositive: <80 个标签>)"#,
    #"by magnitude, not by value: −0.9 is the largest weight here"#:
      #"按绝对值而不是按数值：这里 −0.9 是最大的权重"#,
    #"causal: query t sees keys 0 … t only, so the first output is the first value"#:
      #"因果：查询 t 只看到键 0 … t，所以第一个输出就是第一个值"#,
    #"clamped to ±127 after rounding; 0.4 rounds to 0"#:
      #"舍入后截断到 ±127；0.4 舍入为 0"#,
    #"class 0 has 3 images: 1.5 rounds to 2; class 1 has 5: 2.5 rounds to 3"#:
      #"类 0 有 3 张图像：1.5 舍入为 2；类 1 有 5 张：2.5 舍入为 3"#,
    #"classCount × classCount, even when some classes never occur"#:
      #"classCount × classCount，即使有的类从未出现"#,
    #"c′ = σ(z_f) ⊙ c + σ(z_i) ⊙ tanh(z_g), the gates in the order input, forget, candidate, output"#:
      #"c′ = σ(z_f) ⊙ c + σ(z_i) ⊙ tanh(z_g)，门的顺序为输入门、遗忘门、候选值、输出门"#,
    #"divide by the scale, round, clamp to 0…127"#:
      #"除以缩放因子，舍入，截断到 0…127"#,
    #"dropped elements are 0, kept ones divided by 1 − rate"#:
      #"被丢弃的元素为 0，保留的除以 1 − rate"#,
    #"d₃ reaches only y₁, through g₂"#:
      #"d₃ 只经过 g₂ 到达 y₁"#,
    #"e^(−1000) underflows to 0, and log 0 is −∞: subtract the largest logit first"#:
      #"e^(−1000) 下溢为 0，而 log 0 是 −∞：先减去最大的 logit"#,
    #"e^1000 overflows to +∞: subtract the largest logit first, and add it back to the log-sum"#:
      #"e^1000 上溢为 +∞：先减去最大的 logit，再在对数和上加回来"#,
    #"e^1000 overflows to +∞: work with the stable log-softmax"#:
      #"e^1000 上溢为 +∞：改用稳定的 log-softmax"#,
    #"e^800 overflows a Double: subtract each row's largest first"#:
      #"e^800 超出 Double 的范围：先减去每行的最大值"#,
    #"each output pixel of each filter sums 3·3·3 inputs; the filters are 3·3·3·4 floats"#:
      #"每个滤波器的每个输出像素对 3·3·3 个输入求和；滤波器共 3·3·3·4 个浮点数"#,
    #"each query's softmax runs over the 3 keys, of scores q·k / √d_k with d_k = 2, the queries' size"#:
      #"每个查询的 softmax 作用在 3 个键的分数 q·k / √d_k 上，其中 d_k = 2，即查询的大小"#,
    #"each row normalized on its own, against the core's layerNorm"#:
      #"每行各自归一化，与核心的 layerNorm 对照"#,
    #"each scores log₂ 114 ≈ 6.83 bits, and the mean is the same"#:
      #"每个都得 log₂ 114 ≈ 6.83 比特，平均值也一样"#,
    #"each step's output is the last row of causal attention over the steps so far"#:
      #"每一步的输出是对目前为止各步做因果注意力的最后一行"#,
    #"each window's maximum gets its output's gradient, every other pixel 0, pixels in no window 0"#:
      #"每个窗口的最大值得到它的输出梯度，其他像素为 0，不在任何窗口中的像素也为 0"#,
    #"epoch 5 is 3 epochs past the best, epoch 2"#:
      #"第 5 轮比最好的第 2 轮晚了 3 轮"#,
    #"every image, in increasing order"#:
      #"每张图像，按递增顺序"#,
    #"every positive above every negative"#:
      #"每个正例都高于每个负例"#,
    #"every positive below every negative"#:
      #"每个正例都低于每个负例"#,
    #"exactly 2.5 levels: ties go to the even level, 2"#:
      #"恰好 2.5 个级别：平局取偶数级别，即 2"#,
    #"exactly 3.5 levels round to 4"#:
      #"恰好 3.5 个级别舍入为 4"#,
    #"far from 0 the slope is 0, with no NaN on the way: e^1000 overflows to +∞, and ∞/∞ is NaN"#:
      #"远离 0 时斜率为 0，途中不能出现 NaN：e^1000 上溢为 +∞，而 ∞/∞ 是 NaN"#,
    #"four tied pairs make 2 of the 6 pairs"#:
      #"四对平局占 6 对中的 2 对"#,
    #"four tiles of 2 along each side"#:
      #"每条边上四个大小为 2 的分块"#,
    #"h′ = σ(z_o) ⊙ tanh(c′), with the new cell"#:
      #"h′ = σ(z_o) ⊙ tanh(c′)，用的是新的细胞状态"#,
    #"in evaluation the layer returns its input unchanged"#:
      #"评估时这一层原样返回输入"#,
    #"invertedDropout(<50 values>, keep: <the core's mask>, rate: 0.2, training: true)"#:
      #"invertedDropout(<50 个值>, keep: <核心的掩码>, rate: 0.2, training: true)"#,
    #"labels 0: only the log(1 − p) terms count, and the minus sign covers them too"#:
      #"标签为 0：只有 log(1 − p) 项起作用，负号同样作用于它们"#,
    #"large scores overflow e^x: subtract each row's largest visible score first"#:
      #"大的分数会使 e^x 上溢：先减去每行可见分数中的最大值"#,
    #"mean 2, variance 1: divide by √(variance + ε) = √2, ε inside the root"#:
      #"均值 2，方差 1：除以 √(方差 + ε) = √2，ε 在根号内"#,
    #"mean 2.5 and variance 1.25 (divided by 4, not 3)"#:
      #"均值 2.5，方差 1.25（除以 4，不是 3）"#,
    #"meanBitsPerCharacter of two uniform guesses among 114"#:
      #"meanBitsPerCharacter：在 114 个字符中均匀猜测两次"#,
    #"normalized [−1, 1], times gamma, plus beta, feature by feature"#:
      #"归一化为 [−1, 1]，乘以 gamma，加上 beta，逐个特征"#,
    #"nothing held out"#:
      #"没有留出任何样本"#,
    #"one input and one output: the weight and the bias are a float each"#:
      #"一个输入、一个输出：权重和偏置各是一个浮点数"#,
    #"one key, so its weight is 1 and the output is its value"#:
      #"只有一个键，所以它的权重是 1，输出就是它的值"#,
    #"one logit has probability 1"#:
      #"一个 logit 的概率为 1"#,
    #"one positive above both negatives"#:
      #"一个正例高于两个负例"#,
    #"one row per output in reading order, each the window's pixels in reading order"#:
      #"每个输出一行，按阅读顺序，每行是窗口中按阅读顺序排列的像素"#,
    #"one scale per column: its largest |w| over 127"#:
      #"每列一个缩放因子：该列最大的 |w| 除以 127"#,
    #"p − y: the probabilities, minus 1 at the target"#:
      #"p − y：即各概率，目标处再减 1"#,
    #"patience 1 stops at the first epoch without improvement"#:
      #"耐心值为 1 时在第一个没有改进的轮次停止"#,
    #"precisionₖ = C[k][k] / the sum of column k (the examples predicted k); 0 when that sum is 0"#:
      #"precisionₖ = C[k][k] / 第 k 列之和（预测为 k 的样本）；该和为 0 时为 0"#,
    #"recallₖ = C[k][k] / the sum of row k (the examples of class k); 0 when that sum is 0"#:
      #"recallₖ = C[k][k] / 第 k 行之和（类别为 k 的样本）；该和为 0 时为 0"#,
    #"removing nothing keeps every weight"#:
      #"什么都不剪就保留每个权重"#,
    #"round(0.3 × count) of each class, its first ones, sorted"#:
      #"每类取 round(0.3 × 数量) 个，即该类最前面的几个，并排好序"#,
    #"round(0.5 · 3) = 2 weights removed (1.5 rounds away from zero)"#:
      #"剪掉 round(0.5 · 3) = 2 个权重（1.5 向远离零的方向舍入）"#,
    #"row t is heads[0][t], heads[1][t], … side by side: [time][heads·d_k]"#:
      #"第 t 行是 heads[0][t]、heads[1][t]、… 并排：[time][heads·d_k]"#,
    #"row t is the softmax of scores[t][0…t], and 0 after t"#:
      #"第 t 行是 scores[t][0…t] 的 softmax，t 之后为 0"#,
    #"rows are true classes, columns predicted ones: counts[label][prediction]"#:
      #"行是真实类别，列是预测类别：counts[label][prediction]"#,
    #"scores above 2000 overflow e^x: subtract the largest first"#:
      #"超过 2000 的分数会使 e^x 上溢：先减去最大值"#,
    #"scores of 1414 and 1273 overflow e^x: subtract each row's largest score first"#:
      #"1414 和 1273 这样的分数会使 e^x 上溢：先减去每行的最大分数"#,
    #"sides that are not multiples of the tile: the last tiles are shorter"#:
      #"边长不是分块大小的倍数：最后的分块较短"#,
    #"still improving: no stop, and the last epoch is the best"#:
      #"仍在改进：不停止，最后一轮就是最好的"#,
    #"stratifiedHeldOut(labels: <200 labels in 0…9>, fraction: 0.3)"#:
      #"stratifiedHeldOut(labels: <200 个取值 0…9 的标签>, fraction: 0.3)"#,
    #"tanh is flat far from 0, and the result must not be NaN: e^1000 overflows to +∞"#:
      #"tanh 远离 0 时是平的，结果不能是 NaN：e^1000 上溢为 +∞"#,
    #"the 1000 is masked: take each row's maximum over its visible entries only"#:
      #"1000 被掩蔽了：每行只在可见的元素中取最大值"#,
    #"the bias alone: z = 0·1 + 0·1 + 2"#:
      #"只有偏置：z = 0·1 + 0·1 + 2"#,
    #"the bias is added before dividing by s_y: (0.2 − 0.15) / 0.01 = 5"#:
      #"偏置在除以 s_y 之前加上：(0.2 − 0.15) / 0.01 = 5"#,
    #"the cache grows by the new key, appended after the cached ones"#:
      #"缓存增加新的键，追加在已缓存的键之后"#,
    #"the cache grows by the new value, appended after the cached ones"#:
      #"缓存增加新的值，追加在已缓存的值之后"#,
    #"the core's AdamW: p shrinks by lr·wd·p, and the moments see g alone"#:
      #"核心的 AdamW：p 缩小 lr·wd·p，矩只看到 g 本身"#,
    #"the core's Tensor.dropout with the same mask"#:
      #"核心的 Tensor.dropout，用同一个掩码"#,
    #"the exact gradient is [2x₀x₁, x₀², cos x₂]; move one coordinate at a time, the others at the point"#:
      #"精确梯度是 [2x₀x₁, x₀², cos x₂]；每次只移动一个坐标，其他坐标留在该点"#,
    #"the first half of each class: 0, 1 of class 0 and 2, 4 of class 1"#:
      #"每类的前一半：类 0 的 0、1 和类 1 的 2、4"#,
    #"the halves in m₂ and m₃ must be kept"#:
      #"m₂ 和 m₃ 中的两半必须保留"#,
    #"the inner tiles' products add up: 1·3 + 2·4"#:
      #"内部分块的乘积相加：1·3 + 2·4"#,
    #"the largest of each 2×2 window, windows side by side"#:
      #"每个 2×2 窗口的最大值，窗口并排"#,
    #"the largest of each 3×3 window"#:
      #"每个 3×3 窗口的最大值"#,
    #"the largest of the one window"#:
      #"唯一一个窗口的最大值"#,
    #"the mean gradient over the 4 examples, every p computed with the weights before the step"#:
      #"对 4 个样本的平均梯度，每个 p 都用更新前的权重计算"#,
    #"the mean over the 3 examples"#:
      #"对 3 个样本取平均"#,
    #"the product must be the convolution, one output per row in reading order"#:
      #"乘积必须就是卷积，每行一个输出，按阅读顺序"#,
    #"the same area from ranks (Mann–Whitney), ties sharing their mean rank"#:
      #"由秩得到同样的面积（Mann–Whitney），平局取平均秩"#,
    #"the same as for [3, -2, 0.5]: subtracting 5000 from every logit changes no probability"#:
      #"与 [3, -2, 0.5] 相同：每个 logit 都减去 5000 不改变任何概率"#,
    #"the second step sees both positions, scores q·k/√2"#:
      #"第二步看到两个位置，分数为 q·k/√2"#,
    #"the soft term is multiplied by T² = 16"#:
      #"软目标项乘以 T² = 16"#,
    #"the two smallest magnitudes are 0.05 and |−0.1|"#:
      #"最小的两个绝对值是 0.05 和 |−0.1|"#,
    #"the weight is signed: −20,000, not 200 · 156"#:
      #"权重有符号：−20,000，而不是 200 · 156"#,
    #"the window's maximum, 4, takes the whole gradient"#:
      #"窗口的最大值 4 得到全部梯度"#,
    #"three pairs right and one tie, which counts one half"#:
      #"三对正确、一对平局，平局算一半"#,
    #"ties go to the even level: 0, 2, 2, 0, −2"#:
      #"平局取偶数级别：0, 2, 2, 0, −2"#,
    #"ties of |w| are removed in order of position"#:
      #"|w| 相同时按位置顺序剪掉"#,
    #"ties: the first maximum in reading order takes the whole gradient"#:
      #"平局时，按阅读顺序的第一个最大值得到全部梯度"#,
    #"with empty caches the new position attends only to itself"#:
      #"缓存为空时，新位置只注意它自己"#,
    #"x·W is 1·2·3 multiply-adds, two flops each, plus 3 bias additions; 2 + 6 + 3 + 3 floats of 4 bytes"#:
      #"x·W 是 1·2·3 次乘加，每次两次浮点运算，加上 3 次偏置加法；2 + 6 + 3 + 3 个 4 字节的浮点数"#,
    #"α = 0: cross-entropy with the labels only, without T"#:
      #"α = 0：只用标签的交叉熵，不用 T"#,
    #"α = 1: the soft term only, at T = 1 (no T² effect)"#:
      #"α = 1：只有软目标项，T = 1（没有 T² 的影响）"#,
    #"δ₁[i][j] = (Σₖ δ₂[i][k] W₂[j][k]) · (1 − a₁[i][j]²), where a₁ is already tanh(z₁)"#:
      #"δ₁[i][j] = (Σₖ δ₂[i][k] W₂[j][k]) · (1 − a₁[i][j]²)，其中 a₁ 已经是 tanh(z₁)"#,
    #"σ(1000) is 1 and σ(−1000) is 0, with no NaN on the way: e^1000 overflows to +∞, and ∞/∞ is NaN"#:
      #"σ(1000) 是 1，σ(−1000) 是 0，途中不能出现 NaN：e^1000 上溢为 +∞，而 ∞/∞ 是 NaN"#,
    #"∂J/∂W = aᵀ δ, shaped [inputs][outputs]: the sum over the batch of each example's outer product"#:
      #"∂J/∂W = aᵀ δ，形状为 [inputs][outputs]：对批量中每个样本的外积求和"#,
    #"∂h_T/∂h_0 by finite differences; the chain rule multiplies u · (1 − h_t²) for each step t, with the new h_t"#:
      #"用有限差分求 ∂h_T/∂h_0；链式法则对每一步 t 乘以 u · (1 − h_t²)，用新的 h_t"#,
    #"−(log₂ 0.25 + log₂ 0.5 + log₂ 1) / 3 = (2 + 1 + 0) / 3: the target's probability, not the largest"#:
      #"−(log₂ 0.25 + log₂ 0.5 + log₂ 1) / 3 = (2 + 1 + 0) / 3：看目标的概率，而不是最大的概率"#,
    #"−log p₀, the log-probability of the target, negated"#:
      #"−log p₀，目标的对数概率取负"#,
    #"exactly 1.5, 0.5 and 3.5 levels: 2, 0 and 4"#:
      #"恰好 1.5、0.5 和 3.5 个级别：2、0 和 4"#,
    #"m ← β₁·m + (1 − β₁)·g with β₁ = 0.9"#:
      #"m ← β₁·m + (1 − β₁)·g，其中 β₁ = 0.9"#,
    #"no flip: y₀ = d₀g₀ + d₁g₁ + d₂g₂, so a lone d₀ gives g₀"#:
      #"不翻转：y₀ = d₀g₀ + d₁g₁ + d₂g₂，所以单独的 d₀ 得到 g₀"#,
    #"p = [1, 0] and y = [0, 1]"#:
      #"p = [1, 0]，y = [0, 1]"#,
    #"p = σ(0) = 0.5, so ∂L/∂w = (p − y)·x = [−0.5, −1] and ∂L/∂b = −0.5"#:
      #"p = σ(0) = 0.5，所以 ∂L/∂w = (p − y)·x = [−0.5, −1]，∂L/∂b = −0.5"#,
    #"v ← β₂·v + (1 − β₂)·g² with β₂ = 0.999"#:
      #"v ← β₂·v + (1 − β₂)·g²，其中 β₂ = 0.999"#,
    #"y₀ = 1 + 2 + 3 and y₁ = 2 + 3 + 4"#:
      #"y₀ = 1 + 2 + 3，y₁ = 2 + 3 + 4"#,
    #"z = 0, and σ(0) = 0.5"#:
      #"z = 0，而 σ(0) = 0.5"#,
    #"σ(0) = 1/2, so σ′(0) = 1/2 · (1 − 1/2)"#:
      #"σ(0) = 1/2，所以 σ′(0) = 1/2 · (1 − 1/2)"#,
    #"∂L/∂a = ∂L/∂c · ∂c/∂a = outputGradient · b, and ∂L/∂b = outputGradient · a"#:
      #"∂L/∂a = ∂L/∂c · ∂c/∂a = outputGradient · b，∂L/∂b = outputGradient · a"#,
  ]
}
