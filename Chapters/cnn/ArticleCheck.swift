import Autograd
import CourseKit
import Foundation

/// The article check: article 003's convolution formula and worked example,
/// and article 004's network and claimed accuracy, against what this run computes.
func articleCheck(_ chapter: ChapterRun, data: FashionImages) {
  chapter.section("Article check")
  // 003 §4: f(x) = Σᵢ₌₁ⁿ wᵢ xᵢ with x = (1, 2, 3) and w = (1, 1) "gives" 1·1 + 2·1 + 3·1 = 6.
  // The sum runs to n = 3 but w has two entries: w₃ does not exist. One output, no sliding index.
  let valid = chapter.metrics.numbers("example_valid")
  chapter.metrics.record("article_example_claim", 6)
  chapter.metrics.record("article_example_matches_valid", valid == [6])
  chapter.say("003's example: the article says 6; a valid convolution gives \(valid), "
    + "and 6 is Σ xᵢ, the dot product with a kernel (1, 1, 1) of the input's full length.")

  // 004 §5: the Keras code's summary() total, and the claimed accuracy on digit MNIST.
  chapter.metrics.record("article_claimed_accuracy", 0.98)
  chapter.metrics.record("article_epochs", 5)
  let measured = chapter.metrics.number("test_accuracy")
  chapter.metrics.record("accuracy_gap_to_article", 0.98 - measured)
  chapter.say(String(format: "004 claims test accuracy 0.98 on digit MNIST after 5 epochs; on Fashion-MNIST we measure %.4f "
    + "after %d %@.", measured, chapter.epochs, chapter.epochs == 1 ? "epoch" : "epochs"))
  // 004 §5.4: "performance keeps improving during training". After how many epochs did the test figures improve?
  let accuracies = chapter.metrics.numbers("test_accuracy_per_epoch")
  let testLosses = chapter.metrics.numbers("test_loss_per_epoch")
  chapter.metrics.record("epochs_after_the_first", max(accuracies.count - 1, 0))
  chapter.metrics.record("test_accuracy_rises", zip(accuracies, accuracies.dropFirst()).filter { $1 > $0 }.count)
  chapter.metrics.record("test_loss_falls", zip(testLosses, testLosses.dropFirst()).filter { $1 < $0 }.count)
  // 004's code ends with Dense(10, activation='softmax') and loss 'sparse_categorical_crossentropy':
  // the loss takes probabilities. Ours takes logits and applies log-softmax inside, the stable form of the same thing.
  let logits = Tensor(shape: [1, 3], scalars: [2, 1, 0.1])
  let fromLogits = Double(logits.crossEntropy(targets: [0]).scalar)
  let fromProbabilities = -log(Double(logits.softmax()[0, 0]))
  chapter.metrics.record("softmax_inside_loss_difference", abs(fromLogits - fromProbabilities))
}
