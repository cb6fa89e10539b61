/*
 * CRC-32C by folding with carry-less multiplication (Intel's "Fast CRC Computation for Generic
 * Polynomials Using PCLMULQDQ Instruction", 2009), on 512-bit registers (AVX-512) or 256-bit ones
 * (AVX2 with VPCLMULQDQ, e.g. AMD Zen 3, which has no AVX-512). Included by crc32c.c, after its
 * hard_update. Moving a 128-bit piece of the message D bits further on keeps the CRC when it is
 * replaced by lo * k(D + 32) xor hi * k(D - 32), where k(n) is x^n mod P, bit-reflected and shifted
 * left by one (the product of two reflected values lands one bit low). The constants are computed
 * at load, not copied from anywhere.
 */
#include <immintrin.h>

/* a * b mod P, polynomials of degree < 32 in normal bit order. */
static uint32_t mul_mod(uint32_t a, uint32_t b) {
  uint64_t r = 0;
  for (int i = 31; i >= 0; i--) {
    r <<= 1;
    if (r & 0x100000000ull) r ^= 0x11edc6f41ull; /* x^32 + Castagnoli's polynomial */
    if ((b >> i) & 1) r ^= a;
  }
  return (uint32_t)r;
}

/* k(n): x^n mod P by squaring (n can be millions: the length of a segment's tail in hybrid_four). */
static uint64_t fold_k(uint64_t n) {
  uint32_t r = 1, power = 2; /* x^0 and x^1 */
  uint64_t reflected = 0;
  for (; n > 0; n >>= 1) {
    if (n & 1) r = mul_mod(r, power);
    power = mul_mod(power, power);
  }
  for (int b = 0; b < 32; b++)
    if (r & (1u << b)) reflected |= 1ull << (31 - b);
  return reflected << 1;
}

/* k(D + 32) in the low half of each 128-bit lane, k(D - 32) in the high half: folds by D bits. */
static uint64_t k_lo[6], k_hi[6];
#define FOLD_2048 0
#define FOLD_512 1
#define FOLD_128 2
#define FOLD_4096 3
#define FOLD_384 4
#define FOLD_256 5

static void init_fold(void) {
  const unsigned distances[6] = {2048, 512, 128, 4096, 384, 256};
  for (int i = 0; i < 6; i++) {
    k_lo[i] = fold_k(distances[i] + 32);
    k_hi[i] = fold_k(distances[i] - 32);
  }
}

__attribute__((target("pclmul,sse4.2"))) static inline __m128i fold128(__m128i x, int distance) {
  __m128i k = _mm_set_epi64x((long long)k_hi[distance], (long long)k_lo[distance]);
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

/*
 * The end of either width: `acc` is the folded message so far, followed by p[0..n); sixteen bytes
 * at a time onto it, then its own sixteen bytes and the tail through crc32 from zero.
 */
__attribute__((target("pclmul,sse4.2"))) static uint32_t fold_finish(__m128i acc, const uint8_t *p, size_t n) {
  uint64_t c;
  while (n >= 16) {
    acc = _mm_xor_si128(fold128(acc, FOLD_128), _mm_loadu_si128((const __m128i *)p));
    p += 16;
    n -= 16;
  }
  c = _mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(acc));
  c = _mm_crc32_u64(c, (uint64_t)_mm_extract_epi64(acc, 1));
  return hard_update((uint32_t)c, p, n);
}

#define AVX512 __attribute__((target("avx512f,avx512bw,vpclmulqdq,pclmul,sse4.2")))

AVX512 static inline __m512i k512_of(int distance) {
  return _mm512_set4_epi64((long long)k_hi[distance], (long long)k_lo[distance], (long long)k_hi[distance],
                           (long long)k_lo[distance]);
}

AVX512 static inline __m512i fold512(__m512i x, __m512i k) {
  return _mm512_xor_si512(_mm512_clmulepi64_epi128(x, k, 0x00), _mm512_clmulepi64_epi128(x, k, 0x11));
}

/* The raw register update over n >= 256 bytes, 256 bytes per round in four 512-bit registers. */
AVX512 static uint32_t wide_update(uint32_t crc, const uint8_t *p, size_t n) {
  const __m512i k2048 = k512_of(FOLD_2048), k512 = k512_of(FOLD_512);
  __m512i x0 = _mm512_loadu_si512((const void *)p);
  __m512i x1 = _mm512_loadu_si512((const void *)(p + 64));
  __m512i x2 = _mm512_loadu_si512((const void *)(p + 128));
  __m512i x3 = _mm512_loadu_si512((const void *)(p + 192));
  __m128i acc;
  /* The register so far meets the message's first four bytes. */
  x0 = _mm512_xor_si512(x0, _mm512_zextsi128_si512(_mm_cvtsi32_si128((int)crc)));
  p += 256;
  n -= 256;
  if (n >= 256) {
    /*
     * Eight registers, 512 bytes a round: a fold's multiply takes several cycles before the next
     * round of the same register can start, and eight chains keep the multiplier busy.
     */
    const __m512i k4096 = k512_of(FOLD_4096);
    __m512i x4 = _mm512_loadu_si512((const void *)p);
    __m512i x5 = _mm512_loadu_si512((const void *)(p + 64));
    __m512i x6 = _mm512_loadu_si512((const void *)(p + 128));
    __m512i x7 = _mm512_loadu_si512((const void *)(p + 192));
    p += 256;
    n -= 256;
    while (n >= 512) {
      x0 = _mm512_xor_si512(fold512(x0, k4096), _mm512_loadu_si512((const void *)p));
      x1 = _mm512_xor_si512(fold512(x1, k4096), _mm512_loadu_si512((const void *)(p + 64)));
      x2 = _mm512_xor_si512(fold512(x2, k4096), _mm512_loadu_si512((const void *)(p + 128)));
      x3 = _mm512_xor_si512(fold512(x3, k4096), _mm512_loadu_si512((const void *)(p + 192)));
      x4 = _mm512_xor_si512(fold512(x4, k4096), _mm512_loadu_si512((const void *)(p + 256)));
      x5 = _mm512_xor_si512(fold512(x5, k4096), _mm512_loadu_si512((const void *)(p + 320)));
      x6 = _mm512_xor_si512(fold512(x6, k4096), _mm512_loadu_si512((const void *)(p + 384)));
      x7 = _mm512_xor_si512(fold512(x7, k4096), _mm512_loadu_si512((const void *)(p + 448)));
      p += 512;
      n -= 512;
    }
    /* Each of the first four lies 256 bytes before its partner among the last four. */
    x0 = _mm512_xor_si512(x4, fold512(x0, k2048));
    x1 = _mm512_xor_si512(x5, fold512(x1, k2048));
    x2 = _mm512_xor_si512(x6, fold512(x2, k2048));
    x3 = _mm512_xor_si512(x7, fold512(x3, k2048));
  }
  while (n >= 256) {
    x0 = _mm512_xor_si512(fold512(x0, k2048), _mm512_loadu_si512((const void *)p));
    x1 = _mm512_xor_si512(fold512(x1, k2048), _mm512_loadu_si512((const void *)(p + 64)));
    x2 = _mm512_xor_si512(fold512(x2, k2048), _mm512_loadu_si512((const void *)(p + 128)));
    x3 = _mm512_xor_si512(fold512(x3, k2048), _mm512_loadu_si512((const void *)(p + 192)));
    p += 256;
    n -= 256;
  }
  x1 = _mm512_xor_si512(x1, fold512(x0, k512));
  x2 = _mm512_xor_si512(x2, fold512(x1, k512));
  x3 = _mm512_xor_si512(x3, fold512(x2, k512));
  acc = _mm_xor_si128(_mm512_extracti32x4_epi32(x3, 3), fold128(_mm512_extracti32x4_epi32(x3, 0), FOLD_384));
  acc = _mm_xor_si128(acc, fold128(_mm512_extracti32x4_epi32(x3, 1), FOLD_256));
  acc = _mm_xor_si128(acc, fold128(_mm512_extracti32x4_epi32(x3, 2), FOLD_128));
  return fold_finish(acc, p, n);
}

#define AVX2 __attribute__((target("avx2,vpclmulqdq,pclmul,sse4.2")))

AVX2 static inline __m256i k256_of(int distance) {
  return _mm256_set_epi64x((long long)k_hi[distance], (long long)k_lo[distance], (long long)k_hi[distance],
                           (long long)k_lo[distance]);
}

AVX2 static inline __m256i fold256(__m256i x, __m256i k) {
  return _mm256_xor_si256(_mm256_clmulepi64_epi128(x, k, 0x00), _mm256_clmulepi64_epi128(x, k, 0x11));
}

#define LOAD256(at) _mm256_loadu_si256((const __m256i *)(at))

/*
 * The same on 256-bit registers, over n >= 256 bytes: eight of them, 256 bytes a round (eight
 * chains, for the reason above), then each folded onto the next, 32 bytes on.
 */
AVX2 static uint32_t wide_update_avx2(uint32_t crc, const uint8_t *p, size_t n) {
  const __m256i k2048 = k256_of(FOLD_2048), k256 = k256_of(FOLD_256);
  __m256i x0 = _mm256_xor_si256(LOAD256(p), _mm256_zextsi128_si256(_mm_cvtsi32_si128((int)crc)));
  __m256i x1 = LOAD256(p + 32), x2 = LOAD256(p + 64), x3 = LOAD256(p + 96);
  __m256i x4 = LOAD256(p + 128), x5 = LOAD256(p + 160), x6 = LOAD256(p + 192), x7 = LOAD256(p + 224);
  p += 256;
  n -= 256;
  while (n >= 256) {
    x0 = _mm256_xor_si256(fold256(x0, k2048), LOAD256(p));
    x1 = _mm256_xor_si256(fold256(x1, k2048), LOAD256(p + 32));
    x2 = _mm256_xor_si256(fold256(x2, k2048), LOAD256(p + 64));
    x3 = _mm256_xor_si256(fold256(x3, k2048), LOAD256(p + 96));
    x4 = _mm256_xor_si256(fold256(x4, k2048), LOAD256(p + 128));
    x5 = _mm256_xor_si256(fold256(x5, k2048), LOAD256(p + 160));
    x6 = _mm256_xor_si256(fold256(x6, k2048), LOAD256(p + 192));
    x7 = _mm256_xor_si256(fold256(x7, k2048), LOAD256(p + 224));
    p += 256;
    n -= 256;
  }
  x1 = _mm256_xor_si256(x1, fold256(x0, k256));
  x2 = _mm256_xor_si256(x2, fold256(x1, k256));
  x3 = _mm256_xor_si256(x3, fold256(x2, k256));
  x4 = _mm256_xor_si256(x4, fold256(x3, k256));
  x5 = _mm256_xor_si256(x5, fold256(x4, k256));
  x6 = _mm256_xor_si256(x6, fold256(x5, k256));
  x7 = _mm256_xor_si256(x7, fold256(x6, k256));
  return fold_finish(
      _mm_xor_si128(_mm256_extracti128_si256(x7, 1), fold128(_mm256_castsi256_si128(x7), FOLD_128)), p, n);
}

/*
 * One segment of hybrid_four, joined: its head's register (`chain`, after `done` of the head's
 * `first` bytes; the rest of the head is taken here) carried over the tail's length of zeros by
 * folding its sixteen bytes to the tail's end (`carry`), xor the tail's own register (`folded`).
 */
AVX2 static uint32_t hybrid_join(const uint8_t *p, size_t first, size_t done, __m128i carry, uint32_t chain,
                                 __m256i folded) {
  const __m128i lanes =
      _mm_xor_si128(_mm256_extracti128_si256(folded, 1), fold128(_mm256_castsi256_si128(folded), FOLD_128));
  const uint32_t tail = fold_finish(lanes, p, 0);
  const uint32_t head = hard_update(chain, p + done, first - done);
  const __m128i moved = _mm_clmulepi64_si128(_mm_cvtsi32_si128((int)head), carry, 0x00);
  uint64_t carried = _mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(moved));
  carried = _mm_crc32_u64(carried, (uint64_t)_mm_extract_epi64(moved, 1));
  return ~(tail ^ (uint32_t)carried);
}

/*
 * Four segments of the same length (>= 96 bytes) side by side, where the crc32 instruction and
 * the carry-less multiplier can run at once (AMD Zen 3 here: about 8 bytes a cycle each alone;
 * 43 ms of CPU per GiB with crc32 alone, 44 with folding alone, 34-35 with both). The first two
 * thirds of each segment (its head) go through crc32, four chains; the last third (its tail) is
 * folded in one 256-bit register per segment, 32 bytes a round, in the same loop. Each segment's
 * head and tail are then joined (hybrid_join): a register carried over n zero bytes is the fold of
 * its sixteen bytes n - 16 bytes on, so `carry` is k(8 * tail - 96).
 */
#define HYBRID_FOLD(s) lo##s = _mm256_xor_si256(fold256(lo##s, k256), LOAD256(p##s + first + f))
#define HYBRID_WORD(s, i) (memcpy(&w##s, p##s + at + (i), 8), c##s = _mm_crc32_u64(c##s, w##s))
#define HYBRID_WORDS(i) (HYBRID_WORD(0, i), HYBRID_WORD(1, i), HYBRID_WORD(2, i), HYBRID_WORD(3, i))

AVX2 static void hybrid_four(const uint8_t *p0, size_t length, uint32_t *out) {
  const size_t rounds = length / 96, second = 32 * rounds, first = length - second;
  const __m256i k256 = k256_of(FOLD_256);
  const __m128i carry = _mm_cvtsi64_si128((long long)fold_k(8 * (uint64_t)second - 96));
  const uint8_t *p1 = p0 + length, *p2 = p0 + 2 * length, *p3 = p0 + 3 * length;
  uint64_t c0 = 0xffffffffu, c1 = 0xffffffffu, c2 = 0xffffffffu, c3 = 0xffffffffu, w0, w1, w2, w3;
  __m256i lo0 = LOAD256(p0 + first), lo1 = LOAD256(p1 + first), lo2 = LOAD256(p2 + first), lo3 = LOAD256(p3 + first);
  size_t at = 0, f = 0;
  for (size_t r = 0; r < rounds; r++, at += 64, f += 32) {
    if (f > 0) {
      HYBRID_FOLD(0);
      HYBRID_FOLD(1);
      HYBRID_FOLD(2);
      HYBRID_FOLD(3);
    }
    HYBRID_WORDS(0), HYBRID_WORDS(8), HYBRID_WORDS(16), HYBRID_WORDS(24);
    HYBRID_WORDS(32), HYBRID_WORDS(40), HYBRID_WORDS(48), HYBRID_WORDS(56);
  }
  out[0] = hybrid_join(p0, first, at, carry, (uint32_t)c0, lo0);
  out[1] = hybrid_join(p1, first, at, carry, (uint32_t)c1, lo1);
  out[2] = hybrid_join(p2, first, at, carry, (uint32_t)c2, lo2);
  out[3] = hybrid_join(p3, first, at, carry, (uint32_t)c3, lo3);
}
