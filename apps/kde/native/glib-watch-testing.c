// Test hooks of glib-watch: plain GLib sources on the default main context, and one iteration of
// it, so a test can prove that the watch turns exactly when GLib has work, with no Qt loaded.
// JS: testing.addTimeout(ms), testing.addIdle(): add a one-shot source; testing.iterate(): one
// non-blocking g_main_context_iteration (what Qt's processEvents does), true when it dispatched;
// testing.dispatched(): how many of those sources have run so far.
#define NAPI_VERSION 8
#include <glib.h>
#include <node_api.h>

#include "glib-watch.h"

static double dispatched;

static gboolean on_source(gpointer data) {
  (void)data;
  dispatched += 1;
  return G_SOURCE_REMOVE;
}

static napi_value add_timeout(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  double ms = 0;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  if (argc < 1 || napi_get_value_double(env, arg, &ms) != napi_ok || ms < 0) {
    napi_throw_type_error(env, NULL, "glib-watch testing: addTimeout(ms) takes milliseconds ≥ 0");
    return NULL;
  }
  g_timeout_add((guint)ms, on_source, NULL);
  return NULL;
}

static napi_value add_idle(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  g_idle_add(on_source, NULL);
  return NULL;
}

static napi_value iterate(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_get_boolean(env, g_main_context_iteration(NULL, FALSE), &result);
  return result;
}

static napi_value get_dispatched(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_double(env, dispatched, &result);
  return result;
}

void register_testing(napi_env env, napi_value exports) {
  napi_value testing;
  napi_property_descriptor functions[] = {
      {"addTimeout", NULL, add_timeout, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addIdle", NULL, add_idle, NULL, NULL, NULL, napi_enumerable, NULL},
      {"iterate", NULL, iterate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dispatched", NULL, get_dispatched, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_create_object(env, &testing);
  napi_define_properties(env, testing, sizeof functions / sizeof functions[0], functions);
  napi_set_named_property(env, exports, "testing", testing);
}
