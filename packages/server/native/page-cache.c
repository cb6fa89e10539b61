/*
 * page-cache: posix_fadvise(POSIX_FADV_DONTNEED) for Node, which has no binding for it.
 *
 * The disk artifact store calls it after each checkpoint's fsync, so the bytes of a large upload
 * leave the page cache once they are durable instead of filling it. The call runs on libuv's
 * thread pool (dropping 32 MiB takes a few milliseconds). Built at install by
 * scripts/build-native.mjs; the server works without it. See docs/adr/0012-native-helpers.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <node_api.h>

typedef struct {
  int fd;
  off_t offset;
  off_t length;
  int result;
  napi_deferred deferred;
  napi_async_work work;
} drop_request;

static void drop_execute(napi_env env, void *data) {
  drop_request *request = data;
  (void)env;
  request->result = posix_fadvise(request->fd, request->offset, request->length, POSIX_FADV_DONTNEED);
}

static void drop_complete(napi_env env, napi_status status, void *data) {
  drop_request *request = data;
  napi_value result;
  napi_create_int32(env, status == napi_ok ? request->result : ECANCELED, &result);
  napi_resolve_deferred(env, request->deferred, result);
  napi_delete_async_work(env, request->work);
  free(request);
}

/* dropPages(fd, offset, length) -> Promise<0 or an errno>; length 0 means to the end of the file. */
static napi_value drop_pages(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t fd = -1;
  int64_t offset = -1;
  int64_t length = -1;
  napi_value promise;
  napi_value name;
  drop_request *request;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_int64(env, argv[1], &offset) != napi_ok ||
      napi_get_value_int64(env, argv[2], &length) != napi_ok || fd < 0 || offset < 0 || length < 0) {
    napi_throw_type_error(env, NULL, "dropPages(fd, offset, length) takes three non-negative integers");
    return NULL;
  }
  request = calloc(1, sizeof *request);
  if (request == NULL) {
    napi_throw_error(env, NULL, "dropPages: out of memory");
    return NULL;
  }
  request->fd = fd;
  request->offset = (off_t)offset;
  request->length = (off_t)length;
  if (napi_create_promise(env, &request->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "modelreg:dropPages", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, drop_execute, drop_complete, request, &request->work) != napi_ok ||
      napi_queue_async_work(env, request->work) != napi_ok) {
    free(request);
    napi_throw_error(env, NULL, "dropPages: cannot queue the call");
    return NULL;
  }
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "dropPages", NAPI_AUTO_LENGTH, drop_pages, NULL, &fn);
  napi_set_named_property(env, exports, "dropPages", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
