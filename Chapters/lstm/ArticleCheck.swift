import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// The article check's numbers that no other section computes: how far 003's
/// worked example is off, what 001's listing's metric (accuracy) says of the
/// trained model, and how much the last epoch still gained.
func articleCheck(_ chapter: ChapterRun, model: CharacterLSTM, text: FortunesText) {
  chapter.section("Article check")
  // 001 §5 trains for `epochs=10` with `batch_size=64`; 003's example is computed in Recurrence.swift.
  chapter.metrics.record("article_epochs", 10)
  chapter.metrics.record("article_batch_size", 64)
  let states = chapter.metrics.numbers("rnn_example_states")
  let largest = zip(states, [0.63, 0.86, 0.95]).map { abs($0 - $1) }.max() ?? 0
  chapter.metrics.record("rnn_example_largest_error", largest)
  // 001 §5 asks Keras for metrics=['accuracy']: how often the likeliest next byte is the right one.
  let accuracy = nextByteAccuracy(of: model, on: text.validation)
  chapter.metrics.record("val_accuracy", accuracy)
  // 001 §4.3 iterates "until the model converges": what the last epoch still gained.
  let bits = chapter.metrics.numbers("val_bpc_per_epoch")
  chapter.metrics.record("val_bpc_last_epoch_gain", bits.count >= 2 ? bits[bits.count - 2] - bits[bits.count - 1] : 0)
  chapter.say(String(format: "003's worked RNN example is off by up to %.3f; 001's code has no generation loop "
    + "(see the samples section for one); the listing's accuracy metric on our model: %.1f%% of validation bytes.",
    largest, accuracy * 100))
}

/// The fraction of validation positions where the model's likeliest next
/// byte is the byte that comes: Keras's `accuracy` for this model.
func nextByteAccuracy(of model: CharacterLSTM, on windows: TextWindows, chunkSize: Int = 256) -> Double {
  withoutGradient {
    var correct = 0
    for start in stride(from: 0, to: windows.count, by: chunkSize) {
      let indices = Array(start..<min(start + chunkSize, windows.count))
      let batch = windows.batch(at: indices)
      let logits = model(ids: batch.inputs, shape: [indices.count, windows.length])
      let vocabulary = logits.shape[1]
      logits.scalars.withUnsafeBufferPointer { scores in
        for (position, target) in batch.targets.enumerated() {
          let row = scores[(position * vocabulary)..<((position + 1) * vocabulary)]
          if row.indices.max(by: { row[$0] < row[$1] }) == position * vocabulary + target { correct += 1 }
        }
      }
    }
    return Double(correct) / Double(windows.count * windows.length)
  }
}
