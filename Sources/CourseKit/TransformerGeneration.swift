import Autograd
import Workloads

// Generation with the character Transformer (W4), one byte at a time, with
// or without its key/value caches: chapter 7 samples text with it and the
// engine chapter times it.

// region: generate
/// Which bytes the model reads when it predicts the next one.
///
/// The model has one learned embedding for each position 0 ..< 64, so a byte's
/// keys and values depend on where in the window it sits. Sliding a full
/// window on by one byte moves every byte to a new position: no cached key or
/// value is valid any more. So when the window is full, it restarts from its
/// last `keptOnRestart` bytes, which are read again in one batched pass, and
/// grows from there one position at a time. Each byte is then predicted from
/// between `keptOnRestart` and 64 bytes of context; keeping all 64 is the
/// sliding window, which restarts at every byte.
public struct ContextRule {
  public let windowLength: Int
  public let keptOnRestart: Int

  public init(windowLength: Int, keptOnRestart: Int) {
    (self.windowLength, self.keptOnRestart) = (windowLength, keptOnRestart)
  }

  /// The window once `byte` is added: appended while there is room, else
  /// the last `keptOnRestart` bytes (a restart, which invalidates a cache).
  public func window(_ window: [Int], adding byte: Int) -> (window: [Int], restarted: Bool) {
    if window.count < windowLength { return (window + [byte], false) }
    return (Array((window + [byte]).suffix(keptOnRestart)), true)
  }
}

/// Samples `count` bytes from the model, one at a time, starting from `prompt`,
/// each from the logits of the last position of the window `rule` gives.
///
/// With `cached`, the blocks keep the keys and values of the window's
/// positions, so a new byte costs one position's pass; a restart costs one
/// batched pass over the bytes kept. Without, every byte re-reads its whole
/// window: the reference the cached path must reproduce. `observe` sees each
/// window and the logits sampled from.
public func generate(
  _ model: CharacterTransformer, prompt: [Int], count: Int, rule: ContextRule, temperature: Double,
  random: RandomGenerator, cached: Bool = true, observe: (_ window: [Int], _ logits: [Float]) -> Void = { _, _ in }
) -> [Int] {
  let caches = model.makeCaches()
  /// The logits after `window`, whose last `newBytes` the caches do not hold yet.
  func logits(after window: [Int], newBytes: Int) -> [Float] {
    if cached { return model.nextByteLogits(appending: Array(window.suffix(newBytes)), to: caches) }
    let all = model(ids: window, shape: [1, window.count])  // [window.count, vocabulary]
    return Array(all.scalars.suffix(all.shape[1]))
  }
  var window = Array(prompt.suffix(rule.windowLength))
  var generated: [Int] = []
  withoutGradient {
    var nextLogits = logits(after: window, newBytes: window.count)
    while generated.count < count {
      observe(window, nextLogits)
      let next = sampleToken(fromLogits: nextLogits, temperature: temperature, using: random)
      generated.append(next)
      guard generated.count < count else { break }
      let restarted: Bool
      (window, restarted) = rule.window(window, adding: next)
      if restarted { caches.forEach { $0.removeAll() } }
      nextLogits = logits(after: window, newBytes: restarted ? window.count : 1)
    }
  }
  return generated
}
// endregion
