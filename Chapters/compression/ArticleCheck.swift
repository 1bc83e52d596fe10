import CourseKit

/// The article check's verdicts, in words derived from the run's numbers.
func articleCheck(_ chapter: ChapterRun) {
  chapter.section("Article check")
  let metrics = chapter.metrics
  // 000 §3.2 and 002's FAQ: pruning and quantization make the model smaller.
  let smaller = metrics.number("int8_size_ratio") < 0.3 && metrics.number("sparse_90_size_ratio") < 0.3
  // Each verdict is a predicate in both editions: "int8 inference is faster", "int8 推理更快".
  chapter.metrics.record("article_check_smaller", english: smaller ? "holds" : "does not hold", chinese: smaller ? "成立" : "不成立")
  recordSpeedVerdicts(&chapter.metrics)
  // 002's FAQ: distillation keeps the large model's performance in a small one.
  recordDistillationConclusions(&chapter.metrics)
  recordTargets(&chapter.metrics)
  chapter.say("smaller: \(smaller); int8 faster: \(chapter.metrics.text("article_check_int8_faster")); "
    + String(format: "distillation: %+.2f points against labels alone", metrics.number("distillation_gain_points")))
}

/// Whether our int8 speedup at a batch of 256 may be judged: its timings passed the medians check
/// (``PairedTimings/passesMediansCheck``). Timings that fail it measure no per-pass cost, so their median
/// paired ratio is no speedup to set against a target or a claim, whichever side of it it falls.
func int8SpeedupIsJudged(_ metrics: Metrics) -> Bool { metrics[SpeedKeys.int8().check] == .flag(true) }

extension SpeedBand {
  /// The band in words after "was" (or "is"), against `other` (the unpruned network, say), in both editions, or
  /// without it where the sentence has named it already; timings that failed the medians check say so instead,
  /// without parentheses, since a figure in them may follow, and without blaming one network: either's passes, or
  /// the two figures, can fail the check.
  func words(than other: (english: String, chinese: String)?) -> (english: String, chinese: String) {
    switch (self, other) {
    case (.faster, let other?): ("faster than \(other.english)", "比\(other.chinese)快")
    case (.aboutAsFast, let other?): ("about as fast as \(other.english)", "与\(other.chinese)大致一样快")
    case (.slower, let other?): ("slower than \(other.english)", "比\(other.chinese)慢")
    case (.faster, nil): ("faster", "更快")
    case (.aboutAsFast, nil): ("about as fast", "大致一样快")
    case (.slower, nil): ("slower", "更慢")
    case (.unsteady, _): ("too unsteadily timed to judge, the timings failing the medians check", "计时没有通过中位数检查，无法判断")
    }
  }
}

/// The sentences on speed, in both editions, each from a ``SpeedBand`` (judged only where its timings passed the
/// medians check, faster or slower only where both its figures lie beyond the band's margin): the Speed part's on
/// int8 against float32 at each batch size and on the integer instructions against the scalar reference, the
/// structured pruning section's on both pruned networks, and the article check's verdicts.
func recordSpeedVerdicts(_ metrics: inout Metrics) {
  let (int8, int8OnOne) = (SpeedBand.int8(metrics), SpeedBand.int8(metrics, suffix: "_batch_1"))
  let (sparse, structured) = (SpeedBand.sparse(metrics), SpeedBand.structured(metrics))
  recordInt8Speeds(&metrics, int8, int8OnOne)

  // 000 §3.2: and deployment more efficient (faster), which unstructured pruning does not give on a CPU. After
  // "int8 inference (…) is" and "in integers and is"; in Chinese after "int8 推理……为 N，" and "用整数计算，".
  let (english, chinese) = switch int8 {
  case .unsteady: ("too unsteadily timed to judge (its passes fail the medians check described above)", "但计时波动太大，无法判断是否更快（没有通过上文所说的中位数检查）")
  case .faster: ("faster", "确实变快了")
  case .aboutAsFast: ("about as fast as float32", "与 float32 大致一样快")
  case .slower: ("slower than float32", "反而比 float32 慢")
  }
  metrics.record("article_check_int8_faster", english: english, chinese: chinese)
  // After "the 90 % sparse network (median paired ratio, …) is"; in Chinese after "90% 稀疏的网络（……）". Its dense
  // kernels do every multiply-add of the unpruned network, so where it was faster the zeros did not make it so.
  let unpruned = ("the unpruned network", "未剪枝的网络")
  let sparseWords: (String, String) = switch sparse {
  case .unsteady: ("too unsteadily timed to judge, the timings failing the medians check described above",
    "计时没有通过上文所说的中位数检查，无法判断")
  case .faster: ("faster than the unpruned network, although those kernels do the same multiply-adds: why, this run "
      + "does not measure", "比未剪枝的网络快，尽管这些内核照样做了全部乘加；为什么会这样，本次运行没有测量")
  case .aboutAsFast, .slower: sparse.words(than: unpruned)
  }
  metrics.record("article_check_sparse_faster", english: sparseWords.0, chinese: sparseWords.1)

  // The pruning methods: only the one that removes work was faster, which is what the text expects; any other
  // outcome is stated for each. After "In this run," in both editions ("本次运行中，").
  let onlyFilters = structured == .faster && (sparse == .aboutAsFast || sparse == .slower)
  let thinnerWords = structured.words(than: unpruned)
  let onlyFiltersWords = ("of the two pruning methods, only removing whole filters made the network faster",
    "在两种剪枝方法里，只有去掉整个滤波器才让网络变快")
  // Each clause names the network it compares with: without it, "about as fast" after the thinner network's clause
  // reads as about as fast as the thinner network.
  let sparseAgainstUnpruned = sparse.words(than: unpruned)
  let pruning = onlyFilters ? onlyFiltersWords
    : ("the network with half its filters was \(thinnerWords.english), and the 90 % sparse one was "
        + sparseAgainstUnpruned.english,
      "去掉一半滤波器的网络\(thinnerWords.chinese)；90% 稀疏的网络" + sparseAgainstUnpruned.chinese)
  metrics.record("pruning_speed_verdict", english: pruning.0, chinese: pruning.1)
  // The article check's, after "in this run," and before the thinner network's ratio in brackets: the sparse network
  // has its own clause just before, so only the thinner one is named here, unless only it was faster.
  let pruningInArticle = onlyFilters ? onlyFiltersWords
    : ("the network with half its filters was \(thinnerWords.english)", "去掉一半滤波器的网络\(thinnerWords.chinese)")
  metrics.record("article_check_pruning_speed", english: pruningInArticle.0, chinese: pruningInArticle.1)
  // After "a median paired ratio of {structured_speedup},"; in Chinese after "为 N，". The sentence has named the
  // unpruned network already.
  let thinnerAlone = structured.words(than: nil)
  metrics.record("structured_speed", english: structured == .unsteady ? thinnerAlone.english : thinnerAlone.english + " in this run",
    chinese: structured == .unsteady ? thinnerAlone.chinese : "本次运行中" + thinnerAlone.chinese)

  // The first claim's verdict, after "Verdict:"; in Chinese after "结论（verdict）：".
  // How int8's speed reads in the verdicts below when they do not take both int8 and pruning as faster.
  let int8Speed = switch int8 {
  case .unsteady: ("int8's timing was too unsteady to judge", "int8 的计时波动太大，无法判断")
  case .faster: ("int8 was faster in this run", "int8 在本次运行中确实变快了")
  case .aboutAsFast: ("int8 was about as fast as float32 in this run", "int8 在本次运行中与 float32 大致一样快")
  case .slower: ("int8 was slower than float32 in this run", "int8 在本次运行中反而比 float32 慢")
  }
  let bothAsExpected = int8 == .faster && onlyFilters
  metrics.record("article_check_compression_verdict",
    english: bothAsExpected
      ? "holds for size; for speed, for int8 and for removing whole filters, not for zeroing single weights on dense kernels"
      : "holds for size; for speed, \(int8Speed.0)"
        + (onlyFilters ? ", and \(onlyFiltersWords.0)" : "; \(pruning.0)"),
    chinese: bothAsExpected ? "就规模而言成立；就速度而言，对 int8 和去掉整个滤波器成立，对在稠密内核上把单个权重置零不成立"
      : "就规模而言成立；就速度而言，\(int8Speed.1)"
        + "；\(pruning.1)")
  // 001 §9.2: less computation and storage. After "Verdict:"; in Chinese after "结论：". Pruning removes work by
  // count, whatever its timing; "the same condition" is the first verdict's, which names it only when it holds.
  metrics.record("article_check_resources_verdict",
    english: bothAsExpected ? "holds, with the same condition"
      : "holds for storage, and for computation where pruning removes work; \(int8Speed.0)",
    chinese: bothAsExpected ? "成立，条件同上" : "就存储而言成立，就计算而言在剪枝去掉计算量的地方成立；\(int8Speed.1)")

  // 002's FAQ: faster inference through hardware (the processor's integer instructions) and better algorithms (int8).
  // Either half measured not faster fails the claim however the other's timing went; a processor whose best kernel
  // is the scalar reference tests no integer instructions at all.
  let fasterInference: (String, String) = if metrics[int8VectorKernelKey] == .flag(false) {
    // The hardware half is untested, but the algorithm half can still fail.
    int8 == .aboutAsFast || int8 == .slower ? ("not shown here", "在这里没有得到证实") : ("not tested here", "在这里没有得到检验")
  } else {
    switch (SpeedBand.integerInstructions(metrics), int8) {
    case (.aboutAsFast, _), (.slower, _), (_, .aboutAsFast), (_, .slower): ("not shown here", "在这里没有得到证实")
    case (.unsteady, _), (_, .unsteady): ("too unsteadily timed to judge here", "计时波动太大，在这里无法判断")
    case (.faster, .faster): ("holds here", "在这里成立")
    }
  }
  metrics.record("article_check_faster_inference", english: fasterInference.0, chinese: fasterInference.1)
}

/// The Speed part's sentences on our own timings, in both editions: whether they passed the medians check at each
/// batch size and what int8's speed was where they did, how the two batch sizes compare, and the integer
/// instructions against the scalar reference.
func recordInt8Speeds(_ metrics: inout Metrics, _ int8: SpeedBand, _ int8OnOne: SpeedBand) {
  let margin = String(format: "%.2f", SpeedBand.margin)
  // In Chinese the name is set off by spaces from the characters around it ("比 float32 快").
  let float32 = ("float32", " float32 ")
  // After "In this run," in the Speed part and the last claim of the article check; in Chinese after "本次运行中，".
  let clauses = [(int8, "at a batch of 256", "批量大小为 256 时"), (int8OnOne, "on one image", "单张图像时")].map { band, size, sizeInChinese in
    band == .unsteady
      ? ("\(size) our timings failed the medians check, so their ratio is no speedup to state",
        "\(sizeInChinese)，我们的计时没有通过中位数检查，这个比值不能算作加速比")
      : ("\(size) our timings passed the medians check, and int8 was \(band.words(than: float32).english)",
        "\(sizeInChinese)，我们的计时通过了中位数检查，int8 \(band.words(than: float32).chinese)")
  }
  metrics.record("int8_speed_by_batch", english: clauses.map(\.0).joined(separator: "; "), chinese: clauses.map(\.1).joined(separator: "；"))

  // A sentence of its own, both editions, without its full stop.
  let comparison: (String, String)
  if int8 == .unsteady || int8OnOne == .unsteady {
    let which = int8 == int8OnOne ? ("at both sizes", "两种批量大小下")
      : int8 == .unsteady ? ("at a batch of 256", "批量大小为 256 时") : ("on one image", "单张图像时")
    comparison = ("How the ratio for one image compares with 256's, this run cannot say: our timings \(which.0) "
        + "failed the medians check",
      "单张图像时的比值与 256 张时相比如何，本次运行无法判断：\(which.1)我们的计时没有通过中位数检查")
  } else {
    let (atBatch, atOne) = (metrics.number(SpeedKeys.int8().speedup), metrics.number(SpeedKeys.int8(suffix: "_batch_1").speedup))
    func factor(_ value: Double) -> String { String(format: "%.2f", value) }
    // The same margin as for one network against another: the two ratios are two such comparisons.
    comparison = switch SpeedBand(ratio: atBatch / atOne) {
    // The factor found, with the margin it passed. The possible cause is a cost paid once per pass, whatever its batch:
    // a cost paid per image weighs the same at both sizes and leaves the ratio as it is.
    case .faster:
      ("In this run the ratio was smaller for one image than for 256: the ratio for 256 was \(factor(atBatch / atOne)) "
          + "times the one for one image (beyond the margin of \(margin)). Why, this run does not measure; one possible "
          + "cause is the costs every pass pays once, however many images it holds (handing the work to the threads, "
          + "setting up each layer), which weigh far more on a pass of one image and which the integer instructions do "
          + "not shrink",
        "本次运行中，256 张时的比值是单张图像时的 \(factor(atBatch / atOne)) 倍（超出 \(margin) 的界限）。本次运行没有测量"
          + "其原因；一种可能是每次前向传播无论含多少张图像都要付一次的开销（把工作分给线程、为每一层做准备），这些开销在"
          + "单张图像的前向传播中占比大得多，而整数指令并不会缩小它们")
    case .slower:
      ("In this run the ratio was larger for one image than for 256: the ratio for one image was "
          + "\(factor(atOne / atBatch)) times the one for 256 (beyond the margin of \(margin)); why, this run does not measure",
        "本次运行中，单张图像时的比值是 256 张时的 \(factor(atOne / atBatch)) 倍（超出 \(margin) 的界限）；本次运行没有测量其原因")
    default:
      ("In this run the ratio was about the same for one image as for 256: the two are within a factor of \(margin) "
          + "of each other",
        "本次运行中，单张图像时的比值与 256 张时大致相同：两者之比在 \(margin) 倍以内")
    }
  }
  metrics.record("int8_batch_comparison", english: comparison.0, chinese: comparison.1)

  // After the scalar reference's time and ratio and a colon, in the Speed part and in the article check; both
  // sentences already say "on one image" (在单张图像上).
  let scalar: (String, String) = if metrics[int8VectorKernelKey] == .flag(false) {
    ("this processor has no AVX2, so its best kernel is the scalar reference itself, timed against itself; no integer "
        + "instructions were tested",
      "这台处理器没有 AVX2，所以最佳内核就是标量参考实现本身，等于拿它和自己比；并没有测试任何整数指令")
  } else {
    switch SpeedBand.integerInstructions(metrics) {
    case .faster: ("the integer instructions do their part", "整数指令发挥了作用")
    case .aboutAsFast: ("in this run the integer instructions were about as fast as the scalar reference",
      "本次运行中，整数指令与标量参考实现大致一样快")
    case .slower: ("in this run the integer instructions were slower than the scalar reference",
      "本次运行中，整数指令反而比标量参考实现慢")
    case .unsteady: ("too unsteadily timed to say whether the integer instructions do their part (these passes fail the "
        + "medians check)",
      "计时波动太大，无法判断整数指令是否发挥了作用（这些前向传播没有通过中位数检查）")
    }
  }
  metrics.record("int8_scalar_verdict", english: scalar.0, chinese: scalar.1)
}

/// What distillation did to the student in this run, set against the seeds' spread.
enum DistillationEffect {
  /// The median gain exceeds both seed ranges.
  case helped
  /// The median loss exceeds both seed ranges.
  case hurt
  /// Neither: what distillation did is not told apart from what the seed does.
  case withinSpread

  /// The effect recorded by the distillation section.
  init(_ metrics: Metrics) {
    self = metrics["distillation_gain_exceeds_spread"] == .flag(true) ? .helped
      : metrics["distillation_loss_exceeds_spread"] == .flag(true) ? .hurt : .withinSpread
  }
}

/// The distillation paragraph's verdict and conclusion and the article check's
/// on it, in both editions, from the run: a difference is a finding only when the
/// median gain (or loss) exceeds both seed ranges.
func recordDistillationConclusions(_ metrics: inout Metrics) {
  let effect = DistillationEffect(metrics)
  let gain = metrics.number("distillation_gain_points")
  /// Records the phrase of this run's effect under `key`, in both editions.
  func record(_ key: String, helped: (String, String), hurt: (String, String), within: (String, String)) {
    let (english, chinese) = switch effect {
    case .helped: helped
    case .hurt: hurt
    case .withinSpread: within
    }
    metrics.record(key, english: english, chinese: chinese)
  }
  // After "distilled is" and "distillation was"; in Chinese after "蒸馏后的学生模型" and "蒸馏".
  record("article_check_distillation",
    helped: ("ahead by more than the seed spread", "领先，且领先幅度超过随机种子间的波动"),
    hurt: ("behind by more than the seed spread", "落后，且落后幅度超过随机种子间的波动"),
    within: gain > 0 ? ("ahead, but by less than the seed spread", "领先，但领先幅度小于随机种子间的波动")
      : gain < 0 ? ("behind, but by less than the seed spread", "落后，但落后幅度小于随机种子间的波动")
      : ("level with the students trained from labels (a median difference of zero)", "与只用标签训练的学生模型持平（中位数之差为零）"))
  record("distillation_conclusion",
    helped: ("so in this run distillation helped this student by more than the seeds move it, for this recipe",
      "因此在这一训练方案下，本次运行中蒸馏对这个学生模型的帮助超过了随机种子带来的变化"),
    hurt: ("so in this run distillation hurt this student by more than the seeds move it, for this recipe",
      "因此在这一训练方案下，本次运行中蒸馏让这个学生模型变差，差距超过了随机种子带来的变化"),
    within: ("so this run does not tell an effect of distillation on this student apart from what the seed does, for this recipe",
      "因此在这一训练方案下，本次运行无法把蒸馏对这个学生模型的作用与随机种子带来的变化区分开"))
  // After "Verdict:" in the article check.
  record("article_check_distillation_verdict",
    helped: ("holds here", "在这里成立"), hurt: ("does not hold here", "在这里不成立"), within: ("not shown here", "在这里没有得到证实"))
  record("article_check_distillation_conclusion",
    helped: ("so in this run the teacher's softened outputs, not the student's own training alone, made the difference",
      "所以本次运行中，起作用的是教师模型软化后的输出，而不只是学生模型自己的训练"),
    hurt: ("so in this run the teacher's softened outputs left the small model worse than its own training alone",
      "所以本次运行中，教师模型软化后的输出反而让小模型不如只靠自己训练的结果"),
    within: ("so in this run the small model kept what it kept by its own training, not by the teacher's",
      "所以本次运行中，小模型保留的性能来自它自己的训练，而不是教师模型"))
}

/// The issue's targets, met or not, in words for the text (from this run's numbers, never typed).
func recordTargets(_ metrics: inout Metrics) {
  let change = metrics.number("int8_accuracy_change_points")
  // After "(the target of …:" in both editions ("（目标是……：达到）").
  func record(_ key: String, met: Bool) { metrics.record(key, english: met ? "met" : "missed", chinese: met ? "已达到" : "未达到") }
  record("target_int8_accuracy", met: abs(change) <= 0.5 || change > 0)
  record("target_int8_size", met: metrics.number("int8_size_ratio") <= 0.27)
  if int8SpeedupIsJudged(metrics) {
    // Twice as fast by both figures, as a band beyond the margin is judged (a NaN, unrecorded, is not at least 2).
    let keys = SpeedKeys.int8()
    record("target_int8_speedup", met: [keys.speedup, keys.ratioOfMedians].allSatisfy { metrics.number($0) >= 2 })
  } else {
    metrics.record("target_int8_speedup",
      english: "not judged, the timing being too unsteady (our passes fail the medians check described below)",
      chinese: "无法判断，因为计时波动太大（我们的前向传播没有通过下文所说的中位数检查）")
  }
  record("target_pruned_90", met: metrics.number("pruned_90_drop_points") <= 1)
}
