// The physical floor the realtime bench compares Tidings with: a bare `ws` server on the same
// machine, with no auth, no storage and no bus. Sockets join a room by URL (`/ws?room=r1`);
// `POST /rooms/<room>/messages` with a JSON body relays it to every socket of the room — one
// JSON.stringify per message, the same frame shape Tidings writes — and answers 201.
//   PORT=… node scripts/run-ts.mjs scripts/bench/realtime/bare-relay.ts
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
let seq = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/ready') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const room = /^\/rooms\/([^/]+)\/messages$/.exec(req.url ?? '')?.[1];
  if (req.method !== 'POST' || room === undefined) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown };
    const frame = JSON.stringify({
      type: 'messaging.message.sent',
      seq: ++seq,
      data: { conversationId: room, text: body.text },
    });
    for (const socket of rooms.get(room) ?? []) socket.send(frame);
    res.writeHead(201, { 'content-type': 'application/json' }).end(`{"seq":${seq}}`);
  });
});

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
wss.on('connection', (socket, req) => {
  const room = new URL(req.url ?? '/', 'http://relay').searchParams.get('room');
  if (room !== null) {
    const members = rooms.get(room) ?? new Set();
    rooms.set(room, members.add(socket));
    socket.once('close', () => members.delete(socket));
  }
  socket.send('{"type":"ready","seq":0,"data":{}}'); // as Tidings' sign-in ends
});

server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1');
process.once('SIGTERM', () => {
  for (const socket of wss.clients) socket.terminate();
  server.close(() => process.exit(0));
});
