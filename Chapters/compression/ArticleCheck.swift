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
func int8SpeedupIsJudged(_ metrics: Metrics) -> Bool { metrics["int8_medians_check"] == .flag(true) }

/// The article check's verdicts on speed, in both editions: int8 against float32, sparse against dense, and
/// inference made faster by the processor's integer instructions and by int8 arithmetic. The int8 speedup is
/// judged only where ``int8SpeedupIsJudged(_:)``; elsewhere the verdicts say the timing was too unsteady.
func recordSpeedVerdicts(_ metrics: inout Metrics) {
  let judged = int8SpeedupIsJudged(metrics), int8Faster = metrics.number("int8_speedup") > 1
  // 000 §3.2: and deployment more efficient (faster), which unstructured pruning does not give on a CPU. After
  // "int8 inference (…) is"; in Chinese after "int8 推理……为 N×，".
  let (english, chinese) = !judged
    ? ("too unsteadily timed to judge (its passes fail the medians check described above)", "但计时波动太大，无法判断是否更快（没有通过上文所说的中位数检查）")
    : int8Faster ? ("faster", "确实变快了") : ("not faster", "并没有变快")
  metrics.record("article_check_int8_faster", english: english, chinese: chinese)
  // The first claim's verdict, after "Verdict:"; in Chinese after "结论（verdict）：".
  // How int8's speed reads in the verdicts below when it is not simply faster.
  let int8Speed = !judged
    ? ("int8's timing was too unsteady to judge", "int8 的计时波动太大，无法判断")
    : ("int8 was not faster in this run", "int8 在本次运行中并没有变快")
  metrics.record("article_check_compression_verdict",
    english: judged && int8Faster ? "holds for size, and for speed only where the method reaches the work"
      : "holds for size; for speed, \(int8Speed.0), and pruning sped the network up only where it reached the work",
    chinese: judged && int8Faster ? "就规模而言成立；就速度而言，只在方法作用到计算量的地方成立"
      : "就规模而言成立；就速度而言，\(int8Speed.1)，剪枝则只在方法作用到计算量的地方才让网络变快")
  // 001 §9.2: less computation and storage. After "Verdict:"; in Chinese after "结论：".
  metrics.record("article_check_resources_verdict",
    english: judged && int8Faster ? "holds, with the same condition"
      : "holds for storage, and for computation where pruning removes work; \(int8Speed.0)",
    chinese: judged && int8Faster ? "成立，条件同上" : "就存储而言成立，就计算而言在剪枝去掉计算量的地方成立；\(int8Speed.1)")
  let sparseFaster = metrics.number("sparse_90_time_ratio") < 0.9
  metrics.record("article_check_sparse_faster", english: sparseFaster ? "faster" : "not faster", chinese: sparseFaster ? "确实变快了" : "并没有变快")
  // 002's FAQ: faster inference through hardware (the processor's integer instructions) and better algorithms (int8).
  // Integer instructions no faster than the scalar reference fail the claim however the int8 timing went.
  let fasterInference: (String, String) = metrics.number("int8_scalar_slowdown_batch_1") <= 1 ? ("not shown here", "在这里没有得到证实")
    : !judged ? ("too unsteadily timed to judge here", "计时波动太大，在这里无法判断")
    : int8Faster ? ("holds here", "在这里成立") : ("not shown here", "在这里没有得到证实")
  metrics.record("article_check_faster_inference", english: fasterInference.0, chinese: fasterInference.1)
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
    record("target_int8_speedup", met: metrics.number("int8_speedup") >= 2)
  } else {
    metrics.record("target_int8_speedup",
      english: "not judged: the timing was too unsteady (our passes fail the medians check described below)",
      chinese: "无法判断：计时波动太大（我们的前向传播没有通过下文所说的中位数检查）")
  }
  record("target_pruned_90", met: metrics.number("pruned_90_drop_points") <= 1)
}
