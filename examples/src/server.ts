import { createServer, type Socket } from 'node:net';

// ❌ Every accepted socket stays in this module-level array for the life of the process.
const connections: Socket[] = [];

export const chatServer = createServer((socket) => {
  connections.push(socket);
  socket.on('data', (chunk) => broadcast(chunk, socket));

  // ❌ A new SIGTERM listener on the process for every connection: each one keeps its socket alive.
  process.on('SIGTERM', () => socket.end('server shutting down\n'));

  // ❌ A heartbeat per connection that nobody clears: the interval keeps the socket forever.
  setInterval(() => socket.write('ping\n'), 30_000);
});

function broadcast(chunk: Buffer, from: Socket): void {
  for (const peer of connections) if (peer !== from) peer.write(chunk);
}

// ✅ fixed: the open sockets are tracked in a Set that forgets each one when it closes.
const openSockets = new Set<Socket>();

// ✅ fixed: one process listener, registered once at load, for all open connections.
process.once('SIGTERM', () => {
  for (const socket of openSockets) socket.end('server shutting down\n');
});

export const fixedChatServer = createServer((socket) => {
  openSockets.add(socket);
  socket.on('close', () => openSockets.delete(socket));

  // ✅ fixed: the heartbeat is cleared when its socket closes.
  const heartbeat = setInterval(() => socket.write('ping\n'), 30_000);
  socket.on('close', () => clearInterval(heartbeat));
});
