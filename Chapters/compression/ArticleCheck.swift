import CourseKit

/// The article check's verdicts, in words derived from the run's numbers.
func articleCheck(_ chapter: ChapterRun) {
  chapter.section("Article check")
  let metrics = chapter.metrics
  // 000 §3.2 and 002's FAQ: pruning and quantization make the model smaller.
  let smaller = metrics.number("int8_size_ratio") < 0.3 && metrics.number("sparse_90_size_ratio") < 0.3
  // Each verdict is a predicate in both editions: "int8 inference is faster", "int8 推理更快".
  chapter.metrics.record("article_check_smaller", english: smaller ? "holds" : "does not hold", chinese: smaller ? "成立" : "不成立")
  // 000 §3.2: and deployment more efficient (faster), which unstructured pruning does not give on a CPU.
  let int8Faster = metrics.number("int8_speedup") > 1, sparseFaster = metrics.number("sparse_90_time_ratio") < 0.9
  chapter.metrics.record("article_check_int8_faster", english: int8Faster ? "faster" : "not faster", chinese: int8Faster ? "更快" : "没有更快")
  chapter.metrics.record("article_check_sparse_faster", english: sparseFaster ? "faster" : "not faster", chinese: sparseFaster ? "更快" : "没有更快")
  // 002's FAQ: faster inference through hardware (the processor's integer instructions) and better algorithms (int8).
  let fasterInference = metrics.number("int8_scalar_slowdown_batch_1") > 1 && metrics.number("int8_speedup") > 1
  chapter.metrics.record("article_check_faster_inference",
    english: fasterInference ? "holds here" : "not shown here", chinese: fasterInference ? "在这里成立" : "在这里没有得到证实")
  // 002's FAQ: distillation keeps the large model's performance in a small one.
  let gain = metrics.number("distillation_gain_points")
  let beyondSpread = metrics["distillation_gain_exceeds_spread"] == .flag(true)
  chapter.metrics.record("article_check_distillation",
    english: gain > 0 ? (beyondSpread ? "ahead by more than the seed spread" : "ahead, but by less than the seed spread") : "not ahead",
    chinese: gain > 0 ? (beyondSpread ? "领先，且领先幅度超过种子间的波动" : "领先，但领先幅度小于种子间的波动") : "没有领先")
  recordDistillationConclusions(chapter)
  recordTargets(chapter)
  chapter.say("smaller: \(smaller); int8 faster: \(metrics.number("int8_speedup") > 1); "
    + String(format: "distillation: %+.2f points against labels alone", gain))
}

/// The distillation paragraph's conclusion and the article check's verdict on
/// it, from the run: shown only when the median gain exceeds both seed ranges.
func recordDistillationConclusions(_ chapter: ChapterRun) {
  let shown = chapter.metrics["distillation_gain_exceeds_spread"] == .flag(true)
  chapter.metrics.record("distillation_conclusion", shown
    ? "so in this run distillation helped this student by more than the seeds move it, for this recipe"
    : "so this run does not tell an effect of distillation on this student apart from what the seed does, for this recipe")
  chapter.metrics.record("distillation_conclusion@zh", shown
    ? "因此在这一训练方案下，本次运行中蒸馏对这个学生模型的帮助超过了随机种子带来的变化"
    : "因此在这一训练方案下，本次运行无法把蒸馏对这个学生模型的作用与随机种子带来的变化区分开")
  chapter.metrics.record("article_check_distillation_verdict", shown ? "holds here" : "not shown here")
  chapter.metrics.record("article_check_distillation_verdict@zh", shown ? "在此成立" : "此处未能证实")
  chapter.metrics.record("article_check_distillation_conclusion", shown
    ? "so in this run the teacher's softened outputs, not the student's own training alone, made the difference"
    : "so in this run the small model kept what it kept by its own training, not by the teacher's")
  chapter.metrics.record("article_check_distillation_conclusion@zh", shown
    ? "所以本次运行中，起作用的是教师模型软化后的输出，而不只是学生模型自己的训练"
    : "所以本次运行中，小模型保留的性能来自它自己的训练，而不是教师模型")
}

/// The issue's targets, met or not, in words for the text (from this run's numbers, never typed).
func recordTargets(_ chapter: ChapterRun) {
  let metrics = chapter.metrics
  let change = metrics.number("int8_accuracy_change_points")
  // After "(the target of …:" in both editions ("（目标是……：达到）").
  func record(_ key: String, met: Bool) { chapter.metrics.record(key, english: met ? "met" : "missed", chinese: met ? "达到" : "未达到") }
  record("target_int8_accuracy", met: abs(change) <= 0.5 || change > 0)
  record("target_int8_size", met: metrics.number("int8_size_ratio") <= 0.27)
  record("target_int8_speedup", met: metrics.number("int8_speedup") >= 2)
  record("target_pruned_90", met: metrics.number("pruned_90_drop_points") <= 1)
}
