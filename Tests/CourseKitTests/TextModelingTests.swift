import Autograd
import Datasets
import Foundation
import Testing

@testable import CourseKit

@Suite("Text modeling")
struct TextModelingTests {
  @Test func oneNatIsAboutOnePointFourFourBits() {
    #expect(abs(bitsPerCharacter(fromNats: log(2)) - 1) < 1e-12)
    #expect(abs(bitsPerCharacter(fromNats: 1) - 1.4426950408889634) < 1e-12)
  }

  @Test func aModelWithoutPreferenceScoresTheLogOfTheVocabulary() {
    let windows = TextWindows(ids: (0..<(5 * 8 + 1)).map { $0 % 4 }, length: 8)
    let bits = bitsPerCharacter(over: windows, chunkSize: 2) { inputs, shape in
      #expect(shape == [min(2, shape[0]), 8])
      return Tensor.zeros([inputs.count, 4])
    }
    #expect(abs(bits - 2) < 1e-6)
  }

  @Test func bitsPerCharacterWeighsEveryPositionOnce() {
    // A model that is certain of token 0 is perfect on targets 0 and costly elsewhere; the mean must
    // count each position once whatever the chunk size.
    let windows = TextWindows(ids: [1, 0, 0, 1, 0, 1, 1], length: 2)  // 3 windows
    func bits(chunkSize: Int) -> Double {
      bitsPerCharacter(over: windows, chunkSize: chunkSize) { inputs, _ in
        Tensor(shape: [inputs.count, 2], scalars: Array(repeating: [3, 0], count: inputs.count).flatMap { $0 })
      }
    }
    #expect(abs(bits(chunkSize: 1) - bits(chunkSize: 3)) < 1e-6)  // Float32 means per chunk
    let certain = log(1 + exp(-3.0)), wrong = log(1 + exp(3.0))
    // Targets of the 3 windows: (0,0), (1,0), (1,1) -> three right, three wrong.
    #expect(abs(bits(chunkSize: 2) - (3 * certain + 3 * wrong) / 6 / log(2)) < 1e-5)
  }

  @Test func temperatureZeroPicksTheLikeliestToken() {
    let random = RandomGenerator(seed: 1)
    #expect(sampleToken(fromLogits: [0.1, 2.5, -1, 2.4], temperature: 0, using: random) == 1)
  }

  @Test func samplesFollowTheSoftmaxAndTemperatureSharpensIt() {
    let logits: [Float] = [0, 1, 2]
    func frequencies(temperature: Double) -> [Double] {
      let random = RandomGenerator(seed: 7)
      var counts = [0, 0, 0]
      for _ in 0..<20_000 { counts[sampleToken(fromLogits: logits, temperature: temperature, using: random)] += 1 }
      return counts.map { Double($0) / 20_000 }
    }
    let expected = [0.0, 1, 2].map { exp($0) / (1 + exp(1) + exp(2)) }
    for (measured, probability) in zip(frequencies(temperature: 1), expected) {
      #expect(abs(measured - probability) < 0.015)
    }
    #expect(frequencies(temperature: 0.5)[2] > frequencies(temperature: 1)[2] + 0.1)
    #expect(frequencies(temperature: 2)[0] > frequencies(temperature: 1)[0] + 0.05)
  }
}
