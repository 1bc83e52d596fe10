// Integer matrix products for int8 inference: unsigned 8-bit activations times
// signed 8-bit weights, summed exactly in 32-bit integers. Not API of the
// course: Autograd's Quantization/ wraps them (see Int8Kernel.swift).
#pragma once

#include <stdint.h>

// The kernels, by the instructions they use. Every kernel gives exactly the
// same sums: integer arithmetic has no rounding.
enum {
  COURSE_INT8_SCALAR = 0,      // plain C, any processor
  COURSE_INT8_AVX2 = 1,        // vpmaddubsw, then vpmaddwd by ones (x86-64 with AVX2)
  COURSE_INT8_AVX512_VNNI = 2  // vpdpbusd (x86-64 with AVX-512 F, BW and VNNI)
};

// 1 if the running processor has what `kernel` needs, else 0 (asks the CPU, once).
int course_int8_kernel_available(int kernel);

// The columns per block of packed weights, and the rows of A per group of 4 bytes.
#define COURSE_INT8_BLOCK_COLUMNS 16
#define COURSE_INT8_GROUP 4

// C[i][j] = Σ_k A[i][k] · B[k][j] for rows i in [rowStart, rowEnd), all j < columns.
//
// A: `rows` rows of `depth` unsigned bytes each, row-major, depth a multiple of 4,
//    every byte at most 127 (so that vpmaddubsw's 16-bit pair sums cannot saturate).
// packedB: the weights as blocks of 16 columns; block b holds, for each group g
//    of 4 depths, 16 columns × 4 signed bytes: packedB[((b·depth/4 + g)·16 + j)·4 + t]
//    = B[4g + t][16b + j] (zero past the last column); see QuantizedWeights.swift.
// C: rows of `columns` int32, row-major (only the first `columns` of each block's 16 are written).
void course_int8_multiply(
  int kernel, const uint8_t *a, int64_t rowStart, int64_t rowEnd, int64_t depth, const int8_t *packedB,
  int64_t columns, int32_t *c);

// levels[i][j] = clamp(round(sums[i][j] · multipliers[j] + offsets[j]), 0, 127), rounding
// ties to even, in float32 without fused multiply-adds, so that every build gives the same
// levels: QuantizedLayer.requantizedReference in Swift is the same formula.
void course_int8_requantize(
  const int32_t *sums, int64_t rows, int64_t columns, const float *multipliers, const float *offsets,
  uint8_t *levels);

// 2×2 max pooling at stride 2 of NHWC int32 sums [batch, height, width, channels] into
// [batch, height/2, width/2, channels] (an odd last row or column is dropped).
void course_int32_max_pool(
  const int32_t *input, int64_t batch, int64_t height, int64_t width, int64_t channels, int32_t *output);
