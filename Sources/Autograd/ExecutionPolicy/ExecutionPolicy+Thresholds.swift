// Every size from which a fast path takes over from the plain one, set on
// the machines the course was developed on (a Zen 4, and a Zen 5 for the
// tiled kernel's second rule); where a comment gives figures, they say what
// was measured, and on which (some thresholds have none recorded). Below
// a threshold the fast path still gives the same numbers (up to rounding),
// only more slowly: the thresholds decide speed, never results.

extension ExecutionPolicy {
  /// The sizes at which the fast paths switch on.
  enum Thresholds {
    /// Products with at least this many multiply-adds (m·n·k) use OpenBLAS's
    /// threads under `.openBLAS`.
    static let openBLASThreadsWork = 8_000_000

    /// Products with at least this many multiply-adds are split in two under `.halves`.
    ///
    /// Measured on the course machine: a W2 step (products of 6M to 71M
    /// multiply-adds) takes 8.2 ms split against 11.6 ms on one core, but W1's
    /// 1.6M-multiply-add products, split, were sometimes faster (112 against
    /// 150 µs per step) and in other runs twice as slow (330 µs) in the same
    /// session, a state we could not explain; below this size the split is
    /// not worth that risk.
    static let splitProductWork = 4_000_000

    /// A product split in halves needs at least this many rows or columns to cut.
    static let splitProductSide = 16

    /// The most multiply-adds OpenBLAS's small-matrix kernels take (its `100³`
    /// rule): larger skinny products are cut in pieces of at most this size
    /// (see `smallProductPieces`).
    static let smallProductWork = 1_000_000

    /// A product is skinny, and worth cutting in pieces, when one of its
    /// sides is at most this long: the packing OpenBLAS does for larger
    /// products then costs more than it saves.
    static let skinnyProductSide = 64

    /// Under `.automatic`, where OpenBLAS runs its AVX-512 kernels, the tiled
    /// kernel (``ExecutionPolicy/ProductKernel``) takes a product whose long side (op(A)'s rows, or the inner dimension
    /// of Aᵀ·B) has at least this many elements, whose other two sides have
    /// at most `tiledProductShortSide`, and whose columns are a multiple of
    /// the kernel's panel width, 32 (whole panels: no tile computes padding).
    ///
    /// Measured on one core of a Zen 4 (AVX-512), against sgemm on the same
    /// core, each product one whole sgemm call (no pieces, see
    /// `smallProductPieces`, which the tiled kernel now takes over from for
    /// skinny products of 512 rows or more): W4's [2048, 128]·[128, 512] 2.48 against 2.58 ms, its input
    /// gradients [2048, 512]·[128, 512]ᵀ 2.42 against 2.60 ms, its weight
    /// gradients [2048, 128]ᵀ·[2048, 512] 2.48 against 2.74 ms; chapter 4's
    /// im2col products (when im2col is forced: by default those layers run
    /// the direct loop and Winograd) [21632, 9]·[9, 32] 0.164 against 0.216 ms and
    /// [3872, 288]·[288, 64] 1.26 against 1.43 ms (in pieces sgemm would take
    /// about 1.3 ms, scaled from the pieces' comment), their filter gradients
    /// 0.129 against 0.270 and 1.26 against 1.50 ms. The readout's
    /// [2048, 128]·[128, 114], whose last panel of 18 columns is padded to
    /// 32, took 0.72 against 0.60 ms; [21632, 32]·[9, 32]ᵀ, with 9 columns,
    /// 0.80 against 0.29 ms.
    static let tiledProductLongSide = 512
    /// Whether `.automatic` uses the tiled kernel at all: only in builds for
    /// x86-64-v4 (AVX-512). Built for AVX2, it keeps 2 rows of sums in registers and
    /// measured slower than OpenBLAS's AVX2 kernels (one Zen 4 core,
    /// `OPENBLAS_CORETYPE=Haswell`): [2048, 128]·[128, 512] 2.92 against
    /// 2.50 ms, weight gradients 5.74 against 2.57 ms.
    #if COURSE_WIDE_VECTORS
    static let tiledProductIsFaster = true
    #else
    static let tiledProductIsFaster = false
    #endif
    static let tiledProductShortSide = 512
    /// Where OpenBLAS runs kernels that are not AVX-512 ones, A·Bᵀ goes to the
    /// tiled kernel from this many rows: the kernel copies Bᵀ into panels, a
    /// transposing copy that costs about what few rows gain. Measured on one
    /// core of a Zen 5 (`OPENBLAS_CORETYPE=Haswell`), tiled against sgemm:
    /// [32, 64]·[784, 64]ᵀ 47.1 against 35.9 µs and [32, 64]·[64, 64]ᵀ 5.41
    /// against 4.09 (slower); [48, 64]·[64, 64]ᵀ 4.18 against 4.32 and
    /// [64, 64]·[784, 64]ᵀ 59.4 against 61.0 (within noise: 64 keeps the
    /// tiled kernel where it is not slower); [128, 64]·[784, 64]ᵀ 90.7 against
    /// 113.0, [2048, 512]·[128, 512]ᵀ 244 against 498. A·B and Aᵀ·B took about
    /// half of sgemm's time at every size measured, from [32, 784]·[784, 64]
    /// (16.9 against 31.6 µs) and W3's [64, 128]·[128, 512] (39.2 against
    /// 76.6) to 1024³ (9.4 against 18.5 ms); but with fewer than 32 columns,
    /// a panel of mostly padding, slower: [32, 64]·[64, 10] 1.62 against 1.11 µs.
    /// Whole training steps, alternating, under this rule against the first
    /// rule: W1 62.5 against 103.8 µs and W3 17.7 against 20.6 ms (whole
    /// batch), W2 3.61 against 6.33 ms and W4 43.1 against 46.0 ms (batch
    /// halves; W4 with sgemm for every product 67.2 ms).
    /// On a Zen 4, whose cores split a 512-bit multiply-add in two, the wider
    /// vectors gain less: there OpenBLAS's AVX2 kernels took 2.50 ms on
    /// [2048, 128]·[128, 512] and the tiled kernel 2.48 (one core, separate
    /// runs), so this rule would gain little there; it was not measured there.
    static let tiledTransposedProductRows = 64

    /// Adam updates parameters of at least this many elements (such as W4's
    /// 128×512 weights) in two halves under `.halves`: the update is bound by
    /// one core's square roots and divisions (50,240 elements: 27 µs on one
    /// core, 13 to 20 µs in halves). Smaller ones stay on one thread, for the
    /// reason given at ``splitProductWork``.
    static let adamHalvesCount = 65_536

    /// GELU runs over tensors of at least this many elements in two halves
    /// (W4's 2 million elements per layer), since each element costs an
    /// exponential and a division.
    static let geluHalvesCount = 65_536

    /// The fused LSTM kernels run the recurrence of batches of at least this
    /// many sequences in two halves, one per core.
    static let lstmHalvesRows = 16

    /// The fused attention kernel splits its (window, head) pairs in two
    /// halves as soon as there are two: each pair's products ([64, 32]·[32,
    /// 64]) are too small to split themselves, but a pair is enough work.
    static let attentionHalvesPairs = 2

    /// Winograd needs at least this many input and output channels to pay for
    /// its 16 products' setup (W2's conv1, with one input channel, takes the
    /// direct path instead).
    static let winogradChannels = 16

    /// Winograd runs only where its multiplications, with the tiles that hang
    /// over the output's edge, are at most this fraction of im2col's. W2's
    /// conv2 (11×11 outputs, 36 tiles) needs 0.53 of them; its conv3 (3×3
    /// outputs, 4 tiles) 0.79, and measured slower than im2col (300 against
    /// 230 µs forward, one thread).
    static let winogradWorkRatio = 0.6
  }
}
