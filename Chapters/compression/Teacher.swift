import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Where a full `cnn` run leaves its trained network.
let chapterFourCheckpoint = ".build/course/cnn/checkpoint.safetensors"

/// Section 1: the network to compress, chapter 4's CNN (workload W2).
///
/// With `--teacher FILE`, or when a full `cnn` run left its checkpoint, the
/// weights are read from it after checking every tensor's name and shape; a
/// file of another network or a damaged one ends the run with one line that
/// names it. Otherwise (and always with `--quick`) the network is trained here
/// with chapter 4's recipe.
func obtainTeacher(_ chapter: ChapterRun, data: FashionData, requested: String?) throws -> Sequential {
  chapter.section("The teacher: chapter 4's CNN")
  let model = makeConvolutionalNetwork(random: chapter.random)
  let path = requested ?? (chapter.isQuick ? nil : chapterFourCheckpoint)
  if let path, requested != nil || FileManager.default.fileExists(atPath: path) {
    try loadTeacher(into: model, from: path, explicitly: requested != nil)
    chapter.say("Weights read from \(path) (names and shapes checked).")
    // The predicate of "The run shown here …" ("这里展示的运行……").
    chapter.metrics.record("teacher_source",
      english: path == chapterFourCheckpoint ? "read chapter 4's checkpoint" : "read chapter 4's network from \(path) (given with --teacher)",
      chinese: path == chapterFourCheckpoint ? "读取了第 4 章的检查点" : "从 \(path) 读取了第 4 章的网络（由 `--teacher` 指定）")
    chapter.metrics.record("epoch_seconds", [Double]())
  } else {
    try trainTeacher(chapter, model: model, data: data)
    chapter.metrics.record("teacher_source", english: "trained the network itself with chapter 4's recipe", chinese: "按第 4 章的方法自己训练了这个网络")
  }
  let accuracy = testAccuracy(logits(of: model, for: data.test), data.test)
  chapter.say(String(format: "float32 test accuracy: %.4f", accuracy))
  chapter.metrics.record("float_test_accuracy", accuracy)
  return model
}

/// Loads a checkpoint of chapter 4's network, or explains in one line why it is not one.
private func loadTeacher(into model: Sequential, from path: String, explicitly: Bool) throws {
  do {
    try loadCheckpoint(into: model, from: URL(fileURLWithPath: path))
  } catch {
    let fix = explicitly
      ? "pass a checkpoint.safetensors written by the cnn chapter"
      : "run the cnn chapter again (swift run -c release cnn), or pass --teacher with its checkpoint"
    throw ChapterError("\(error) — not a checkpoint of chapter 4's network; \(fix)")
  }
}

/// Chapter 4's recipe (workload W2): Adam 1e-3, batches of 32, each batch's halves on the two cores.
private func trainTeacher(_ chapter: ChapterRun, model: Sequential, data: FashionData) throws {
  let (train, test) = (data.train, data.test)
  let workload = Workload.w2
  let optimizer = workload.makeOptimizer(for: model)
  try chapter.train(
    model: model, optimizer: optimizer,
    batches: { epoch in
      EpochBatches(count: train.count, batchSize: workload.batchSize, seed: chapter.seed, epoch: epoch)
        .map(ExampleIndices.init)
    },
    prepare: { batch in (train.nhwcImages(at: batch.indices), train.labels(at: batch.indices)) },
    inHalves: true,
    loss: { images, labels in model(images).crossEntropy(targets: labels) },
    evaluate: { _ in [("teacher_test_accuracy", testAccuracy(logits(of: model, for: test), test))] })
}

/// A network of the same layers with `source`'s values, to change without touching `source`.
func copy(of source: Sequential, build: (RandomGenerator) -> Sequential = makeConvolutionalNetwork) -> Sequential {
  let model = build(RandomGenerator(seed: 0))
  assign(zip(model.parameters, source.parameters).map { ($0, $1.value.scalars) })
  return model
}

/// Sets each parameter's values, keeping its shape and its place in the optimizer.
func assign(_ values: [(Parameter, [Float])]) {
  for (parameter, scalars) in values {
    parameter.value = Tensor(shape: parameter.shape, scalars: scalars).requiringGradient()
  }
}
