import Foundation

/// The processor a run happened on, for `metrics.json`: a timing means little
/// without the CPU it was taken on, and two CPUs of the same name can differ
/// in the vector instructions (AVX-512 or not) that OpenBLAS picks its
/// kernels by, or in the kernels `OPENBLAS_CORETYPE` forces.
struct ProcessorSummary: Equatable {
  /// `model name` in /proc/cpuinfo ("AMD EPYC"), or "unknown".
  let modelName: String
  /// `cpu family` and `model`: a hypervisor often hides the SKU behind a
  /// generic name, and these two still tell, say, Zen 3 (25, 1) from Zen 4 (25, 17).
  let family: Int?
  let model: Int?
  /// Whether the processor has AVX-512 (its `avx512f` flag).
  let hasAVX512: Bool
  /// The `OPENBLAS_CORETYPE` environment variable, when set: it overrides
  /// OpenBLAS's choice of kernels.
  let openBLASCoreType: String?

  /// The processor of this machine, from /proc/cpuinfo and this process's environment.
  static var current: ProcessorSummary {
    ProcessorSummary(
      cpuInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "",
      environment: ProcessInfo.processInfo.environment)
  }

  /// Reads the first processor's entry of a /proc/cpuinfo text; fields it lacks
  /// (an ARM machine has no `cpu family`) stay unknown.
  init(cpuInfo: String, environment: [String: String]) {
    var fields: [String: String] = [:]
    for line in cpuInfo.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).isEmpty, !fields.isEmpty { break }  // the end of the first processor
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let name = parts[0].trimmingCharacters(in: .whitespaces)
      if fields[name] == nil { fields[name] = parts[1].trimmingCharacters(in: .whitespaces) }
    }
    let flags = Set((fields["flags"] ?? "").split(separator: " ").map(String.init))
    let coreType = environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }
    self.init(
      modelName: fields["model name"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown",
      family: fields["cpu family"].flatMap { Int($0) }, model: fields["model"].flatMap { Int($0) },
      hasAVX512: flags.contains("avx512f"), openBLASCoreType: coreType)
  }

  init(modelName: String, family: Int?, model: Int?, hasAVX512: Bool, openBLASCoreType: String?) {
    self.modelName = modelName
    self.family = family
    self.model = model
    self.hasAVX512 = hasAVX512
    self.openBLASCoreType = openBLASCoreType
  }

  /// One line for prose: "AMD EPYC, family 25 model 17, with AVX-512".
  var description: String { summary(avx512: hasAVX512 ? "with AVX-512" : "without AVX-512", separator: ", ") }

  /// ``description`` for the Chinese pages: "AMD EPYC，family 25 model 17，支持 AVX-512"
  /// (cpuinfo's field names stay as /proc/cpuinfo spells them).
  var chineseDescription: String { summary(avx512: hasAVX512 ? "支持 AVX-512" : "不支持 AVX-512", separator: "，") }

  /// The summary's parts, with the words `avx512` for AVX-512, joined by `separator`.
  private func summary(avx512: String, separator: String) -> String {
    var parts = [modelName]
    if let family, let model { parts.append("family \(family) model \(model)") }
    parts.append(avx512)
    if let openBLASCoreType { parts.append("OPENBLAS_CORETYPE=\(openBLASCoreType)") }
    return parts.joined(separator: separator)
  }

  var metricValue: MetricValue {
    var pairs: [(String, MetricValue)] = [("model_name", .text(modelName))]
    if let family { pairs.append(("family", .integer(family))) }
    if let model { pairs.append(("model", .integer(model))) }
    pairs.append(("avx512", .flag(hasAVX512)))
    if let openBLASCoreType { pairs.append(("openblas_coretype", .text(openBLASCoreType))) }
    pairs += MetricValue.bilingualFields("summary", english: description, chinese: chineseDescription)
    return .object(pairs)
  }
}
