import CourseKit
import Foundation

// How the classifiers' test results are compared: the chapter's test set is
// small, so every difference is set against the spread the draw of the test
// fortunes alone would give it.

/// The binomial standard error of an accuracy measured on `count` examples.
func binomialStandardError(_ accuracy: Double, count: Int) -> Double {
  (accuracy * (1 - accuracy) / Double(count)).squareRoot()
}

/// Records, as an object under `key`, how much `better`'s final test accuracy
/// exceeds `baseline`'s (`final`, a fraction of the test set), the standard
/// error of that difference and the difference in standard errors, the
/// difference averaged over the last three epochs, and a verdict derived from
/// the number of standard errors for the text to quote. Returns that number.
///
/// The standard error takes the two accuracies as independent binomial
/// measurements. Both models are scored on the same fortunes, so it
/// overstates the error somewhat.
func recordGain(
  _ chapter: ChapterRun, _ key: String, of better: ClassifierHistory, over baseline: ClassifierHistory, testCount: Int
) -> Double {
  let (top, bottom) = (better.testAccuracy.last ?? 0, baseline.testAccuracy.last ?? 0)
  let standardError = (pow(binomialStandardError(top, count: testCount), 2)
    + pow(binomialStandardError(bottom, count: testCount), 2)).squareRoot()
  let inStandardErrors = standardError > 0 ? (top - bottom) / standardError : 0
  // The gain averaged over the last three epochs, less at the mercy of one epoch's draw.
  func lastThree(_ accuracies: [Double]) -> Double {
    let last = accuracies.suffix(3)
    return last.reduce(0, +) / Double(max(last.count, 1))
  }
  let verdict = gainVerdict(inStandardErrors: inStandardErrors)
  chapter.metrics.record(
    key,
    MetricValue.object([
      ("final", .number(top - bottom)), ("standard_error", .number(standardError)),
      ("in_standard_errors", .number(inStandardErrors)),
      ("last_epochs", .number(lastThree(better.testAccuracy) - lastThree(baseline.testAccuracy))),
    ] + MetricValue.bilingualFields("verdict", english: verdict.english, chinese: verdict.chinese)))
  return inStandardErrors
}

/// What a difference of `inStandardErrors` standard errors allows one to say,
/// as a clause that follows "…standard errors:" (in Chinese, "……个标准误：").
/// Two standard errors is the usual line of a test at about 5 %; below it the
/// draw of the test set alone could give the difference.
func gainVerdict(inStandardErrors: Double) -> (english: String, chinese: String) {
  switch inStandardErrors {
  case 2...: ("beyond two, more than the luck of the test draw would be likely to give",
    "超过两个，大于测试集抽取的运气可能带来的差异")
  case 1..<2: ("between one and two, a hint only: the luck of the test draw could give as much",
    "介于一个和两个之间，只是一个迹象：测试集抽取的运气也可能带来这么大的差异")
  case -1 ..< 1: ("within one, a difference this test set cannot resolve", "不到一个，这个测试集分辨不出这样的差异")
  case -2 ..< -1: ("a loss, but within two: the luck of the test draw could give as much",
    "是损失，但不到两个：测试集抽取的运气也可能带来这么大的差异")
  default: ("a loss beyond two, more than the luck of the test draw would be likely to give",
    "是超过两个的损失，大于测试集抽取的运气可能带来的差异")
  }
}

/// What the block's gain owes to attention, as a sentence for the text, from
/// three gains in standard errors: the full block's over the bag, the block
/// without attention's over the bag (its MLP), and the full block's over the
/// block without attention (attention). Only a gain beyond two standard
/// errors is credited to anything. Whole sentences in both editions.
func attentionConclusion(block: Double, mlp: Double, attention: Double) -> (english: String, chinese: String) {
  if attention >= 2 {
    return ("In this run, then, the MLP alone does not give the block's gain: the same block without attention "
      + "falls short of the full block by more than two standard errors, so what attention adds, letting each "
      + "byte see the other bytes of its fortune, helps to tell the two files apart.",
      "由此可见，在本次运行中，块的提升并非单靠多层感知机得来：去掉注意力的同一个块比完整的块差两个标准误以上，"
      + "所以注意力所增加的东西，即让每个字节看到同一条格言中的其他字节，有助于区分这两个文件。")
  }
  if attention <= -2 {
    return ("In this run, then, attention does not add to the block's gain: the block without it does better, "
      + "by more than two standard errors.",
      "由此可见，在本次运行中，注意力没有让块的提升更大：去掉注意力的块反而更好，差距超过两个标准误。")
  }
  if mlp >= 2 {
    return ("This run, then, does not show that attention adds to the block's gain: the block without attention "
      + "already gains more than two standard errors over the bag and comes within two of the full block, so "
      + "the gain may be its MLP's, which scores each byte and position alone.",
      "由此可见，本次运行并不能说明注意力让块的提升更大：去掉注意力的块相对字节袋已有两个标准误以上的提升，"
      + "与完整的块相差不到两个标准误，所以提升可能来自它的多层感知机，而多层感知机只是单独为每个字节和位置打分。")
  }
  if block >= 2 {
    return ("This run, then, cannot say how the block's gain splits between attention and the MLP: the whole "
      + "block gains more than two standard errors over the bag, but neither part does by itself.",
      "由此可见，本次运行无法说明块的提升在注意力和多层感知机之间如何分配：整个块相对字节袋的提升超过两个标准误，"
      + "但两部分单独都做不到。")
  }
  return ("This run, then, credits neither attention nor the MLP: no difference between the three models "
    + "goes beyond two standard errors.",
    "由此可见，本次运行既不能把提升归功于注意力，也不能归功于多层感知机：三个模型之间没有哪个差异超过两个标准误。")
}

/// Records the epoch (1-based) after which `name`'s test loss was lowest, that
/// loss, and a clause saying what the loss did after it, for the text.
func recordLowestTestLoss(_ chapter: ChapterRun, name: String, history: ClassifierHistory) {
  guard let lowest = history.testLoss.min(), let index = history.testLoss.firstIndex(of: lowest),
    let last = history.testLoss.last
  else { return }
  chapter.metrics.record("classifier_\(name)_lowest_test_loss_epoch", index + 1)
  chapter.metrics.record("classifier_\(name)_lowest_test_loss", lowest)
  // A clause after "…lowest after epoch N of M,"; the Chinese follows "……在第 N 轮后最低（共 M 轮），".
  let isLast = index + 1 == history.testLoss.count
  chapter.metrics.record(
    "classifier_\(name)_test_loss_after_lowest",
    english: isLast ? "the last one" : String(format: "and %.3f higher after the last", last - lowest),
    chinese: isLast ? "即最后一轮" : String(format: "最后一轮之后则高出 %.3f", last - lowest))
}
