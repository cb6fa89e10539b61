/*
 * sha256: a sha256 whose state can leave the process. node:crypto cannot export a hash's state,
 * so a multipart upload to S3 could resume only in the process that received its first parts
 * (S3 cannot read back the parts of an unfinished upload). At each part boundary the S3 store
 * saves this state (the eight 32-bit words of the intermediate hash and the byte count, a
 * multiple of the 64-byte block) with the upload's progress in the database; a restarted server
 * continues from it. It uses the OpenSSL inside Node, at node:crypto's speed. Built at install by
 * scripts/build-native.mjs; without it, such a file starts again from 0. See
 * docs/adr/0012-native-helpers.md.
 */
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdint.h>
#include <string.h>
#include <node_api.h>
#include <openssl/sha.h>

#define BLOCK 64

static int context_of(napi_env env, napi_value value, SHA256_CTX **context) {
  void *data = NULL;
  size_t length = 0;
  bool is_buffer = false;
  if (napi_is_buffer(env, value, &is_buffer) != napi_ok || !is_buffer ||
      napi_get_buffer_info(env, value, &data, &length) != napi_ok || length != sizeof(SHA256_CTX)) {
    napi_throw_type_error(env, NULL, "not a sha256 context");
    return 0;
  }
  *context = data;
  return 1;
}

static napi_value new_context(napi_env env, SHA256_CTX **context) {
  napi_value buffer;
  void *data = NULL;
  if (napi_create_buffer(env, sizeof(SHA256_CTX), &data, &buffer) != napi_ok) {
    napi_throw_error(env, NULL, "sha256: cannot allocate a context");
    return NULL;
  }
  memset(data, 0, sizeof(SHA256_CTX));
  *context = data;
  SHA256_Init(*context);
  return buffer;
}

/* create() -> a context (a Buffer); copy it with Buffer.from(context). */
static napi_value create(napi_env env, napi_callback_info info) {
  SHA256_CTX *context;
  (void)info;
  return new_context(env, &context);
}

/* update(context, bytes) */
static napi_value update(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  SHA256_CTX *context;
  void *data = NULL;
  size_t length = 0;
  napi_typedarray_type type;
  napi_value arraybuffer;
  size_t offset = 0;
  bool is_typedarray = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2) {
    napi_throw_type_error(env, NULL, "update(context, bytes)");
    return NULL;
  }
  if (!context_of(env, argv[0], &context)) return NULL;
  if (napi_is_typedarray(env, argv[1], &is_typedarray) != napi_ok || !is_typedarray ||
      napi_get_typedarray_info(env, argv[1], &type, &length, &data, &arraybuffer, &offset) != napi_ok ||
      type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "update: bytes must be a Uint8Array");
    return NULL;
  }
  SHA256_Update(context, data, length);
  return NULL;
}

/* digest(context) -> 32 bytes; the context is spent. */
static napi_value digest(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  SHA256_CTX *context;
  napi_value result;
  void *out = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1) {
    napi_throw_type_error(env, NULL, "digest(context)");
    return NULL;
  }
  if (!context_of(env, argv[0], &context)) return NULL;
  if (napi_create_buffer(env, SHA256_DIGEST_LENGTH, &out, &result) != napi_ok) return NULL;
  SHA256_Final(out, context);
  return result;
}

/* exportState(context) -> 32 bytes (the intermediate hash, big-endian words), or null off a block boundary. */
static napi_value export_state(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  SHA256_CTX *context;
  napi_value result;
  unsigned char *out = NULL;
  int i;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1) {
    napi_throw_type_error(env, NULL, "exportState(context)");
    return NULL;
  }
  if (!context_of(env, argv[0], &context)) return NULL;
  if (context->num != 0) {
    napi_get_null(env, &result);
    return result;
  }
  if (napi_create_buffer(env, 32, (void **)&out, &result) != napi_ok) return NULL;
  for (i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(context->h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(context->h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(context->h[i] >> 8);
    out[4 * i + 3] = (unsigned char)context->h[i];
  }
  return result;
}

/* importState(state, bytes) -> a context after `bytes` bytes (a multiple of 64) whose intermediate hash is `state`. */
static napi_value import_state(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  SHA256_CTX *context;
  napi_value buffer;
  unsigned char *state = NULL;
  size_t state_length = 0;
  bool is_buffer = false;
  int64_t bytes = -1;
  uint64_t bits;
  int i;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      napi_is_buffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_buffer_info(env, argv[0], (void **)&state, &state_length) != napi_ok || state_length != 32 ||
      napi_get_value_int64(env, argv[1], &bytes) != napi_ok || bytes < 0 || bytes % BLOCK != 0) {
    napi_throw_type_error(env, NULL, "importState(32 bytes, a byte count that is a multiple of 64)");
    return NULL;
  }
  buffer = new_context(env, &context);
  if (buffer == NULL) return NULL;
  for (i = 0; i < 8; i++) {
    context->h[i] = ((SHA_LONG)state[4 * i] << 24) | ((SHA_LONG)state[4 * i + 1] << 16) |
                    ((SHA_LONG)state[4 * i + 2] << 8) | (SHA_LONG)state[4 * i + 3];
  }
  bits = (uint64_t)bytes * 8;
  context->Nl = (SHA_LONG)(bits & 0xffffffffu);
  context->Nh = (SHA_LONG)(bits >> 32);
  context->num = 0;
  return buffer;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
      {"create", NULL, create, NULL, NULL, NULL, napi_default, NULL},
      {"update", NULL, update, NULL, NULL, NULL, napi_default, NULL},
      {"digest", NULL, digest, NULL, NULL, NULL, napi_default, NULL},
      {"exportState", NULL, export_state, NULL, NULL, NULL, napi_default, NULL},
      {"importState", NULL, import_state, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
