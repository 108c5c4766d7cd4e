/* Stand-ins for the native backend's intrinsics (library "zolt" of
 * server/src/backend/runtime/runtime.zolt), so that the runtime's own functions run in the
 * interpreter: runtime.test.ts builds this as libzolt.so and runs `zolt sim` with it on
 * LD_LIBRARY_PATH. stdout and stderr are C's real ones; argc/argv and the stack and its tables
 * are what the test program sets (zolt_test_set_args, zolt_test_set_stack), since the
 * interpreter's frames are not native ones. */

#include <stdint.h>
#include <stdio.h>

void *zolt_stdout(void) { return stdout; }
void *zolt_stderr(void) { return stderr; }

static int64_t test_argc;
static char **test_argv;

int64_t zolt_argc(void) { return test_argc; }
char **zolt_argv(void) { return test_argv; }

void zolt_test_set_args(int64_t argc, char **argv) {
    test_argc = argc;
    test_argv = argv;
}

static void *test_frame, *test_sites, *test_locations, *test_functions;
static int64_t test_site_count;

void *zolt_frame(void) { return test_frame; }
void *zolt_call_sites(void) { return test_sites; }
int64_t zolt_call_site_count(void) { return test_site_count; }
void *zolt_locations(void) { return test_locations; }
void *zolt_functions(void) { return test_functions; }

void zolt_test_set_stack(void *frame, void *sites, int64_t count, void *locations, void *functions) {
    test_frame = frame;
    test_sites = sites;
    test_site_count = count;
    test_locations = locations;
    test_functions = functions;
}
