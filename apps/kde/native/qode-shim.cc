// The three symbols nodegui's addon takes from qode (its modified node executable), defined for
// plain node. build-addon.mjs compiles this with `g++ -c -fPIC` and links it into the addon
// through LDFLAGS; without it the addon fails to load with an undefined symbol.
#include <cstdio>
#include <cstring>

namespace qode {

// QApplication keeps references to both for its whole life, so they are globals. Qt takes its
// application name from argv[0] (the name AT-SPI, the window manager's WM_CLASS and QSettings
// see), so argv[0] is the name this process goes by: node's process.title, which sets it
// through prctl(PR_SET_NAME), when it was set before nodegui was imported; else "node".
// One argument only: node's own arguments are not for Qt, which would take -style, -platform…
static char name[16] = "node";
static char *arguments[] = {name, nullptr};
int qode_argc = 1;
char **qode_argv = arguments;

// qode would run Qt's loop in place of libuv's; on plain node the app pumps Qt's events from a
// timer instead (apps/kde/src/event-pump.ts), so the loop offered here is never run.
typedef int (*QodeCustomRunLoopFunc)();
void InjectCustomRunLoop(QodeCustomRunLoopFunc) {}

// Runs when node loads the addon, before the addon's own init creates the QApplication.
__attribute__((constructor)) static void take_process_name() {
    FILE *comm = std::fopen("/proc/self/comm", "r");
    if (comm == nullptr) return;
    char line[sizeof name] = {0};
    if (std::fgets(line, sizeof line, comm) != nullptr) {
        line[std::strcspn(line, "\n")] = '\0';
        if (line[0] != '\0') std::memcpy(name, line, sizeof name);
    }
    std::fclose(comm);
}

}  // namespace qode
