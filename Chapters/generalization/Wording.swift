import CourseKit
import Foundation

/// A phrase of the text whose words depend on the run's numbers, in the
/// English edition and the Chinese one.
struct Words {
  let english: String
  let chinese: String
}

/// Records `words` under `key` and its Chinese twin under `key@zh`.
func recordWords(_ chapter: ChapterRun, _ key: String, _ words: Words) {
  chapter.metrics.record(key, words.english)
  chapter.metrics.record(key + "@zh", words.chinese)
}

/// How a difference compares with a seed-to-seed spread: well inside it
/// (under half), inside, about the spread itself (0.8 to 1.25 times), or beyond.
func margin(_ difference: Double, against spread: Double) -> Words {
  let ratio = abs(difference) / spread
  if ratio < 0.5 { return Words(english: "well inside the seed spread", chinese: "远在随机种子间的波动之内") }
  if ratio < 0.8 { return Words(english: "inside the seed spread", chinese: "在随机种子间的波动之内") }
  if ratio <= 1.25 { return Words(english: "about the seed spread itself", chinese: "与随机种子间的波动相当") }
  return Words(english: "beyond the seed spread", chinese: "超出随机种子间的波动")
}

/// How a second network's gap compares with a first's, seed by seed:
/// narrower or wider on every seed, or not the same way on all.
func gapComparison(_ differences: [Double]) -> Words {
  if differences.allSatisfy({ $0 < 0 }) { return Words(english: "narrower on every seed", chinese: "在每个随机种子上都更窄") }
  if differences.allSatisfy({ $0 > 0 }) { return Words(english: "wider on every seed", chinese: "在每个随机种子上都更宽") }
  return Words(english: "narrower on some seeds and wider on others", chinese: "在有的随机种子上更窄，在有的上更宽")
}

/// What the width sweep says of "big models overfit": whether the widest
/// network's gap is wider than the narrowest's, and whether its validation
/// accuracy is lower. Returns the verdict and its reason.
func bigModelsVerdict(gapWidens: Bool, validationFalls: Bool) -> (verdict: Words, reason: Words) {
  switch (gapWidens, validationFalls) {
  case (true, true):
    (Words(english: "right", chinese: "正确"),
     Words(english: "the widest network's gap is wider than the narrowest's and its validation accuracy lower; "
       + "it overfits more and generalizes worse",
           chinese: "最宽的网络比最窄的差距更大，验证准确率也更低；它过拟合更严重，泛化也更差"))
  case (true, false):
    (Words(english: "half right", chinese: "部分正确"),
     Words(english: "the widest network's gap is wider than the narrowest's, but its validation accuracy is not lower; "
       + "it overfits more without generalizing worse",
           chinese: "最宽的网络比最窄的差距更大，但验证准确率并不更低；它过拟合更多，泛化却没有变差"))
  case (false, _):
    (Words(english: "not borne out here", chinese: "本章的运行未能证实"),
     Words(english: "the widest network's gap is no wider than the narrowest's", chinese: "最宽的网络的差距并不比最窄的更大"))
  }
}

/// How much of the distance from plain SGD to momentum a plain SGD step as
/// large as momentum's covers, from the share of the training loss it closes.
func tenfoldStepShare(_ share: Double) -> Words {
  if share >= 1 { return Words(english: "all of it and more", chinese: "全部，甚至更多") }
  if share >= 0.9 { return Words(english: "nearly all of it", chinese: "几乎全部") }
  if share >= 0.75 { return Words(english: "most of it", chinese: "大部分") }
  if share >= 0.25 { return Words(english: "part of it", chinese: "一部分") }
  return Words(english: "little of it", chinese: "很少一部分")
}
