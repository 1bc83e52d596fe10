import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// The gradient norms of each layer's weights, one value per epoch: the mean
/// over the epoch's mini-batch steps, and the gradient of the whole training
/// set at the epoch's end.
struct LayerGradientNorms {
  var w1: [Double] = []
  var w2: [Double] = []
  var fullBatchW1: [Double] = []
  var fullBatchW2: [Double] = []
}

/// A 2-8-1 network learns the XOR clouds by the hand-derived gradients alone:
/// no autograd anywhere in the loop.
func handWrittenTraining(_ chapter: ChapterRun) throws -> LayerGradientNorms {
  chapter.section("Training with hand-written backpropagation")
  let noise = 0.5
  let train = XORClouds(count: 400, noise: noise, random: chapter.random)
  let test = XORClouds(count: 400, noise: noise, random: chapter.random)
  var network = TwoLayerNetwork(inputs: 2, hidden: 8, outputs: 1, scale: 1, random: chapter.random)
  let learningRate = 0.5
  let batchSize = 16
  chapter.say("2-8-1 network (tanh, sigmoid), cross-entropy, plain gradient descent with η = \(learningRate), batches of \(batchSize)")

  var trainLoss: [Double] = []
  var wholeSetLoss: [Double] = []  // the whole training set's loss at each epoch's end
  var epochSeconds: [Double] = []
  var testAccuracy: [Double] = []
  var norms = LayerGradientNorms()
  for epoch in 1...chapter.epochs {
    let start = DispatchTime.now().uptimeNanoseconds
    var lossSum = 0.0
    var normSums = (w1: 0.0, w2: 0.0)
    let batches = EpochBatches(count: train.count, batchSize: batchSize, seed: chapter.seed, epoch: epoch)
    for indices in batches {
      let (x, y) = train.batch(indices)
      // region: training-step
      let pass = network.forward(x)
      let gradients = network.gradients(pass, targets: y, .crossEntropy)  // the deltas, by hand
      network.descend(along: gradients, learningRate: learningRate)
      // endregion
      lossSum += network.loss(pass, targets: y, .crossEntropy) * Double(indices.count)
      normSums.w1 += gradients.w1.norm
      normSums.w2 += gradients.w2.norm
    }
    epochSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    let loss = lossSum / Double(train.count)
    guard loss.isFinite else { throw ChapterError("training stopped: the loss became \(loss) at epoch \(epoch); try a smaller learning rate") }
    trainLoss.append(loss)
    norms.w1.append(normSums.w1 / Double(batches.count))
    norms.w2.append(normSums.w2 / Double(batches.count))
    // The gradient of the whole training set: what the mini-batch steps estimate.
    let wholeSetPass = network.forward(train.x)
    let fullBatch = network.gradients(wholeSetPass, targets: train.y, .crossEntropy)
    wholeSetLoss.append(network.loss(wholeSetPass, targets: train.y, .crossEntropy))
    norms.fullBatchW1.append(fullBatch.w1.norm)
    norms.fullBatchW2.append(fullBatch.w2.norm)
    testAccuracy.append(accuracy(of: network, on: test))
    if epoch == 1 || epoch % max(1, chapter.epochs / 10) == 0 || epoch == chapter.epochs {
      chapter.say(String(format: "epoch %d/%d: train loss %.4f, test accuracy %.4f", epoch, chapter.epochs, loss, testAccuracy.last!))
    }
  }
  chapter.metrics.record("train_loss", trainLoss)
  chapter.metrics.record("epoch_seconds", epochSeconds)
  chapter.metrics.record("test_accuracy_per_epoch", testAccuracy)
  chapter.metrics.record("test_accuracy", testAccuracy.last!)
  // Plain SGD with a constant η does not lower the loss every epoch: how often it rose.
  chapter.metrics.record("train_loss_rises", zip(trainLoss, trainLoss.dropFirst()).filter { $1 > $0 }.count)
  chapter.metrics.record("whole_set_train_loss", wholeSetLoss)
  chapter.metrics.record("whole_set_train_loss_rises", zip(wholeSetLoss, wholeSetLoss.dropFirst()).filter { $1 > $0 }.count)
  chapter.metrics.record("learning_rate", learningRate)
  chapter.metrics.record("batch_size", batchSize)
  chapter.metrics.record("train_examples", train.count)
  chapter.metrics.record("test_examples", test.count)
  chapter.metrics.record("step_count", chapter.epochs * EpochBatches(count: train.count, batchSize: batchSize, seed: 0, epoch: 1).count)
  chapter.metrics.record("gradient_norm_w1", norms.w1)
  chapter.metrics.record("gradient_norm_w2", norms.w2)
  chapter.metrics.record("full_batch_gradient_norm_w1", norms.fullBatchW1)
  chapter.metrics.record("full_batch_gradient_norm_w2", norms.fullBatchW2)
  // Over the last tenth of training: how much larger a mini-batch's gradient is than the whole set's.
  let lastEpochs = max(1, chapter.epochs / 10)
  func meanOfLast(_ values: [Double]) -> Double { values.suffix(lastEpochs).reduce(0, +) / Double(lastEpochs) }
  chapter.metrics.record("gradient_norm_last_epochs", lastEpochs)
  chapter.metrics.record("minibatch_gradient_norm_w1_last_epochs", meanOfLast(norms.w1))
  chapter.metrics.record("minibatch_over_full_batch_w1", meanOfLast(norms.w1) / meanOfLast(norms.fullBatchW1))
  chapter.metrics.record("minibatch_over_full_batch_w2", meanOfLast(norms.w2) / meanOfLast(norms.fullBatchW2))
  chapter.metrics.record("noise", noise)
  chapter.metrics.record("bayes_accuracy", XORClouds.bayesAccuracy(noise: noise))
  chapter.metrics.record("bayes_rule_test_accuracy", test.signRuleAccuracy)
  chapter.say(String(
    format: "best possible accuracy at noise %.2f: %.4f; the best rule on these test points: %.4f; the network: %.4f",
    noise, XORClouds.bayesAccuracy(noise: noise), test.signRuleAccuracy, testAccuracy.last!))

  try chapter.save(
    Figure(Panel(
      title: "Hand-written backpropagation learns XOR", xLabel: "epoch", yLabel: "cross-entropy",
      yScale: .logarithmic, series: [.line(y: trainLoss, title: "train loss")])),
    as: "training-loss", preview: true)
  return norms
}

/// The fraction of examples whose output lands on the right side of 0.5.
func accuracy(of network: TwoLayerNetwork, on data: XORClouds) -> Double {
  let outputs = network.forward(data.x).a2
  let correct = zip(outputs.scalars, data.y.scalars).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count
  return Double(correct) / Double(data.count)
}
