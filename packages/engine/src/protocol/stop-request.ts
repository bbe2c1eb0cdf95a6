// The one thing a front end writes to a running engine: this line on its stdin asks it to stop,
// as SIGTERM does. Under pkexec the engine runs as root, and the window that started it may not
// signal it; the pipe it holds is its own.
export const stopRequest = 'stop';
