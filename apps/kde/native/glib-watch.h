// What glib-watch.c and its test hooks (glib-watch-testing.c) share.
#pragma once
#include <node_api.h>

// Add `testing` to the addon's exports: plain GLib sources on the default context, to prove the
// watch without Qt (apps/kde/test/glib-watch.test.ts).
void register_testing(napi_env env, napi_value exports);
