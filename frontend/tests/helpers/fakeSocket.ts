import type { WebSocketLike } from '@/realtime/socket'

/** A scriptable stand-in for the browser WebSocket. */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = []

  static reset(): void {
    FakeWebSocket.instances = []
  }

  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1]
    if (!ws) throw new Error('no socket was opened')
    return ws
  }

  readyState = 0
  sent: unknown[] = []
  closedWith: { code?: number; reason?: string } | null = null
  onopen: ((ev: Event) => void) | null = null
  onmessage: ((ev: MessageEvent) => void) | null = null
  onclose: ((ev: CloseEvent) => void) | null = null
  onerror: ((ev: Event) => void) | null = null

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this)
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open')
    this.sent.push(JSON.parse(data))
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason }
    this.readyState = 3
  }

  // ---- driven by the test --------------------------------------------------

  serverOpen(): void {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  serverSend(frame: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }))
  }

  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean: code === 1000 } as CloseEvent)
  }

  /** Opens and answers identify with ready. */
  accept(ready: Record<string, unknown> = {}): void {
    this.serverOpen()
    this.serverSend({ op: 'ready', user: { id: 'u1' }, ...ready })
  }

  sentOps(): string[] {
    return this.sent.map((f) => (f as { op: string }).op)
  }
}
