import Autograd
import CourseKit
import Foundation

/// The article check's numbers that no other section computes.
func articleCheck(_ chapter: ChapterRun) {
  chapter.section("Article check")
  // 001 §5 trains for `epochs=10` with `batch_size=64`; 003's example is in section 1.
  chapter.metrics.record("article_epochs", 10)
  chapter.metrics.record("article_batch_size", 64)
  let states = chapter.metrics.numbers("rnn_example_states")
  let largest = zip(states, [0.63, 0.86, 0.95]).map { abs($0 - $1) }.max() ?? 0
  chapter.metrics.record("rnn_example_largest_error", largest)
  chapter.say(String(format: "003's worked RNN example is off by up to %.3f; 001's code has no generation loop "
    + "(see the samples section for one).", largest))
}
