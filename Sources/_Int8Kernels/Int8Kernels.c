#include "Int8Kernels.h"

#include <string.h>

// Three kernels for one product, chosen at run time: the instructions of the
// AVX2 and AVX-512 VNNI kernels are enabled on those functions only
// (`__attribute__((target(...)))`), so this file builds for a baseline x86-64
// and the processor is asked, by __builtin_cpu_supports, before one runs.
//
// The packed layout puts, for 16 output columns, the 4 weights of a group of
// 4 depths next to each other: one 32-bit lane per column holds the 4 bytes
// that vpdpbusd (or vpmaddubsw + vpmaddwd) multiplies with 4 activation bytes
// broadcast to every lane, and adds into that column's sum.

enum { BLOCK = COURSE_INT8_BLOCK_COLUMNS, GROUP = COURSE_INT8_GROUP };

// region: scalar-kernel
/// The reference: one multiply-add at a time, in the packed layout.
static void multiplyScalar(
  const uint8_t *a, int64_t rowStart, int64_t rowEnd, int64_t depth, const int8_t *packedB, int64_t columns,
  int32_t *c) {
  const int64_t groups = depth / GROUP;
  for (int64_t row = rowStart; row < rowEnd; row++) {
    const uint8_t *activations = a + row * depth;
    for (int64_t column = 0; column < columns; column++) {
      const int8_t *weights = packedB + (column / BLOCK) * groups * BLOCK * GROUP + (column % BLOCK) * GROUP;
      int32_t sum = 0;
      for (int64_t group = 0; group < groups; group++) {
        for (int t = 0; t < GROUP; t++) {
          sum += (int32_t)activations[group * GROUP + t] * (int32_t)weights[group * BLOCK * GROUP + t];
        }
      }
      c[row * columns + column] = sum;
    }
  }
}
// endregion

#if defined(__x86_64__)
#include <immintrin.h>

/// Writes the first `count` of 16 sums to `destination`.
static inline void storeColumns(int32_t *destination, const int32_t sums[BLOCK], int64_t count) {
  memcpy(destination, sums, (size_t)count * sizeof(int32_t));
}

// region: avx2-kernel
/// Four rows × 16 columns at a time: per group of 4 depths, each row's 4 bytes
/// are broadcast, vpmaddubsw multiplies them with the 16 columns' 4 weights
/// and adds pairs into 16-bit lanes (at most 2·127·127 = 32,258: no
/// saturation), and vpmaddwd by ones adds the pairs into 32-bit sums.
__attribute__((target("avx2"))) static void multiplyAVX2(
  const uint8_t *a, int64_t rowStart, int64_t rowEnd, int64_t depth, const int8_t *packedB, int64_t columns,
  int32_t *c) {
  const int64_t groups = depth / GROUP;
  const int64_t blocks = (columns + BLOCK - 1) / BLOCK;
  const __m256i ones = _mm256_set1_epi16(1);
  int64_t row = rowStart;
  for (; row + 4 <= rowEnd; row += 4) {
    for (int64_t block = 0; block < blocks; block++) {
      const int8_t *weights = packedB + block * groups * BLOCK * GROUP;
      __m256i sums[4][2];
      for (int r = 0; r < 4; r++) sums[r][0] = sums[r][1] = _mm256_setzero_si256();
      for (int64_t group = 0; group < groups; group++) {
        const __m256i low = _mm256_loadu_si256((const __m256i *)(weights + group * BLOCK * GROUP));
        const __m256i high = _mm256_loadu_si256((const __m256i *)(weights + group * BLOCK * GROUP + 32));
        for (int r = 0; r < 4; r++) {
          int32_t four;
          memcpy(&four, a + (row + r) * depth + group * GROUP, sizeof four);
          const __m256i broadcast = _mm256_set1_epi32(four);
          sums[r][0] = _mm256_add_epi32(sums[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(broadcast, low), ones));
          sums[r][1] = _mm256_add_epi32(sums[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(broadcast, high), ones));
        }
      }
      const int64_t count = columns - block * BLOCK < BLOCK ? columns - block * BLOCK : BLOCK;
      for (int r = 0; r < 4; r++) {
        int32_t lanes[BLOCK];
        _mm256_storeu_si256((__m256i *)lanes, sums[r][0]);
        _mm256_storeu_si256((__m256i *)(lanes + 8), sums[r][1]);
        storeColumns(c + (row + r) * columns + block * BLOCK, lanes, count);
      }
    }
  }
  if (row < rowEnd) multiplyScalar(a, row, rowEnd, depth, packedB, columns, c);
}
// endregion

// region: vnni-kernel
/// Four rows × up to 64 columns at a time: per group of 4 depths, vpdpbusd
/// multiplies each row's 4 broadcast bytes with 16 columns' 4 weights and
/// adds the 4 products into the columns' 32-bit sums, in one instruction.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void multiplyVNNI(
  const uint8_t *a, int64_t rowStart, int64_t rowEnd, int64_t depth, const int8_t *packedB, int64_t columns,
  int32_t *c) {
  const int64_t groups = depth / GROUP;
  const int64_t blocks = (columns + BLOCK - 1) / BLOCK;
  int64_t row = rowStart;
  for (; row + 4 <= rowEnd; row += 4) {
    for (int64_t firstBlock = 0; firstBlock < blocks; firstBlock += 4) {
      const int64_t tileBlocks = blocks - firstBlock < 4 ? blocks - firstBlock : 4;
      __m512i sums[4][4];
      for (int r = 0; r < 4; r++)
        for (int b = 0; b < 4; b++) sums[r][b] = _mm512_setzero_si512();
      const int8_t *weights = packedB + firstBlock * groups * BLOCK * GROUP;
      for (int64_t group = 0; group < groups; group++) {
        __m512i columnsWeights[4];
        for (int b = 0; b < 4; b++) {
          columnsWeights[b] = b < tileBlocks
            ? _mm512_loadu_si512((const void *)(weights + (b * groups + group) * BLOCK * GROUP))
            : _mm512_setzero_si512();
        }
        for (int r = 0; r < 4; r++) {
          int32_t four;
          memcpy(&four, a + (row + r) * depth + group * GROUP, sizeof four);
          const __m512i broadcast = _mm512_set1_epi32(four);
          for (int b = 0; b < 4; b++) sums[r][b] = _mm512_dpbusd_epi32(sums[r][b], broadcast, columnsWeights[b]);
        }
      }
      for (int b = 0; b < tileBlocks; b++) {
        const int64_t start = (firstBlock + b) * BLOCK;
        const int64_t count = columns - start < BLOCK ? columns - start : BLOCK;
        for (int r = 0; r < 4; r++) {
          int32_t lanes[BLOCK];
          _mm512_storeu_si512((void *)lanes, sums[r][b]);
          storeColumns(c + (row + r) * columns + start, lanes, count);
        }
      }
    }
  }
  if (row < rowEnd) multiplyScalar(a, row, rowEnd, depth, packedB, columns, c);
}
// endregion
#endif

int course_int8_kernel_available(int kernel) {
  switch (kernel) {
  case COURSE_INT8_SCALAR: return 1;
#if defined(__x86_64__)
  case COURSE_INT8_AVX2: return __builtin_cpu_supports("avx2");
  case COURSE_INT8_AVX512_VNNI:
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
      && __builtin_cpu_supports("avx512vnni");
#endif
  default: return 0;
  }
}

void course_int8_multiply(
  int kernel, const uint8_t *a, int64_t rowStart, int64_t rowEnd, int64_t depth, const int8_t *packedB,
  int64_t columns, int32_t *c) {
  // The caller (Int8Kernel.swift) passes only kernels this processor has; an
  // unknown or missing one falls back to the reference rather than crash.
  if (!course_int8_kernel_available(kernel)) kernel = COURSE_INT8_SCALAR;
  switch (kernel) {
#if defined(__x86_64__)
  case COURSE_INT8_AVX2: multiplyAVX2(a, rowStart, rowEnd, depth, packedB, columns, c); return;
  case COURSE_INT8_AVX512_VNNI: multiplyVNNI(a, rowStart, rowEnd, depth, packedB, columns, c); return;
#endif
  default: multiplyScalar(a, rowStart, rowEnd, depth, packedB, columns, c); return;
  }
}

// No fused multiply-add may join the product and the sum below: the levels
// must be the same whichever instructions a build may use.
#pragma clang fp contract(off)

void course_int8_requantize(
  const int32_t *sums, int64_t rows, int64_t columns, const float *multipliers, const float *offsets,
  uint8_t *levels) {
  // Adding and subtracting 1.5 · 2²³ rounds a float in [0, 2²²] to the nearest
  // integer, ties to even (the default rounding mode), without a library call.
  const float magic = 12582912.0f;
  for (int64_t row = 0; row < rows; row++) {
    const int32_t *rowSums = sums + row * columns;
    uint8_t *rowLevels = levels + row * columns;
    for (int64_t column = 0; column < columns; column++) {
      float value = (float)rowSums[column] * multipliers[column];
      value = value + offsets[column];
      value = value < 0.0f ? 0.0f : value;
      value = value > 127.0f ? 127.0f : value;
      value = (value + magic) - magic;
      rowLevels[column] = (uint8_t)(int32_t)value;
    }
  }
}

void course_int32_max_pool(
  const int32_t *input, int64_t batch, int64_t height, int64_t width, int64_t channels, int32_t *output) {
  const int64_t outHeight = height / 2, outWidth = width / 2;
  for (int64_t image = 0; image < batch; image++) {
    for (int64_t row = 0; row < outHeight; row++) {
      for (int64_t column = 0; column < outWidth; column++) {
        const int32_t *topLeft = input + ((image * height + 2 * row) * width + 2 * column) * channels;
        const int32_t *bottomLeft = topLeft + width * channels;
        int32_t *target = output + ((image * outHeight + row) * outWidth + column) * channels;
        for (int64_t channel = 0; channel < channels; channel++) {
          int32_t top = topLeft[channel] > topLeft[channel + channels] ? topLeft[channel] : topLeft[channel + channels];
          int32_t bottom = bottomLeft[channel] > bottomLeft[channel + channels] ? bottomLeft[channel] : bottomLeft[channel + channels];
          target[channel] = top > bottom ? top : bottom;
        }
      }
    }
  }
}
