import { EventEmitter } from 'node:events';

export class ConnectionHandler {
  constructor(private readonly connection: Connection) {}

  onMessage(message: string): void {
    this.connection.send(`echo: ${message}`);
  }
}

// ❌ The connection and its handler hold each other strongly, and the handler is registered on the
// process: every connection ever made stays reachable from `process`.
export class Connection extends EventEmitter {
  private readonly handler: ConnectionHandler;

  constructor(readonly id: string) {
    super();
    this.handler = new ConnectionHandler(this);
    process.on('message', (message) => this.handler.onMessage(String(message)));
  }

  send(text: string): void {
    this.emit('send', text);
  }
}

// ✅ fixed: the handler reaches its connection through a WeakRef, so the connection can be collected
// while the handler is still registered.
export class WeakConnectionHandler {
  constructor(private readonly connection: WeakRef<FixedConnection>) {}

  onMessage(message: string): void {
    this.connection.deref()?.send(`echo: ${message}`);
  }
}

export class FixedConnection extends EventEmitter {
  private readonly handler: WeakConnectionHandler;

  constructor(readonly id: string) {
    super();
    this.handler = new WeakConnectionHandler(new WeakRef(this));
  }

  receive(message: string): void {
    this.handler.onMessage(message);
  }

  send(text: string): void {
    this.emit('send', text);
  }
}
