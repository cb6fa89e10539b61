/*
 * crc32c: CRC-32C (Castagnoli, the checksum of iSCSI, ext4 metadata, Btrfs and Google Cloud
 * Storage objects) of stored content, cut into fixed segments. Verified serving checks every
 * byte it sends against the segment checksums recorded when the file was last read whole and
 * matched its manifest's sha256 (docs/adr/0026-segment-checksums.md). sha256 runs at about
 * 1.2 GB/s on one core here, less than the server sends a file; the CPU's crc32 instruction on
 * four segments at once runs at several times that, and carry-less multiplication (folding,
 * crc32c-fold.h) where the CPU has it faster still. Without SSE 4.2 (or off x86-64) a table is
 * used: the same values, slower. Built at install by scripts/build-native.mjs; without it, the
 * server checks downloads with sha256 as before. See docs/adr/0012-native-helpers.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <node_api.h>

/* The reflected Castagnoli polynomial. */
#define POLY 0x82f63b78u

static uint32_t table[8][256];

static void init_table(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
    table[0][n] = c;
  }
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = table[0][n];
    for (int k = 1; k < 8; k++) {
      c = table[0][c & 0xff] ^ (c >> 8);
      table[k][n] = c;
    }
  }
}

/* The raw register update (no inversion), eight bytes at a time through the tables. */
static uint32_t soft_update(uint32_t crc, const uint8_t *p, size_t n) {
  while (n > 0 && ((uintptr_t)p & 7) != 0) {
    crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    n--;
  }
  while (n >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    word ^= crc; /* little-endian: the low four bytes meet the register */
    crc = table[7][word & 0xff] ^ table[6][(word >> 8) & 0xff] ^ table[5][(word >> 16) & 0xff] ^
          table[4][(word >> 24) & 0xff] ^ table[3][(word >> 32) & 0xff] ^ table[2][(word >> 40) & 0xff] ^
          table[1][(word >> 48) & 0xff] ^ table[0][word >> 56];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

/*
 * The ways this file computes a CRC, slowest first: `best` is the fastest this CPU runs, `level`
 * the one in use (the best, unless a test chose a slower one to check it).
 */
enum { LEVEL_TABLE, LEVEL_SSE42, LEVEL_AVX2_FOLD, LEVEL_AVX512_FOLD, LEVELS };
static const char *const level_names[LEVELS] = {"table", "sse4.2", "avx2-vpclmulqdq", "avx512-vpclmulqdq"};
static int best = LEVEL_TABLE, level = LEVEL_TABLE;

/* The way in use: read on libuv's pool threads (readSegments) while a test may change it. */
static inline int current_level(void) {
  return __atomic_load_n(&level, __ATOMIC_RELAXED);
}

#if defined(__x86_64__)
#include <nmmintrin.h>

__attribute__((target("sse4.2"))) static uint32_t hard_update(uint32_t crc, const uint8_t *p, size_t n) {
  uint64_t c = crc;
  while (n > 0 && ((uintptr_t)p & 7) != 0) {
    c = _mm_crc32_u8((uint32_t)c, *p++);
    n--;
  }
  while (n >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = _mm_crc32_u8((uint32_t)c, *p++);
  return (uint32_t)c;
}

/*
 * Four segments of the same length side by side: the instruction takes three cycles to give its
 * result but starts a new one every cycle, so four independent registers keep it busy.
 */
__attribute__((target("sse4.2"))) static void hard_four(const uint8_t *p, size_t length, uint32_t *out) {
  uint64_t c0 = 0xffffffffu, c1 = 0xffffffffu, c2 = 0xffffffffu, c3 = 0xffffffffu;
  const uint8_t *p1 = p + length, *p2 = p + 2 * length, *p3 = p + 3 * length;
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t w0, w1, w2, w3;
    memcpy(&w0, p + i, 8);
    memcpy(&w1, p1 + i, 8);
    memcpy(&w2, p2 + i, 8);
    memcpy(&w3, p3 + i, 8);
    c0 = _mm_crc32_u64(c0, w0);
    c1 = _mm_crc32_u64(c1, w1);
    c2 = _mm_crc32_u64(c2, w2);
    c3 = _mm_crc32_u64(c3, w3);
  }
  out[0] = ~hard_update((uint32_t)c0, p + i, length - i);
  out[1] = ~hard_update((uint32_t)c1, p1 + i, length - i);
  out[2] = ~hard_update((uint32_t)c2, p2 + i, length - i);
  out[3] = ~hard_update((uint32_t)c3, p3 + i, length - i);
}

#include "crc32c-fold.h"
#endif

static uint32_t update(uint32_t crc, const uint8_t *p, size_t n) {
#if defined(__x86_64__)
  const int way = current_level();
  if (way == LEVEL_AVX512_FOLD && n >= 256) return wide_update(crc, p, n);
  if (way == LEVEL_AVX2_FOLD && n >= 256) return wide_update_avx2(crc, p, n);
  if (way >= LEVEL_SSE42) return hard_update(crc, p, n);
#endif
  return soft_update(crc, p, n);
}

/* The checksum of `n` bytes continuing from `previous` (the checksum of what came before; 0 to start). */
static uint32_t crc32c(uint32_t previous, const uint8_t *p, size_t n) {
  return ~update(~previous, p, n);
}

/* The checksums of consecutive segments of p[0..length) into out; returns how many. */
static size_t segments_of(const uint8_t *p, size_t length, size_t segment, uint32_t *out) {
  size_t count = (length + segment - 1) / segment, i = 0;
#if defined(__x86_64__)
  const int way = current_level();
  if (way == LEVEL_SSE42) {
    for (; (i + 4) * segment <= length; i += 4) hard_four(p + i * segment, segment, out + i);
  } else if (way == LEVEL_AVX2_FOLD && segment >= 96) {
    for (; (i + 4) * segment <= length; i += 4) hybrid_four(p + i * segment, segment, out + i);
  }
#endif
  for (; i < count; i++) {
    size_t start = i * segment;
    size_t n = length - start < segment ? length - start : segment;
    out[i] = crc32c(0, p + start, n);
  }
  return count;
}

static int bytes_of(napi_env env, napi_value value, const uint8_t **data, size_t *length) {
  napi_typedarray_type type;
  napi_value arraybuffer;
  size_t offset = 0;
  bool is_typedarray = false;
  void *raw = NULL;
  if (napi_is_typedarray(env, value, &is_typedarray) != napi_ok || !is_typedarray ||
      napi_get_typedarray_info(env, value, &type, length, &raw, &arraybuffer, &offset) != napi_ok ||
      type != napi_uint8_array) {
    return 0;
  }
  *data = raw;
  return 1;
}

/* crc32c(bytes, previous) -> the checksum of bytes after those whose checksum is `previous` (0: none). */
static napi_value js_crc32c(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  const uint8_t *data = NULL;
  size_t length = 0;
  uint32_t previous = 0;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      !bytes_of(env, argv[0], &data, &length) || napi_get_value_uint32(env, argv[1], &previous) != napi_ok) {
    napi_throw_type_error(env, NULL, "crc32c(bytes: Uint8Array, previous: number)");
    return NULL;
  }
  napi_create_uint32(env, crc32c(previous, data, length), &result);
  return result;
}

/*
 * segments(bytes, segmentSize, out: Uint32Array) -> count: the checksum of each consecutive
 * segmentSize piece of bytes (the last may be shorter) into out[0..count).
 */
static napi_value js_segments(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  const uint8_t *data = NULL;
  size_t length = 0, out_length = 0, offset = 0, count;
  uint32_t segment = 0;
  napi_typedarray_type type;
  napi_value arraybuffer, result;
  bool is_typedarray = false;
  void *out_raw = NULL;
  uint32_t *out;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3 ||
      !bytes_of(env, argv[0], &data, &length) || napi_get_value_uint32(env, argv[1], &segment) != napi_ok ||
      segment == 0 || napi_is_typedarray(env, argv[2], &is_typedarray) != napi_ok || !is_typedarray ||
      napi_get_typedarray_info(env, argv[2], &type, &out_length, &out_raw, &arraybuffer, &offset) != napi_ok ||
      type != napi_uint32_array) {
    napi_throw_type_error(env, NULL, "segments(bytes: Uint8Array, segmentSize: number > 0, out: Uint32Array)");
    return NULL;
  }
  out = out_raw;
  count = (length + segment - 1) / segment;
  if (count > out_length) {
    napi_throw_range_error(env, NULL, "segments: out is too short for the segments of bytes");
    return NULL;
  }
  segments_of(data, length, segment, out);
  napi_create_uint32(env, (uint32_t)count, &result);
  return result;
}

typedef struct {
  int fd;
  uint8_t *buffer;
  size_t length;
  int64_t position;
  size_t segment;
  uint32_t *out;
  ssize_t result;
  int error;
  napi_ref buffer_ref;
  napi_ref out_ref;
  napi_deferred deferred;
  napi_async_work work;
} read_request;

/*
 * On libuv's thread pool: one pread, then the checksums of what it read, while those bytes are
 * still in this core's cache (the event loop's thread only sends them).
 */
static void read_execute(napi_env env, void *data) {
  read_request *request = data;
  (void)env;
  do {
    request->result = pread(request->fd, request->buffer, request->length, (off_t)request->position);
  } while (request->result < 0 && errno == EINTR);
  if (request->result < 0) {
    request->error = errno;
    return;
  }
  segments_of(request->buffer, (size_t)request->result, request->segment, request->out);
}

static void read_complete(napi_env env, napi_status status, void *data) {
  read_request *request = data;
  napi_value result;
  if (status != napi_ok || request->error != 0) {
    napi_value message, error;
    napi_create_string_utf8(env, status != napi_ok ? "readSegments: cancelled" : strerror(request->error),
                            NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, request->deferred, error);
  } else {
    napi_create_int64(env, request->result, &result);
    napi_resolve_deferred(env, request->deferred, result);
  }
  napi_delete_reference(env, request->buffer_ref);
  napi_delete_reference(env, request->out_ref);
  napi_delete_async_work(env, request->work);
  free(request);
}

/*
 * readSegments(fd, buffer, length, position, segmentSize, out) -> Promise<bytes read>: reads up to
 * length bytes at position into buffer, and the checksum of each segmentSize piece of what it read
 * (the last may be shorter) into out, which must hold ceil(length / segmentSize) values.
 */
static napi_value js_read_segments(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  int32_t fd = -1;
  int64_t length = -1, position = -1;
  uint32_t segment = 0;
  const uint8_t *data = NULL;
  size_t buffer_length = 0, out_length = 0, offset = 0;
  napi_typedarray_type type;
  napi_value arraybuffer, promise, name;
  bool is_typedarray = false;
  void *out_raw = NULL;
  read_request *request;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0 || !bytes_of(env, argv[1], &data, &buffer_length) ||
      napi_get_value_int64(env, argv[2], &length) != napi_ok || length < 0 || (size_t)length > buffer_length ||
      napi_get_value_int64(env, argv[3], &position) != napi_ok || position < 0 ||
      napi_get_value_uint32(env, argv[4], &segment) != napi_ok || segment == 0 ||
      napi_is_typedarray(env, argv[5], &is_typedarray) != napi_ok || !is_typedarray ||
      napi_get_typedarray_info(env, argv[5], &type, &out_length, &out_raw, &arraybuffer, &offset) != napi_ok ||
      type != napi_uint32_array || out_length < ((size_t)length + segment - 1) / segment) {
    napi_throw_type_error(env, NULL,
                          "readSegments(fd, buffer, length <= buffer.length, position, segmentSize > 0, "
                          "out: Uint32Array of ceil(length / segmentSize))");
    return NULL;
  }
  request = calloc(1, sizeof *request);
  if (request == NULL) {
    napi_throw_error(env, NULL, "readSegments: out of memory");
    return NULL;
  }
  request->fd = fd;
  request->buffer = (uint8_t *)data;
  request->length = (size_t)length;
  request->position = position;
  request->segment = segment;
  request->out = out_raw;
  if (napi_create_reference(env, argv[1], 1, &request->buffer_ref) != napi_ok ||
      napi_create_reference(env, argv[5], 1, &request->out_ref) != napi_ok ||
      napi_create_promise(env, &request->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "modelreg:readSegments", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, read_execute, read_complete, request, &request->work) != napi_ok ||
      napi_queue_async_work(env, request->work) != napi_ok) {
    free(request);
    napi_throw_error(env, NULL, "readSegments: cannot queue the read");
    return NULL;
  }
  return promise;
}

/* implementation -> the name of the way in use, e.g. 'sse4.2' (what the start-up log says). */
static napi_value js_implementation(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  napi_create_string_utf8(env, level_names[current_level()], NAPI_AUTO_LENGTH, &result);
  return result;
}

/* implementations -> the names of the ways this CPU runs, slowest first. */
static napi_value js_implementations(napi_env env, napi_callback_info info) {
  napi_value result, name;
  (void)info;
  napi_create_array_with_length(env, (size_t)best + 1, &result);
  for (int i = 0; i <= best; i++) {
    napi_create_string_utf8(env, level_names[i], NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, result, (uint32_t)i, name);
  }
  return result;
}

/* use(name): computes with that way from now on (tests check each way this CPU runs). */
static napi_value js_use(napi_env env, napi_callback_info info) {
  size_t argc = 1, length = 0;
  napi_value argv[1];
  char name[32];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1 &&
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &length) == napi_ok) {
    for (int i = 0; i <= best; i++) {
      if (strcmp(name, level_names[i]) == 0) {
        __atomic_store_n(&level, i, __ATOMIC_RELAXED);
        return NULL;
      }
    }
  }
  napi_throw_range_error(env, NULL, "use(name): not one of implementations()");
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
      {"crc32c", NULL, js_crc32c, NULL, NULL, NULL, napi_default, NULL},
      {"segments", NULL, js_segments, NULL, NULL, NULL, napi_default, NULL},
      {"readSegments", NULL, js_read_segments, NULL, NULL, NULL, napi_default, NULL},
      {"implementation", NULL, js_implementation, NULL, NULL, NULL, napi_default, NULL},
      {"implementations", NULL, js_implementations, NULL, NULL, NULL, napi_default, NULL},
      {"use", NULL, js_use, NULL, NULL, NULL, napi_default, NULL},
  };
  init_table();
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.2")) best = LEVEL_SSE42;
  if (best == LEVEL_SSE42 && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("vpclmulqdq")) {
    if (__builtin_cpu_supports("avx2")) best = LEVEL_AVX2_FOLD;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) best = LEVEL_AVX512_FOLD;
  }
  level = best;
  init_fold();
#endif
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
