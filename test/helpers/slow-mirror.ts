// A mirror behind a slow link: an HTTP server in the test process that serves a folder at a set
// rate, so a download lasts long enough for a test to break the network in the middle of it.
import { open, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SlowMirror {
  /** `http://HOST:PORT/`, the URI of the served folder. */
  url: string;
  /** The rate of every response, in bytes a second; a change applies at once, also to downloads under way. */
  bytesPerSecond: number;
  /** Resolves when the server next starts sending the file at `file` (relative to the folder). */
  startsSending(file: string): Promise<void>;
  /** Bytes of `file` written to the network so far, over every request for it. */
  sent(file: string): number;
  close(): Promise<void>;
}

const chunkBytes = 64 * 1024;

/** Serve `folder` on `host` (any free port) at `bytesPerSecond`. */
export async function startSlowMirror(folder: string, host: string, bytesPerSecond: number): Promise<SlowMirror> {
  const sentBytes = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  const sockets = new Set<Socket>();
  const mirror = {
    url: '',
    bytesPerSecond,
    startsSending: (file: string) => new Promise<void>((resolve) => waiting.set(file, [...(waiting.get(file) ?? []), resolve])),
    sent: (file: string) => sentBytes.get(file) ?? 0,
    close: async () => {
      // A cut link leaves connections that would never end by themselves.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const started = (file: string) => {
    for (const resolve of waiting.get(file) ?? []) resolve();
    waiting.delete(file);
  };
  const server = createServer((request, response) => {
    void serve(folder, request, response, {
      rate: () => mirror.bytesPerSecond,
      started,
      counted: (file, bytes) => sentBytes.set(file, (sentBytes.get(file) ?? 0) + bytes),
    }).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the slow mirror has no TCP address');
  mirror.url = `http://${host}:${address.port}/`;
  return mirror;
}

interface Pacing {
  rate: () => number;
  started: (file: string) => void;
  counted: (file: string, bytes: number) => void;
}

/** Answer one request: the whole file, slowly, or 404 for anything that is not a file under `folder`. */
async function serve(folder: string, request: IncomingMessage, response: ServerResponse, pacing: Pacing): Promise<void> {
  const file = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname).replace(/^\/+/, '');
  const full = path.resolve(folder, file);
  const info = full.startsWith(`${path.resolve(folder)}/`) ? await stat(full).catch(() => undefined) : undefined;
  if (request.method !== 'GET' || info === undefined || !info.isFile()) {
    response.writeHead(404, { 'Content-Length': 0 }).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': info.size, 'Last-Modified': info.mtime.toUTCString() });
  pacing.started(file);
  const handle = await open(full);
  try {
    for (let offset = 0; offset < info.size && !response.destroyed;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(Math.min(chunkBytes, info.size - offset)), 0, undefined, offset);
      offset += bytesRead;
      pacing.counted(file, bytesRead);
      if (!response.write(buffer.subarray(0, bytesRead))) await drainedOrClosed(response);
      await sleep((bytesRead / pacing.rate()) * 1000);
    }
    response.end();
  } finally {
    await handle.close();
  }
}

/** Wait until `response` takes more data, or is gone (the client hung up, or the mirror closed). */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) {
      resolve();
      return;
    }
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
