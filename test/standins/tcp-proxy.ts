// A loopback TCP proxy with an HTTP control port, for failure tests: POST /stop closes the listener and every open
// connection (the server "went away": connections are refused), POST /hang keeps accepting but never forwards (a
// server that stopped answering: the client times out), POST /resume forwards again after /hang (a stopped proxy stays stopped).
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';

export async function startTcpProxy(target: URL): Promise<{ url: string; controlUrl: string; close(): Promise<void> }> {
  let mode: 'forward' | 'hang' | 'stopped' = 'forward';
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const port = await new Promise<number>((resolve) => {
    const s = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      if (mode === 'hang') return; // accepted, never answered
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    server = s;
  });
  const control = createHttpServer((req, res) => {
    const action = req.url?.slice(1);
    if (req.method === 'POST' && (action === 'stop' || action === 'hang' || action === 'resume')) {
      mode = action === 'stop' ? 'stopped' : action === 'hang' ? 'hang' : 'forward';
      if (mode !== 'forward') for (const s of sockets) s.destroy();
      if (mode === 'stopped') server?.close();
      res.end(mode);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  const controlPort = await new Promise<number>((resolve) => control.listen(0, '127.0.0.1', () => resolve((control.address() as { port: number }).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r()));
      await new Promise<void>((r) => control.close(() => r()));
    },
  };
}
