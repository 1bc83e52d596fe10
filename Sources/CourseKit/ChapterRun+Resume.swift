import Autograd
import Foundation

// What a checkpoint records besides the weights, and how `--resume` checks it
// before any chapter code sees the history: a checkpoint is a file anyone can
// damage or edit, and a resumed run must be the run it claims to continue.

extension ChapterRun {
  /// The history so far, as metadata strings: one line per epoch of
  /// `epoch loss seconds name=value …`, with what the run was (chapter, seed, --quick).
  func checkpointMetadata(_ history: [EpochResult]) -> [String: String] {
    let lines = history.map { result in
      (["\(result.epoch)", "\(result.trainLoss)", "\(result.seconds)"]
        + result.evaluation.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }
    return ["chapter": slug, "seed": "\(seed)", "quick": "\(isQuick)", "history": lines.joined(separator: "\n")]
  }

  /// Loads the checkpoint into `model` and `optimizer` and returns its
  /// history, after checking everything a resumed run relies on.
  ///
  /// The weights must be finite; the checkpoint must come from this chapter,
  /// seed and kind of run (`--quick` or not); its history must list epochs
  /// 1, 2, … up to at most ``epochs``, each with finite numbers and the names
  /// `evaluate` measures; the optimizer must have taken the steps those
  /// epochs' `batches` make; and `evaluate` on the loaded weights must give what
  /// the history says it gave after the last epoch, so that weights and
  /// history belong together.
  ///
  /// - Throws: a one-line ``ChapterError`` that says what is wrong and how to start afresh.
  func resumeHistory<Batch>(
    model: some Layer, optimizer: some Optimizer, batches: (_ epoch: Int) -> [Batch],
    evaluate: (_ epoch: Int) -> [(name: String, value: Double)]
  ) throws -> [EpochResult] {
    let path = checkpointURL.path
    func refusal(_ problem: String) -> ChapterError {
      ChapterError("--resume: \(path): \(problem); delete it, or run without --resume to start afresh")
    }
    var status = stat()
    guard lstat(path, &status) == 0 else {
      throw ChapterError("--resume: no checkpoint at \(path); run without --resume to start afresh")
    }
    let stepsBefore = optimizer.stepCount
    let metadata: [String: String]
    do {
      metadata = try loadCheckpoint(into: model, optimizer: optimizer, from: checkpointURL)
    } catch {
      throw ChapterError("--resume: \(error); delete it, or run without --resume to start afresh")
    }
    guard metadata["chapter"] == slug, metadata["seed"] == "\(seed)" else {
      throw ChapterError(
        "--resume: \(path) was written by chapter \(metadata["chapter"] ?? "?") with seed "
          + "\(metadata["seed"] ?? "?"), not \(slug) with seed \(seed); use the same flags or run without --resume")
    }
    let kind = { (quick: Bool) in quick ? "a --quick run" : "a full run (without --quick)" }
    guard let quick = metadata["quick"].flatMap(Bool.init) else {
      throw refusal("it does not record whether it is from a --quick run (an older or edited checkpoint)")
    }
    guard quick == isQuick else {
      throw ChapterError(
        "--resume: \(path) is from \(kind(quick)), this is \(kind(isQuick)); "
          + "use the same flags, or run without --resume to start afresh")
    }
    let history: [EpochResult]
    do {
      history = try Self.parseHistory(metadata["history"] ?? "")
    } catch {
      throw refusal(error.description)
    }
    guard history.count <= epochs else {
      throw ChapterError(
        "--resume: \(path) holds \(history.count) epochs but this run trains \(epochs); "
          + "pass --epochs \(history.count) or more, or run without --resume to start afresh")
    }

    // The weights must be those of the epochs the history lists.
    let steps = (1...history.count).reduce(stepsBefore) { $0 + batches($1).count }
    guard optimizer.stepCount == steps else {
      throw refusal(
        "its optimizer took \(optimizer.stepCount - stepsBefore) steps, but the \(history.count) epochs of its history "
          + "take \(steps - stepsBefore) in this run: the weights and the history are not from the same run")
    }
    // And give what the history says they gave.
    model.setTraining(false)
    let measured = withoutGradient { evaluate(history.count) }
    let recorded = history.last!.evaluation
    guard measured.map(\.name) == recorded.map(\.name) else {
      let names = { (list: [(name: String, value: Double)]) in list.isEmpty ? "nothing" : list.map(\.name).joined(separator: ", ") }
      throw refusal("its history records \(names(recorded)) after each epoch, but this chapter measures \(names(measured))")
    }
    for (fresh, stored) in zip(measured, recorded) where !Self.agree(fresh.value, stored.value) {
      throw refusal(
        "its weights give \(fresh.name) \(fresh.value), but its history says \(stored.value) after epoch "
          + "\(history.count): the weights and the history are not from the same run")
    }
    say("Resuming after epoch \(history.count) from \(path)")
    return history
  }

  /// Whether a value measured again agrees with the recorded one: the same
  /// weights give the same numbers up to rounding (another `--threads` sums
  /// in another order), so 1% is a wide margin that a different run exceeds.
  static func agree(_ measured: Double, _ recorded: Double) -> Bool {
    abs(measured - recorded) <= 0.01 * max(1, abs(recorded))
  }

  /// The epochs of a checkpoint's `history` text, strictly parsed.
  ///
  /// - Throws: a ``ChapterError`` naming the first line that is not an
  ///   epoch of the run: unreadable, out of order, not finite, or measuring
  ///   other names than the first epoch.
  static func parseHistory(_ text: String) throws(ChapterError) -> [EpochResult] {
    var history: [EpochResult] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !text.isEmpty {
      let epoch = history.count + 1
      func problem(_ what: String) -> ChapterError {
        ChapterError("its history line \(epoch) (\"\(line.prefix(60))\") \(what)")
      }
      let fields = line.split(separator: " ")
      guard fields.count >= 3, let number = Int(fields[0]), let loss = Double(fields[1]),
        let seconds = Double(fields[2])
      else { throw problem("is not 'epoch loss seconds name=value …'") }
      guard number == epoch else { throw problem("is epoch \(number), expected epoch \(epoch)") }
      guard loss.isFinite, seconds.isFinite, seconds >= 0 else {
        throw problem("has a training loss or time that is not a finite number")
      }
      var evaluation: [(name: String, value: Double)] = []
      for field in fields.dropFirst(3) {
        let parts = field.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
          throw problem("has '\(field.prefix(30))', not name=finite number")
        }
        guard !evaluation.contains(where: { $0.name == parts[0] }) else { throw problem("names \(parts[0]) twice") }
        evaluation.append((String(parts[0]), value))
      }
      if let first = history.first, first.evaluation.map(\.name) != evaluation.map(\.name) {
        throw problem("measures other things than epoch 1")
      }
      history.append(EpochResult(epoch: epoch, trainLoss: loss, seconds: seconds, evaluation: evaluation))
    }
    guard !history.isEmpty else { throw ChapterError("its history holds no finished epoch") }
    return history
  }
}
