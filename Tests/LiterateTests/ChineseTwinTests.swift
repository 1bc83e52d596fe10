import Foundation
import Testing

@testable import Literate

/// Where a string metric's Chinese twin sits (issue #20, Z3), and which values need one.
@Suite("Chinese twins of string metrics")
struct ChineseTwinTests {
  @Test("the twin sits beside its value: @zh after the last name, before any index")
  func twinKeyPaths() throws {
    #expect(MetricsFile.chineseKeyPath(of: "best_f1_class") == "best_f1_class@zh")
    #expect(MetricsFile.chineseKeyPath(of: "class_names[3]") == "class_names@zh[3]")
    #expect(MetricsFile.chineseKeyPath(of: "int8_kernels[*]") == "int8_kernels@zh[*]")
    #expect(MetricsFile.chineseKeyPath(of: "layers.conv1.layer") == "layers.conv1.layer@zh")
    #expect(MetricsFile.chineseKeyPath(of: "a.list[-1]") == "a.list@zh[-1]")
    let metrics = try MetricsFile(json: #"""
      {"names": ["Shirt", "Bag"], "names@zh": ["衬衫", "包"], "gain": {"verdict": "within one", "verdict@zh": "在一个之内"}}
      """#)
    #expect(metrics.render(MetricsFile.chineseKeyPath(of: "names[1]"), format: nil) == .success("包"))
    #expect(metrics.render(MetricsFile.chineseKeyPath(of: "names[*]"), format: nil) == .success("衬衫, 包"))
    #expect(metrics.render(MetricsFile.chineseKeyPath(of: "gain.verdict"), format: nil) == .success("在一个之内"))
  }

  @Test("a list's twin is found for [*] too, and a Chinese enumeration joins with 、 and 和")
  func listTwinsAndEnumerations() throws {
    let metrics = try MetricsFile(json: #"{"kernels": ["scalar", "AVX2"], "kernels@zh": ["标量", "AVX2"], "sizes": [16, 64, 256]}"#)
    #expect(metrics.hasChineseTwin(of: "kernels[*]"))
    #expect(metrics.hasChineseTwin(of: "kernels[0]"))
    #expect(!metrics.hasChineseTwin(of: "sizes[*]"))
    #expect(MetricsFile.Wording.chinese.enumeration(["16", "64", "256"]) == "16、64 和 256")
    #expect(MetricsFile.Wording.chinese.enumeration(["16", "64"]) == "16 和 64")
    #expect(MetricsFile.Wording.chinese.enumeration(["16"]) == "16")
    #expect(MetricsFile.Wording.english.enumeration(["16", "64", "256"]) == "16, 64, 256")
    #expect(metrics.renderElements(of: "sizes", format: "d") == .success(["16", "64", "256"]))
  }

  @Test("English words are runs of three Latin letters or more, outside backticks")
  func englishWords() {
    for text in ["met", "Shirt", "T-shirt/top", "AVX-512 VNNI", "NaN", "衬衫 and 包"] {
      #expect(MetricsFile.hasEnglishWords(text), "\(text)")
    }
    for text in ["衬衫", "W1 0.102 ms", "26 × 26 × 32", "`python3-torch` 未安装", "2026-11-22", "T恤/上衣"] {
      #expect(!MetricsFile.hasEnglishWords(text), "\(text)")
    }
  }

  @Test("a JSON boolean reads true/false in English and 是/否 in Chinese; a text that says true stays as recorded")
  func booleanWording() throws {
    let metrics = try MetricsFile(json: #"{"agrees": true, "differs": false, "mode": "true", "flags": [true, false]}"#)
    #expect(metrics.formatted("agrees", format: nil) == "true")
    #expect(metrics.formatted("differs", format: nil, wording: .english) == "false")
    #expect(metrics.formatted("agrees", format: nil, wording: .chinese) == "是")
    #expect(metrics.formatted("differs", format: nil, wording: .chinese) == "否")
    #expect(metrics.formatted("flags[*]", format: nil, wording: .chinese) == "是, 否")
    #expect(metrics.formatted("mode", format: nil, wording: .chinese) == "true")
    #expect(metrics.formatted("mode", format: nil, wording: .english) == "true")
  }
}
