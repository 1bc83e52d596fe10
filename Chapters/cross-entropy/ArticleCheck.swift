import Autograd
import CourseKit
import Datasets
import Foundation

/// The article check: what article 002's code feeds its first Dense layer, and what
/// its `fit` call trains on.
func articleCheck(_ chapter: ChapterRun, data: FashionData) {
  chapter.section("Article check: the code of article 002 §5")
  let indices = Array(0..<min(32, data.train.count))
  // region: unflattened-input
  // x_train = x_train / 255.0 keeps load_data()'s shape: one 28×28 matrix per image.
  let (images, _) = data.train.tensorBatch(at: indices)  // [32, 28, 28], as the article's code has them
  let firstLayer = Linear(inputSize: 784, outputSize: 64, random: chapter.random)  // Dense(64, input_shape=(784,))
  let accepted = images.shape.last == firstLayer.weight.shape[0]  // a Dense layer multiplies along the last axis
  // Without input_shape, Keras would size the first layer by that last axis (28) instead:
  // every row of pixels becomes its own "example", and the network answers 28 times per image.
  let rowWise = Sequential([
    Linear(inputSize: 28, outputSize: 64, random: chapter.random), ReLU(),
    Linear(inputSize: 64, outputSize: 64, random: chapter.random), ReLU(),
    Linear(inputSize: 64, outputSize: 10, random: chapter.random),
  ])
  let rowWiseShape = withoutGradient { rowWise(images).shape }
  // endregion
  chapter.say("The article's images reach the first layer as \(images.shape) (all of x_train: "
    + "[\(data.fullTrainCount), \(data.train.height), \(data.train.width)]); Dense(64, input_shape=(784,)) "
    + "needs a last axis of \(firstLayer.weight.shape[0]): accepted = \(accepted).")
  chapter.say("A first layer sized by the last axis instead answers with shape \(rowWiseShape) for \(images.shape[0]) images, "
    + "which one label per image cannot match.")
  chapter.metrics.record("article_input_shape", [data.fullTrainCount, data.train.height, data.train.width])
  // x_test = x_test / 255.0 keeps its shape too: model.evaluate(x_test, y_test) meets the same first layer.
  chapter.metrics.record("article_test_input_shape", [data.fullTestCount, data.test.height, data.test.width])
  chapter.metrics.record("article_batch_shape", images.shape)
  chapter.metrics.record("article_dense_input_size", firstLayer.weight.shape[0])
  chapter.metrics.record("article_input_accepted", accepted)
  chapter.metrics.record("row_wise_output_shape", rowWiseShape)

  // validation_split=0.2 holds out the last 20% of the training images before shuffling.
  let validationCount = Int(Double(data.fullTrainCount) * 0.2)
  chapter.metrics.record("article_fit_images", data.fullTrainCount - validationCount)
  chapter.metrics.record("article_validation_images", validationCount)
  // Figures the chapter quotes beside its own, recorded so the text cites them as it cites the run's.
  chapter.metrics.record("article_test_accuracy", 0.9870)  // 002 §5.4, line 296: "Test accuracy: 0.9870"
  // Fashion-MNIST's README, benchmark table: "MLP 256-128-100", 0.8833 (submitted, not tested by Zalando).
  chapter.metrics.record("cited_zalando_mlp_accuracy", 0.8833)
  chapter.say("validation_split=0.2: the article's fit trains on \(data.fullTrainCount - validationCount) images "
    + "and validates on \(validationCount); this chapter trains on all \(data.train.count) and tests on the test split.")
}
