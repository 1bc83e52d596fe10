import Foundation
import Testing

@testable import CourseKit

/// A folder holding a stand-in for the peers' `torch_peers.py`: a shell script
/// (run with /bin/sh in place of Python) that prints what the real one prints
/// for one epoch, or fails as it does without PyTorch.
private func fakePeersFolder(epochSeconds: Double?) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peers-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let script = epochSeconds.map { seconds in
    """
    echo '{"event": "setup", "torch_version": "1.13.0a0"}'
    echo '{"workload": "cnn", "epoch": 1, "train_seconds": \(seconds), "test_accuracy": 0.5}'
    echo '{"event": "summary", "median_train_seconds": \(seconds)}'
    """
  } ?? """
    echo 'Traceback (most recent call last):' >&2
    echo "ModuleNotFoundError: No module named 'torch'" >&2
    exit 1
    """
  try script.write(to: folder.appendingPathComponent("torch_peers.py"), atomically: true, encoding: .utf8)
  return folder
}

private func chapterRun(_ arguments: [String] = []) throws -> (ChapterRun, URL) {
  let out = FileManager.default.temporaryDirectory.appendingPathComponent("peers-run-\(UUID().uuidString)")
  let options = try ChapterOptions.parse(arguments + ["--out", out.path])
  return (try ChapterRun(slug: "demo", defaultEpochs: 1, options: options), out)
}

@Suite("Peer figures and PyTorch side by side")
struct PeerComparisonTests {
  static let cpuInfo = """
    processor\t: 0
    vendor_id\t: AuthenticAMD
    cpu family\t: 25
    model\t\t: 17
    model name\t: AMD EPYC
    flags\t\t: fpu sse avx2 fma avx512f avx512dq

    processor\t: 1
    cpu family\t: 6
    model name\t: Another
    """

  @Test func processorSummaryReadsTheFirstProcessor() {
    let summary = ProcessorSummary(cpuInfo: Self.cpuInfo, environment: [:])
    #expect(summary == ProcessorSummary(modelName: "AMD EPYC", family: 25, model: 17, hasAVX512: true, openBLASCoreType: nil))
    #expect(summary.description == "AMD EPYC, family 25 model 17, with AVX-512")
    #expect(summary.chineseDescription == "AMD EPYC，family 25 model 17，支持 AVX-512")
  }

  @Test func processorSummaryNamesACoreTypeAndTheLackOfAVX512() {
    let withoutAVX512 = Self.cpuInfo.replacingOccurrences(of: " avx512f avx512dq", with: "")
    let summary = ProcessorSummary(cpuInfo: withoutAVX512, environment: ["OPENBLAS_CORETYPE": "Haswell"])
    #expect(!summary.hasAVX512)
    #expect(summary.description == "AMD EPYC, family 25 model 17, without AVX-512, OPENBLAS_CORETYPE=Haswell")
    guard case .object(let pairs) = summary.metricValue else { Issue.record("not an object"); return }
    #expect(pairs.map(\.0) == ["model_name", "family", "model", "avx512", "openblas_coretype", "summary", "summary@zh"])
    #expect(summary.chineseDescription == "AMD EPYC，family 25 model 17，不支持 AVX-512，OPENBLAS_CORETYPE=Haswell")
  }

  @Test func processorSummaryOfAnUnknownProcessor() {
    // An ARM machine's /proc/cpuinfo has neither a model name nor a cpu family.
    let summary = ProcessorSummary(cpuInfo: "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n", environment: [:])
    #expect(summary.description == "unknown, without AVX-512")
  }

  @Test func everyRunRecordsItsProcessor() throws {
    let (run, out) = try chapterRun()
    defer { try? FileManager.default.removeItem(at: out) }
    guard case .object(let machine)? = run.metrics["machine"],
      case .object(let cpu)? = machine.first(where: { $0.0 == "cpu" })?.1
    else { Issue.record("metrics lack machine.cpu"); return }
    #expect(Set(cpu.map(\.0)).isSuperset(of: ["model_name", "avx512", "summary"]))
  }

  @Test func peerTimingsCarryTheirMachineAndNoRatio() throws {
    let (run, out) = try chapterRun()
    defer { try? FileManager.default.removeItem(at: out) }
    run.recordPeerReference(workload: "W2, 5 epochs", timings: ["pytorch_epoch_seconds": 17.08])
    run.recordSideBySide(nil, oursEpochSeconds: 3, examples: "60000 training images", chineseExamples: "60000 张训练图像")
    #expect(run.metrics["peer_figures_source"]?.json.contains("on another machine: " + PeerReference.machine) == true)
    #expect(run.metrics["peer_timings_elsewhere"]?.json.contains(#""machine": "2 vCPUs of an AMD EPYC"#) == true)
    #expect(run.metrics["pytorch_same_run"] == nil)
    #expect(!run.metrics.prettyJSON.contains("ratio"))
    #expect(run.metrics["pytorch_side_by_side"]?.json.contains("did not time PyTorch") == true)
    #expect(run.metrics["pytorch_side_by_side@zh"]?.json.contains("没有在我们的实现旁边为 PyTorch 计时") == true)
    #expect(run.metrics["peer_machine@zh"] == .text(PeerReference.chineseMachine))
  }

  @Test func pytorchTimedInTheRunIsSetSideBySide() throws {
    let peers = try fakePeersFolder(epochSeconds: 8)
    let (run, out) = try chapterRun()
    defer {
      try? FileManager.default.removeItem(at: peers)
      try? FileManager.default.removeItem(at: out)
    }
    let timing = try PyTorchTiming.measure(workload: "cnn", trainingExamples: 1000, peersFolder: peers, python: "/bin/sh")
    #expect(timing.epochSeconds == 8)
    #expect(timing.torchVersion == "1.13.0a0")
    #expect(Array(timing.command.suffix(6)) == ["--workload", "cnn", "--epochs", "1", "--smoke", "1000"])
    run.recordSideBySide(timing, oursEpochSeconds: 2, examples: "1000 training images", chineseExamples: "1000 张训练图像")
    let json = try #require(run.metrics["pytorch_same_run"]?.json)
    #expect(json.contains(#""ours_to_pytorch_time_ratio": 0.25"#))
    #expect(json.contains(#""cpu": "\#(ProcessorSummary.current.description)""#))
    let sentence = try #require(run.metrics["pytorch_side_by_side"]?.json)
    #expect(sentence.contains("in 8.00 s, and our median epoch took 2.00 s: 0.25 times PyTorch's time"))
    #expect(sentence.contains("`torch_peers.py --workload cnn --epochs 1 --smoke 1000`"))
    // The Chinese sentence gives the same figures, formatted alike.
    let chinese = try #require(run.metrics["pytorch_side_by_side@zh"]?.json)
    #expect(chinese.contains("（1000 张训练图像）训练一轮用时 8.00 s，我们的中位轮次用时 2.00 s，是 PyTorch 用时的 0.25 倍"))
    #expect(chinese.contains("`torch_peers.py --workload cnn --epochs 1 --smoke 1000`"))
  }

  @Test func missingPyTorchIsOneLineThatSaysWhatToInstall() throws {
    let peers = try fakePeersFolder(epochSeconds: nil)
    defer { try? FileManager.default.removeItem(at: peers) }
    let error = #expect(throws: ChapterError.self) {
      try PyTorchTiming.measure(workload: "cnn", trainingExamples: 10, peersFolder: peers, python: "/bin/sh")
    }
    let message = error?.description ?? ""
    #expect(message.contains("No module named 'torch'") && message.contains("apt-get install -y python3-torch"))
    #expect(!message.contains("\n"))
    let nowhere = peers.appendingPathComponent("missing")
    let missing = #expect(throws: ChapterError.self) {
      try PyTorchTiming.measure(workload: "cnn", trainingExamples: 10, peersFolder: nowhere, python: "/bin/sh")
    }
    #expect(missing?.description.contains("COURSE_PEERS") == true)
  }
}
