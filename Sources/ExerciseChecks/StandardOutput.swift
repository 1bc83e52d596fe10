// Alone in its file: only a `@preconcurrency` import lets Swift 6 touch C's `stdout`.
@preconcurrency import Glibc

/// Makes `print` write at once, so that what the learner's code printed before a trap is not lost.
func unbufferStandardOutput() {
  setvbuf(stdout, nil, _IONBF, 0)
}
