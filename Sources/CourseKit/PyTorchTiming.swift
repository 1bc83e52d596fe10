import Foundation

/// One epoch of a peers' workload trained by PyTorch on this machine, in this
/// run (`--compare-pytorch`): the peers' script `torch_peers.py`, run with
/// Debian's `/usr/bin/python3` and `python3-torch` as in their RESULTS.md.
public struct PyTorchTiming: Sendable {
  /// The peers' workload name (`cnn`).
  public let workload: String
  public let trainingExamples: Int
  /// The command that ran, the interpreter first.
  public let command: [String]
  /// The wall time of the epoch's training loop, as the script reports it (`train_seconds`).
  public let epochSeconds: Double
  /// `torch.__version__`, as the script reports it.
  public let torchVersion: String?
  /// The one-minute load average when the script started: another job on the cores slows PyTorch down.
  public let loadAverageBefore: Double

  /// The interpreter the peers' script needs: Debian's, the one `python3-torch` installs into
  /// (`COURSE_PYTHON` names another, one that can import torch).
  static var python: String {
    ProcessInfo.processInfo.environment["COURSE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/python3"
  }

  /// The folder of the peers' scripts: `COURSE_PEERS`, else `shared/peers` beside the package's folder.
  static var peersFolder: URL {
    if let path = ProcessInfo.processInfo.environment["COURSE_PEERS"], !path.isEmpty {
      return URL(fileURLWithPath: path, isDirectory: true)
    }
    // This file is <package>/Sources/CourseKit/PyTorchTiming.swift; the peers' folder is <package>/../shared/peers.
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/peers", isDirectory: true)
  }

  /// Why PyTorch cannot be timed here ("/usr/bin/python3 cannot import torch",
  /// or the peers' script is missing), or nil when it can: the engine chapter
  /// times it only then, and says why not otherwise.
  public static var unavailability: String? { bilingualUnavailability?.english }

  /// ``unavailability`` in the words of both editions of the text: the Chinese
  /// "/usr/bin/python3 无法导入 torch" beside the English.
  public static var bilingualUnavailability: (english: String, chinese: String)? {
    let script = peersFolder.appendingPathComponent("torch_peers.py")
    guard FileManager.default.fileExists(atPath: script.path) else {
      return ("the peers' script \(script.path) is missing", "同伴脚本 \(script.path) 不存在")
    }
    return bilingualTorchImportFailure
  }

  /// Why the interpreter cannot import torch here ("/usr/bin/python3 cannot
  /// import torch"), or nil when it can: for a chapter's own PyTorch script.
  public static var torchImportFailure: String? { bilingualTorchImportFailure?.english }

  /// ``torchImportFailure`` in the words of both editions.
  public static var bilingualTorchImportFailure: (english: String, chinese: String)? {
    guard FileManager.default.isExecutableFile(atPath: python), (try? run([python, "-c", "import torch"]))?.status == 0
    else { return ("\(python) cannot import torch", "\(python) 无法导入 torch") }
    return nil
  }

  /// Runs a script with the interpreter that imports torch, and waits for it.
  ///
  /// - Returns: Its exit status, standard output and standard error.
  public static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    try run([python] + arguments)
  }

  /// One epoch of `workload` on its first `trainingExamples` examples, with the
  /// peers' script; see ``measure(workload:trainingExamples:peersFolder:python:)``.
  public static func timeOneEpoch(workload: String, trainingExamples: Int) throws -> PyTorchTiming {
    try measure(workload: workload, trainingExamples: trainingExamples)
  }

  /// Runs the peers' script for one epoch of `workload` on its first `trainingExamples` examples.
  ///
  /// - Throws: A one-line ``ChapterError`` naming what is missing (the script, the
  ///   interpreter, PyTorch itself) and how to get it.
  static func measure(
    workload: String, trainingExamples: Int, peersFolder: URL = peersFolder, python: String = python
  ) throws -> PyTorchTiming {
    let script = peersFolder.appendingPathComponent("torch_peers.py")
    guard FileManager.default.fileExists(atPath: script.path) else {
      throw ChapterError("--compare-pytorch: no peers' script \(script.path); "
        + "set COURSE_PEERS to the folder that holds torch_peers.py, or run without --compare-pytorch")
    }
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw ChapterError("--compare-pytorch: \(python) is missing; install Debian's PyTorch "
        + "(apt-get install -y python3-torch libopenblas0-openmp), or run without --compare-pytorch")
    }
    let command = [python, script.path, "--workload", workload, "--epochs", "1", "--smoke", String(trainingExamples)]
    let loadAverage = currentLoadAverage()
    let (status, output, errors) = try run(command)
    guard status == 0 else {
      let lastLine = errors.split(separator: "\n").last.map(String.init) ?? "no message"
      let missingTorch = errors.contains("No module named 'torch'")
      throw ChapterError("--compare-pytorch: torch_peers.py --workload \(workload) failed (exit \(status): \(lastLine)); "
        + (missingTorch ? "install Debian's PyTorch (apt-get install -y python3-torch libopenblas0-openmp), or " : "")
        + "run without --compare-pytorch")
    }
    // One JSON object per line: a setup event, one per epoch (with train_seconds), a summary.
    let events = output.split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
    guard let seconds = events.lazy.compactMap({ $0["train_seconds"] as? Double }).first else {
      throw ChapterError("--compare-pytorch: torch_peers.py --workload \(workload) printed no epoch time (train_seconds)")
    }
    return PyTorchTiming(
      workload: workload, trainingExamples: trainingExamples, command: command, epochSeconds: seconds,
      torchVersion: events.lazy.compactMap({ $0["torch_version"] as? String }).first, loadAverageBefore: loadAverage)
  }

  /// Runs `command` and waits for it, returning its exit status, standard output and standard error.
  private static func run(_ command: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let (output, errors) = (Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw ChapterError("--compare-pytorch: cannot start \(command[0]): \(error.localizedDescription)")
    }
    // Standard error drains on another thread, so that neither pipe can fill up and block the script.
    let errorText = ErrorText()
    let drained = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      errorText.value = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      drained.signal()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText.value)
  }
}

/// Standard error of the peers' script, written by the thread that drains it
/// and read after that thread signalled it was done.
private final class ErrorText: @unchecked Sendable {
  var value = ""
}
