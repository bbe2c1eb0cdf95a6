// glib-watch: turns Qt's event loop from node's only when Qt has work.
//
// On plain node nothing runs Qt's loop (qode would); the window calls processEvents() itself.
// Debian's Qt runs the main thread's event dispatcher on GLib, on g_main_context_default(): its
// posted events (and with them the X connection's reader thread and QtDBus's thread, which wake
// the main thread by posting), socket notifiers and timers are all sources of that context. So
// instead of turning on a timer, this asks the context what it waits for (prepare and query: the
// fds to poll and the time until the next timer), watches exactly that from libuv (a uv_poll per
// fd, a uv_timer for the timeout), and when one of them fires calls a JS function, which turns
// Qt once. It asks again before every time node's loop waits (a uv_prepare handle, libuv's twin
// of GLib's prepare step): JS that ran since (a node timer, a child's output) may have changed
// Qt's timers or sources without waking anything, as code inside a GLib loop may. An idle window
// costs no wake-ups at all.
//
// JS: watch(turn, rethrow) returns { stop(), turns }; turn is called through napi_make_callback
// (a callback scope: promises and process.nextTick run after it, as after any node callback),
// and what it throws goes to rethrow.
// While it runs its handles keep node alive, as the timer it replaces did; stop() closes them.
// The test hooks (glib-watch-testing.c) add plain GLib sources to drive it without Qt.
#define NAPI_VERSION 8
#include <glib.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>
#include <uv.h>

#include "glib-watch.h"

typedef struct Watch Watch;

// One watched fd. Kept from turn to turn (an fd GLib asks for again reuses its handle), closed
// when GLib no longer asks for it: libuv refuses a second handle on one fd.
typedef struct {
  uv_poll_t handle;
  Watch *watch;
  int fd;
  int events;   // what this query asked of it, in libuv's terms
  bool wanted;  // in the latest query
} FdWatch;

struct Watch {
  napi_env env;
  napi_ref turn;    // the JS function
  napi_ref rethrow; // the JS function that throws what `turn` threw from node's own loop
  napi_ref self;    // the JS object: the callback's resource, held while running
  napi_async_context async_context;
  uv_loop_t *loop;
  uv_timer_t timer;
  uv_prepare_t prepare;
  FdWatch **fds;
  size_t fd_count, fd_capacity;
  GPollFD *poll_fds;
  int poll_capacity;
  double turns;
  int open_handles;   // handles not yet through their close callback
  bool stopped;
  bool turned;        // since the last query: a second fd ready in the same poll adds nothing
  bool in_turn;       // the JS function is on the stack: do not free
  bool object_gone;   // the JS object was finalized
  napi_async_cleanup_hook_handle cleanup;  // closes the handles when node's environment ends
};

static void arm(Watch *watch);
static void close_handles(Watch *watch);

static void maybe_free(Watch *watch) {
  if (!watch->stopped || watch->in_turn || watch->open_handles > 0 || !watch->object_gone) return;
  free(watch->fds);
  g_free(watch->poll_fds);
  free(watch);
}

static void on_closed(uv_handle_t *handle) {
  Watch *watch = handle->data;
  bool own = handle == (uv_handle_t *)&watch->timer || handle == (uv_handle_t *)&watch->prepare;
  if (!own) free(handle);  // an FdWatch (its uv_poll_t is first)
  watch->open_handles -= 1;
  if (watch->open_handles == 0 && watch->cleanup != NULL) {
    // node's environment is ending (see on_environment_cleanup): it may go on now.
    napi_async_cleanup_hook_handle cleanup = watch->cleanup;
    watch->cleanup = NULL;
    napi_remove_async_cleanup_hook(cleanup);
  }
  maybe_free(watch);
}

// Qt has work: turn it once (the JS function). The next prepare step asks GLib again.
static void turn(Watch *watch) {
  if (watch->turned || watch->stopped) return;
  watch->turned = true;
  uv_timer_stop(&watch->timer);
  watch->turns += 1;
  watch->in_turn = true;
  napi_env env = watch->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value function, resource, result;
  napi_get_reference_value(env, watch->turn, &function);
  napi_get_reference_value(env, watch->self, &resource);
  napi_status status = napi_make_callback(env, watch->async_context, resource, function, 0, NULL, &result);
  if (status == napi_pending_exception) {
    // What the turn (or a promise job after it) threw: Node-API holds it here, outside any JS.
    // Hand it to JS, which throws it again from node's own loop, where node reports it as
    // uncaught (and a process 'uncaughtException' handler sees it), as from any timer.
    napi_value error, rethrow;
    napi_get_and_clear_last_exception(env, &error);
    napi_get_reference_value(env, watch->rethrow, &rethrow);
    if (napi_make_callback(env, watch->async_context, resource, rethrow, 1, &error, &result) == napi_pending_exception) {
      napi_get_and_clear_last_exception(env, &error);  // rethrow only schedules a throw: cannot happen
    }
  }
  napi_close_handle_scope(env, scope);
  watch->in_turn = false;
  maybe_free(watch);
}

static void on_timer(uv_timer_t *timer) { turn(timer->data); }

static void on_prepare(uv_prepare_t *prepare) { arm(prepare->data); }

static void on_fd(uv_poll_t *handle, int status, int events) {
  (void)status;  // an error (the fd went bad) is work for GLib too: it drops or reports it
  (void)events;
  turn(((FdWatch *)handle)->watch);
}

static int uv_events(gushort glib_events) {
  int events = 0;
  if (glib_events & G_IO_IN) events |= UV_READABLE;
  if (glib_events & G_IO_OUT) events |= UV_WRITABLE;
  if (glib_events & G_IO_PRI) events |= UV_PRIORITIZED;
  return events;
}

static FdWatch *find_fd(Watch *watch, int fd) {
  for (size_t i = 0; i < watch->fd_count; i++)
    if (watch->fds[i]->fd == fd) return watch->fds[i];
  return NULL;
}

// Watch `fd` for `events` (added to what this query already asked of it): GLib lists an fd once
// a source, and two sources may poll the same fd.
static bool watch_fd(Watch *watch, int fd, int events) {
  FdWatch *entry = find_fd(watch, fd);
  if (entry == NULL) {
    if (watch->fd_count == watch->fd_capacity) {
      size_t capacity = watch->fd_capacity ? watch->fd_capacity * 2 : 8;
      FdWatch **grown = realloc(watch->fds, capacity * sizeof *grown);
      if (grown == NULL) return false;
      watch->fds = grown;
      watch->fd_capacity = capacity;
    }
    entry = calloc(1, sizeof *entry);
    if (entry == NULL) return false;
    // Note: libuv makes the fd non-blocking; GLib's wake-up eventfd and Qt's notifier sockets are.
    if (uv_poll_init(watch->loop, &entry->handle, fd) != 0) {
      free(entry);
      return false;
    }
    entry->handle.data = watch;
    entry->watch = watch;
    entry->fd = fd;
    watch->open_handles += 1;
    watch->fds[watch->fd_count++] = entry;
  } else if (entry->wanted) {
    events |= entry->events;
  }
  entry->wanted = true;
  // Asked the same as last time: leave it (starting a poll again costs epoll calls).
  if (uv_is_active((uv_handle_t *)&entry->handle) && entry->events == events) return true;
  entry->events = events;
  return uv_poll_start(&entry->handle, events, on_fd) == 0;
}

// Close the handles of fds GLib no longer asks for.
static void drop_unwanted(Watch *watch) {
  size_t kept = 0;
  for (size_t i = 0; i < watch->fd_count; i++) {
    FdWatch *entry = watch->fds[i];
    if (entry->wanted) {
      watch->fds[kept++] = entry;
    } else {
      uv_close((uv_handle_t *)&entry->handle, on_closed);
    }
  }
  watch->fd_count = kept;
}

// Ask the default context what it waits for, and watch that. When the context cannot be had (a
// thread of someone else's holds it) or an fd cannot be watched, look again at 16 ms: slower
// for that while, never stuck.
static void arm(Watch *watch) {
  if (watch->stopped) return;
  watch->turned = false;
  GMainContext *context = g_main_context_default();
  int timeout = 16;
  for (size_t i = 0; i < watch->fd_count; i++) watch->fds[i]->wanted = false;
  if (g_main_context_acquire(context)) {
    gint max_priority;
    if (g_main_context_prepare(context, &max_priority)) {
      timeout = 0;  // a source is ready now: turn in this loop iteration
    } else {
      int count;
      while ((count = g_main_context_query(context, max_priority, &timeout, watch->poll_fds, watch->poll_capacity)) > watch->poll_capacity) {
        watch->poll_capacity = count;
        watch->poll_fds = g_renew(GPollFD, watch->poll_fds, count);
      }
      for (int i = 0; i < count; i++) {
        if (!watch_fd(watch, watch->poll_fds[i].fd, uv_events(watch->poll_fds[i].events)) && (timeout < 0 || timeout > 16)) timeout = 16;
      }
    }
    g_main_context_release(context);
  }
  drop_unwanted(watch);
  uv_timer_stop(&watch->timer);
  if (timeout >= 0) {
    // From now, not from when this loop iteration began: a timer must not fire before Qt's.
    uv_update_time(watch->loop);
    uv_timer_start(&watch->timer, on_timer, (uint64_t)timeout, 0);
  }
}

static void close_handles(Watch *watch) {
  uv_close((uv_handle_t *)&watch->timer, on_closed);
  uv_close((uv_handle_t *)&watch->prepare, on_closed);
  for (size_t i = 0; i < watch->fd_count; i++) uv_close((uv_handle_t *)&watch->fds[i]->handle, on_closed);
  watch->fd_count = 0;
}

static void stop(Watch *watch) {
  if (watch->stopped) return;
  watch->stopped = true;
  close_handles(watch);
  if (watch->cleanup != NULL) {
    napi_remove_async_cleanup_hook(watch->cleanup);
    watch->cleanup = NULL;
  }
  napi_delete_reference(watch->env, watch->turn);
  napi_delete_reference(watch->env, watch->rethrow);
  napi_delete_reference(watch->env, watch->self);
  napi_async_destroy(watch->env, watch->async_context);
}

// node's environment is ending (a worker thread, or the main one without process.exit) with the
// watch running: close its handles, and let node go on once they are (on_closed).
static void on_environment_cleanup(napi_async_cleanup_hook_handle handle, void *data) {
  Watch *watch = data;
  watch->cleanup = handle;
  watch->stopped = true;
  close_handles(watch);
}

static void on_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Watch *watch = data;
  watch->object_gone = true;
  maybe_free(watch);
}

static Watch *unwrap_this(napi_env env, napi_callback_info info) {
  napi_value self;
  void *data = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  if (napi_unwrap(env, self, &data) != napi_ok) napi_throw_type_error(env, NULL, "glib-watch: not a watch");
  return data;
}

static napi_value js_stop(napi_env env, napi_callback_info info) {
  Watch *watch = unwrap_this(env, info);
  if (watch != NULL) stop(watch);
  return NULL;
}

static napi_value js_turns(napi_env env, napi_callback_info info) {
  Watch *watch = unwrap_this(env, info);
  napi_value result = NULL;
  if (watch != NULL) napi_create_double(env, watch->turns, &result);
  return result;
}

// watch(turn, rethrow): start watching; `rethrow(error)` gets what `turn` threw.
static napi_value js_watch(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  napi_valuetype types[2] = {napi_undefined, napi_undefined};
  for (size_t i = 0; i < argc; i++) napi_typeof(env, args[i], &types[i]);
  if (types[0] != napi_function || types[1] != napi_function) {
    napi_throw_type_error(env, NULL, "glib-watch: watch(turn, rethrow) takes two functions");
    return NULL;
  }
  GMainContext *context = g_main_context_default();
  if (!g_main_context_acquire(context)) {
    napi_throw_error(env, NULL, "glib-watch: GLib's default main context belongs to another thread");
    return NULL;
  }
  g_main_context_release(context);

  Watch *watch = calloc(1, sizeof *watch);
  if (watch == NULL) {
    napi_throw_error(env, NULL, "glib-watch: out of memory");
    return NULL;
  }
  watch->env = env;
  napi_get_uv_event_loop(env, &watch->loop);

  napi_value self, name;
  napi_property_descriptor properties[] = {
      {"stop", NULL, js_stop, NULL, NULL, NULL, napi_default, NULL},
      {"turns", NULL, NULL, js_turns, NULL, NULL, napi_default, NULL},
  };
  napi_create_object(env, &self);
  napi_define_properties(env, self, sizeof properties / sizeof properties[0], properties);
  napi_wrap(env, self, watch, on_finalize, NULL, NULL);
  napi_create_reference(env, args[0], 1, &watch->turn);
  napi_create_reference(env, args[1], 1, &watch->rethrow);
  napi_create_reference(env, self, 1, &watch->self);
  napi_create_string_utf8(env, "GlibWatch", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, self, name, &watch->async_context);
  napi_add_async_cleanup_hook(env, on_environment_cleanup, watch, &watch->cleanup);

  uv_timer_init(watch->loop, &watch->timer);
  watch->timer.data = watch;
  uv_prepare_init(watch->loop, &watch->prepare);
  watch->prepare.data = watch;
  watch->open_handles = 2;
  uv_prepare_start(&watch->prepare, on_prepare);
  arm(watch);
  return self;
}

NAPI_MODULE_INIT() {
  napi_value function;
  napi_create_function(env, "watch", NAPI_AUTO_LENGTH, js_watch, NULL, &function);
  napi_set_named_property(env, exports, "watch", function);
  register_testing(env, exports);
  return exports;
}
