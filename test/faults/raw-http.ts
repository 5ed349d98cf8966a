// Sends raw bytes to a TCP port and collects the answer (for request-line fuzzing: no HTTP client
// would send a malformed request).
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line, or 0 when the server closed without one */
  status: number;
  text: string;
}

export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const finish = (): void => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    };
    socket.setTimeout(timeoutMs, finish);
    socket.on('data', (d) => {
      chunks.push(d);
      // one complete answer is enough (keep-alive would hold the socket open)
      const t = Buffer.concat(chunks).toString('latin1');
      const head = t.indexOf('\r\n\r\n');
      if (head >= 0 && /^HEAD /.test(bytes.toString('latin1'))) finish();
      else if (head >= 0) {
        const len = /content-length: (\d+)/i.exec(t.slice(0, head));
        if (len && t.length - head - 4 >= Number(len[1])) finish();
        else if (/\r\n0\r\n\r\n$/.test(t)) finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}
